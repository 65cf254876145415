"""One form per questionnaire, built from its instrument: for the web page and the JSON API alike."""

import datetime

from django import forms

from checkin.core.forms import answer_day, one_message
from checkin.domain.instruments import DIFFICULTY_CHOICES, DIFFICULTY_QUESTION, Instrument, score


class ResponseForm(forms.Form):
    """Fields ``item1`` .. ``itemN`` (and ``difficulty`` for the PHQ-9), each one tap."""

    date = forms.DateField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": "Day: enter a date as YYYY-MM-DD."}
    )
    # The phone's id for an answer saved offline, so that sending it twice stores it once.
    client_uuid = forms.UUIDField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": "client_uuid: must be a UUID."}
    )

    def __init__(self, instrument: Instrument, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.today = today
        for number, item in enumerate(instrument.items, start=1):
            allowed = f"a number from 0 to {len(item.choices) - 1}" if instrument.mean else "one of the answers"
            self.fields[item.name] = forms.TypedChoiceField(
                label=item.text,
                choices=item.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages=one_message(f"Question {number} ({_short(item.text)}): choose {allowed}."),
            )
            self.fields[item.name].anchors = item.anchors  # for the template: both ends' words
        if instrument.difficulty:
            self.fields["difficulty"] = forms.TypedChoiceField(
                label=DIFFICULTY_QUESTION,
                choices=DIFFICULTY_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,  # asked, never scored: it may be left out
                widget=forms.RadioSelect,
                error_messages=one_message("How difficult: choose one of the four answers, or leave it out."),
            )

    def items(self):
        return [self[item.name] for item in self.instrument.items]

    def clean_date(self):
        return answer_day(self.cleaned_data.get("date"), self.today)

    def values(self) -> dict:
        """The stored response's values: the answers as given, scored."""
        answers = {item.name: self.cleaned_data[item.name] for item in self.instrument.items}
        scored = score(self.instrument, answers)
        return {
            "version": self.instrument.version,
            "answers": answers,
            "difficulty": self.cleaned_data.get("difficulty"),
            "score": scored.value,
            "band": scored.band,
            "self_harm": scored.self_harm,
        }


def _short(text: str) -> str:
    """The start of an item's words, enough to find it in the form."""
    words = text.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")
