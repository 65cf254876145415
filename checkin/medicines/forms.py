"""The medicine form: the list's page and the API's queue validate with it."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from checkin.core.forms import past_day
from checkin.models import Medicine
from checkin.models.medicines import DOSE_TEXT_MAX_LENGTH, MEDICINE_NOTE_MAX_LENGTH, NAME_MAX_LENGTH

# Where doses are shown, always, word for word: Mend records, it never advises.
NOT_ADVICE = "Mend does not check doses. Ask your pharmacist or doctor about your medicines."
HOW_TAKEN = [(False, "Regularly"), (True, "Only when I need it")]
# A phone's clock a little ahead of the server's: its "now" is still now.
CLOCK_SLACK = datetime.timedelta(minutes=10)


def client_uuid_field():
    """The uuid a phone saved an item under (the offline queue's forms)."""
    return forms.UUIDField(error_messages={"invalid": "client_uuid: send a UUID, such as 6f1c…-…."})


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


def _link_field(message: str):
    """The client_uuid of the item this one belongs to (a dose's medicine)."""
    return forms.UUIDField(error_messages=dict.fromkeys(("required", "invalid"), message))


def _moment_message(name: str, what: str) -> str:
    return f"{name}: send when it was {what}, as an ISO date-time with its offset."


def _moment_field(name: str, what: str):
    """When something happened, on the phone's clock (checked by ``_aware_and_past``)."""
    return forms.DateTimeField(error_messages=dict.fromkeys(("required", "invalid"), _moment_message(name, what)))


class QueuedMedicineForm(MedicineForm):
    """A medicine from the offline queue (/api/medicines/)."""

    client_uuid = client_uuid_field()


class QueuedDoseForm(forms.Form):
    """A dose from the offline queue (/api/doses/)."""

    client_uuid = client_uuid_field()
    medicine = _link_field("medicine: send the client_uuid of the medicine taken.")
    taken_at = _moment_field("taken_at", "taken")
    amount = forms.DecimalField(
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("999"),
        max_digits=5,
        decimal_places=2,
        error_messages={
            key: "amount: a number of the medicine's units greater than 0, such as 1 or 0.5 (1 if left out)."
            for key in ("invalid", "min_value", "max_value", "max_digits", "max_whole_digits", "max_decimal_places")
        },
    )

    def clean_taken_at(self):
        return _aware_and_past(self, "taken_at", "taken")

    def clean_amount(self):
        return self.cleaned_data["amount"] if self.cleaned_data["amount"] is not None else Decimal(1)


class QueuedEffectForm(forms.Form):
    """ "Did it help?" from the offline queue (/api/dose-effects/)."""

    client_uuid = client_uuid_field()
    dose = _link_field("dose: send the client_uuid of the dose it was after.")
    pain = forms.IntegerField(
        min_value=0,
        max_value=10,
        error_messages={
            key: "pain: choose a whole number from 0 to 10."
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )
    answered_at = _moment_field("answered_at", "answered")

    def clean_answered_at(self):
        return _aware_and_past(self, "answered_at", "answered")


def _aware_and_past(form, name: str, what: str) -> datetime.datetime:
    """The moment in ``name`` if it was sent with its offset and is not in
    the future (a phone's clock a few minutes fast counts as now)."""
    sent = parse_datetime(str(form.data.get(name, "")))
    if sent is None or timezone.is_naive(sent):
        raise forms.ValidationError(_moment_message(name, what))
    now = timezone.now()
    if sent > now + CLOCK_SLACK:
        raise forms.ValidationError(f"{name}: must not be in the future.")
    return min(sent, now)
