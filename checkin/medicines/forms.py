"""The medicine form: the list's page and the API's queue validate with it."""

import datetime

from django import forms

from checkin.core.forms import past_day
from checkin.models import Medicine
from checkin.models.medicines import DOSE_TEXT_MAX_LENGTH, MEDICINE_NOTE_MAX_LENGTH, NAME_MAX_LENGTH

# Where doses are shown, always, word for word: Mend records, it never advises.
NOT_ADVICE = "Mend does not check doses. Ask your pharmacist or doctor about your medicines."
HOW_TAKEN = [(False, "Regularly"), (True, "Only when I need it")]


class MedicineForm(forms.ModelForm):
    as_needed = forms.TypedChoiceField(
        label="How do you take it?",
        choices=HOW_TAKEN,
        coerce=lambda value: value in (True, "True", "true"),
        widget=forms.RadioSelect,
        error_messages={
            "required": "How you take it: choose regularly or only when you need it.",
            "invalid_choice": "How you take it: choose regularly or only when you need it.",
        },
    )

    class Meta:
        model = Medicine
        fields = ["name", "dose_text", "as_needed", "started_on", "stopped_on", "note"]
        labels = {"name": "Name", "dose_text": "Strength or dose", "started_on": "Started", "stopped_on": "Stopped"}
        help_texts = {
            "name": "As on the box or the prescription.",
            "dose_text": 'As you would say it: "500 mg", "2 puffs", "one tablet".',
            "started_on": "Leave empty if you are not sure.",
            "stopped_on": "Only once you have stopped taking it; it stays on your list, under Stopped.",
        }
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stopped_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {
                "required": f"Name: write the medicine's name (at most {NAME_MAX_LENGTH} characters).",
                "max_length": f"Name: at most {NAME_MAX_LENGTH} characters (you have %(show_value)d).",
            },
            "dose_text": {
                "max_length": f"Strength or dose: at most {DOSE_TEXT_MAX_LENGTH} characters (you have %(show_value)d).",
            },
            "started_on": {"invalid": "Started: enter a date as YYYY-MM-DD, or leave it empty."},
            "stopped_on": {"invalid": "Stopped: enter a date as YYYY-MM-DD, or leave it empty."},
            "note": {
                "max_length": f"Note: at most {MEDICINE_NOTE_MAX_LENGTH} characters (you have %(show_value)d).",
            },
        }

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("as_needed", False)

    def _day(self, name: str, label: str):
        day = self.cleaned_data.get(name)
        if day is None:
            return None
        return past_day(
            day,
            self.today,
            f"{label}: must be today ({{today}}) or earlier.",
            f"{label}: must be 1 January 2000 or later.",
        )

    def clean_started_on(self):
        return self._day("started_on", "Started")

    def clean_stopped_on(self):
        return self._day("stopped_on", "Stopped")

    def clean(self):
        cleaned = super().clean()
        started, stopped = cleaned.get("started_on"), cleaned.get("stopped_on")
        if started and stopped and stopped < started:
            self.add_error("stopped_on", "Stopped: must be on or after the day it started.")
        return cleaned
