"""The account page's reminder forms: the calendar file's time, and reminders by notification or email."""

import datetime

from django import forms

from checkin.core.dates import WEEKDAYS
from checkin.models import Reminder


def _time_field(label: str, **kwargs):
    return forms.TimeField(
        label=label,
        initial=datetime.time(20, 0),
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": f"{label}: choose a time, such as 20:00.",
            "invalid": f"{label}: enter a time as hours and minutes, such as 20:00.",
        },
        **kwargs,
    )


class CalendarForm(forms.Form):
    """The time of day for the calendar file (checkin/reminders/calendar.py)."""

    time = _time_field("Calendar event at")


class ReminderForm(forms.ModelForm):
    """Reminders that come only when the day has no check-in. Field names are
    what scripts and tests use: reminder_time, reminder_days, reminder_push, reminder_email."""

    reminder_time = _time_field(
        "Remind me at", required=False, help_text="Your own time. Leave empty for no reminders."
    )
    reminder_days = forms.TypedMultipleChoiceField(
        label="On these days",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "On these days: choose days of the week."},
    )
    reminder_push = forms.BooleanField(label="A notification on my devices where I turned them on", required=False)
    reminder_email = forms.BooleanField(label="An email", required=False)

    class Meta:
        model = Reminder
        fields = []

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and instance.pk:
            self.initial.update(
                reminder_time=instance.time,
                reminder_days=instance.days,
                reminder_push=instance.push,
                reminder_email=instance.email,
            )
        else:
            self.initial.update(reminder_days=list(range(7)))

    def clean(self):
        data = super().clean()
        wanted = data.get("reminder_push") or data.get("reminder_email")
        if wanted and not data.get("reminder_time"):
            self.add_error("reminder_time", "Remind me at: choose a time, such as 20:00, for your reminders.")
        if wanted and not data.get("reminder_days"):
            self.add_error("reminder_days", "On these days: choose at least one day, or untick how to remind you.")
        return data

    def save(self, commit=True):
        reminder = self.instance
        reminder.time = self.cleaned_data["reminder_time"]
        reminder.days = sorted(self.cleaned_data["reminder_days"])
        reminder.push = self.cleaned_data["reminder_push"]
        reminder.email = self.cleaned_data["reminder_email"]
        if commit:
            reminder.save()
        return reminder
