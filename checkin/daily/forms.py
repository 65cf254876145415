"""The daily check-in form: the one place that validates a check-in's answers,
for the web form and the JSON API alike."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms

from checkin.core.forms import answer_day, number_messages, one_message
from checkin.domain import triage
from checkin.domain.answers import ANSWER_FIELDS, RANGES, REST_FIELDS, Range
from checkin.domain.instruments import HOW_OFTEN, PHQ9_ITEMS, PHQ_GAD_COPYRIGHT, PHQ_STEM
from checkin.models import (
    FIRST_DATE,
    NOTE_MAX_LENGTH,
    CheckIn,
    ExerciseKind,
    SleepQuality,
)


class ScaleField(forms.TypedChoiceField):
    """A 0-10 answer whose error message names the field and the range."""

    def __init__(self, answer: Range, **kwargs):
        super().__init__(
            label=answer.word,
            choices=[(n, str(n)) for n in range(answer.low, answer.high + 1)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": f"{answer.word}: choose a number {answer.span}.",
                "invalid_choice": f"{answer.word}: choose a whole number {answer.span}.",
            },
            **kwargs,
        )


SLEEP, QUALITY, ACTIVITY = RANGES["sleep_hours"], RANGES["sleep_quality"], RANGES["exercise_minutes"]


def chips(values: str, unit: str, group: str, **attrs) -> forms.NumberInput:
    """A number box with one-tap answers: static/js/checkin-form.js shows ``values``
    (in ``unit``) as buttons named ``group``; typing any other number still works."""
    return forms.NumberInput(
        attrs={"data-chips": values, "data-chip-unit": unit, "data-chip-group": group, "class": "form-control", **attrs}
    )


def _given(name: str, value) -> bool:
    """Whether a sleep or activity answer was given; the kind's preselected
    "None" is what an untouched form sends, so it is not an answer alone."""
    return value not in (None, "") and not (name == "exercise_kind" and value == ExerciseKind.NONE)


class CheckInForm(forms.ModelForm):
    """The daily check-in. Field names are the model's (the offline queue and API share them)."""

    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        label="Day",
        error_messages={"invalid": "Day: enter a date as YYYY-MM-DD."},
    )
    pain = ScaleField(RANGES["pain"])
    mood = ScaleField(RANGES["mood"])
    sleep_hours = forms.DecimalField(
        label="Hours of sleep last night",
        min_value=SLEEP.low,
        max_value=SLEEP.high,
        decimal_places=1,
        widget=chips("5 6 7 8 9", "h", "Common hours of sleep", step="0.5", inputmode="decimal"),
        error_messages=number_messages(
            f"Sleep: enter the hours you slept, {SLEEP.span}.",
            f"Sleep: enter a number of hours {SLEEP.span}, in half hours (for example 6.5).",
            out_of_range=f"Sleep: hours must be {SLEEP.span}.",
            max_decimal_places="Sleep: use half hours, for example 6 or 6.5.",
        ),
    )
    sleep_quality = forms.TypedChoiceField(
        label="How well did you sleep?",
        choices=SleepQuality.choices,
        coerce=int,
        empty_value=None,  # not given, on a bad-day check-in
        widget=forms.RadioSelect,
        error_messages=one_message(
            f"Sleep quality: choose from {QUALITY.low} (very poor) to {QUALITY.high} (very good)."
        ),
    )
    exercise_minutes = forms.IntegerField(
        label="Minutes of activity today",
        min_value=ACTIVITY.low,
        max_value=ACTIVITY.high,
        widget=chips("0 10 20 30 45 60", "min", "Common minutes of activity", step="5", inputmode="numeric"),
        error_messages=number_messages(
            f"Activity: enter minutes {ACTIVITY.span} (0 is fine).",
            f"Activity: enter whole minutes {ACTIVITY.span}.",
            out_of_range=f"Activity: minutes must be {ACTIVITY.span} (a whole day).",
        ),
    )
    exercise_kind = forms.ChoiceField(
        label="Kind of activity",
        choices=ExerciseKind.choices,
        initial=ExerciseKind.NONE,
        widget=forms.RadioSelect,
        error_messages=one_message(f"Kind of activity: choose one of {', '.join(ExerciseKind.values)}."),
    )
    # Every sign ever asked is accepted (a phone may still hold an earlier
    # version's answer); the form shows today's signs (triage.question_choices).
    symptoms = forms.MultipleChoiceField(
        label="Any of these, new or worse?",
        help_text="Leave them all unticked if none.",
        choices=[(value, sign.question) for value, sign in triage.BY_VALUE.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "warning-sign"}),
        error_messages={
            "invalid_choice": f"Warning signs: choose only from {', '.join(s.value for s in triage.SIGNS)}."
        },
    )
    # PHQ-9 item 9, word for word, asked on its own when signals.should_ask
    # says so; otherwise carried along hidden, so that saving again keeps it.
    self_harm = forms.TypedChoiceField(
        label=PHQ9_ITEMS[-1],
        help_text=PHQ_STEM,
        choices=list(enumerate(HOW_OFTEN)),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages=one_message(
            f"Thoughts of self-harm: choose from 0 ({HOW_OFTEN[0]}) to {len(HOW_OFTEN) - 1} ({HOW_OFTEN[-1]})."
        ),
    )
    note = forms.CharField(
        label="Note (optional, private)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Note: at most {NOTE_MAX_LENGTH:,} characters (you have %(show_value)d).",
            "null_characters_not_allowed": "Note: remove the invisible NUL character (it cannot be saved).",
        },
    )
    client_uuid = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "client_uuid: must be a UUID."},
    )

    self_harm_copyright = PHQ_GAD_COPYRIGHT

    class Meta:
        model = CheckIn
        fields = ANSWER_FIELDS

    def __init__(
        self,
        *args,
        today: datetime.date,
        day: datetime.date | None = None,
        ask_self_harm: bool = False,
        last_kind: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        if last_kind:
            # Minutes tapped while the kind is still "None" take the kind the
            # patient last noted (static/js/checkin-form.js): one tap less.
            self.fields["exercise_minutes"].widget.attrs["data-last-kind"] = last_kind
        self.ask_self_harm = ask_self_harm
        if not ask_self_harm:
            self.fields["self_harm"].widget = forms.HiddenInput()
        if day is not None and day != today:
            # Filling in an earlier day: "today" and "last night" would be wrong.
            self.fields["sleep_hours"].label = "Hours of sleep the night before"
            self.fields["exercise_minutes"].label = "Minutes of activity that day"
            self.fields["symptoms"].label = "Any of these that day, new or worse?"
            self.fields["exercise_kind"].choices = [
                (value, "None that day" if value == ExerciseKind.NONE else label)
                for value, label in ExerciseKind.choices
            ]
        answered = self.instance.symptoms if self.instance.pk else []
        self.fields["symptoms"].widget.choices = triage.question_choices(answered)
        self.fields["date"].widget.attrs.update(min=FIRST_DATE.isoformat(), max=today.isoformat())
        self.fields["date"].help_text = (
            "Change it to move this check-in to another day."
            if self.instance.pk
            else "For an earlier day, change it here."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("sleep_hours", wrapper_class="chips-field"),
            Field("sleep_quality", template="daily/fields/choice_row.html"),
            Field("exercise_minutes", wrapper_class="chips-field"),
            Field("exercise_kind", template="daily/fields/choice_row.html"),
            Field("symptoms", wrapper_class="warning-signs"),
            HTML(
                '<details class="mb-3 extra"{% if form.note.value or form.errors.note %} open{% endif %}><summary class="fw-semibold py-2">A note (optional)</summary>'
            ),
            Field("note"),
            HTML("</details>"),
            Field("date"),
            Field("client_uuid"),
            # Asked: the page shows it first, on its own (daily/fields/self_harm_question.html).
            *(() if ask_self_harm else (Field("self_harm"),)),
        )
        # A bad-day check-in, for today or any earlier day: pain and mood
        # only, sleep and activity left for later (or never). Allowed when
        # none of them is given (the kind's preselected "None" counts as not
        # given); once one is, clean() asks for all four, with the usual
        # messages. So none of the four is marked required on the page.
        self.bad_day = self.is_bound and not any(_given(name, self.data.get(name)) for name in REST_FIELDS)
        self.all_or_none = " ".join(REST_FIELDS)  # for the offline check (js/pwa/offline-form.js)
        for name in REST_FIELDS:
            self.fields[name].required = False

    def clean(self):
        """All four of sleep and activity, or none of them (a bad day). Then:
        minutes without a kind, or a kind without minutes, is most likely a
        slip, so ask (the question names both answers) rather than guess."""
        data = super().clean()
        if self.bad_day:
            data["exercise_kind"] = ""
            return data
        for name in REST_FIELDS:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        minutes, kind = data.get("exercise_minutes"), data.get("exercise_kind")
        if minutes and kind == ExerciseKind.NONE:
            self.add_error(
                "exercise_kind",
                f"Kind of activity: you noted {minutes} minutes. What kind was it? "
                "(“Other” is fine.) Or set the minutes to 0.",
            )
        elif minutes == 0 and kind and kind != ExerciseKind.NONE:
            label = ExerciseKind(kind).label.lower()
            self.add_error(
                "exercise_minutes",
                f"Activity: you chose {label}. How many minutes? Or choose “None today” as the kind.",
            )
        return data

    def clean_sleep_hours(self):
        hours = self.cleaned_data["sleep_hours"]
        if hours is not None and (hours * 2) % 1:
            raise forms.ValidationError("Sleep: use half hours, for example 6 or 6.5.")
        return hours

    def clean_date(self):
        return answer_day(self.cleaned_data.get("date"), self.today)

    def clean_symptoms(self):
        # Keep the order stable so a saved row compares equal to what was sent.
        return sorted(set(self.cleaned_data["symptoms"]))
