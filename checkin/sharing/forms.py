"""Forms for sharing with clinicians: invitations, shares and report ranges.

Every error names the field and what is allowed, as the check-in form does.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator

from checkin.core.dates import medium_date
from checkin.core.forms import past_day
from checkin.domain.identifiers import NHS_NUMBER_SYSTEM, is_nhs_number
from checkin.domain.instruments import INSTRUMENTS
from checkin.models import FIRST_DATE, Share, Team, invites
from checkin.models.questionnaires import ASKABLE, how_often

# How far ahead a patient may set a share's last day: far enough for any
# course of care, near enough that a typo (year 2205) is caught.
LONGEST_SHARE_DAYS = 5 * 366
REPORT_DEFAULT_DAYS = "30"
# A clinic's number for a patient: NHS numbers, hospital numbers and MRNs
# are letters and digits, sometimes grouped by spaces, hyphens or slashes.
CLINIC_NUMBER = r"^[A-Za-z0-9][A-Za-z0-9 /-]*$"


def _date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": f"{label}: enter a date as YYYY-MM-DD.",
            "required": f"{label}: enter a date as YYYY-MM-DD.",
        },
    )


class LastDayMixin:
    """Checks an optional last day: today or later, within LONGEST_SHARE_DAYS."""

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        latest = today + datetime.timedelta(days=LONGEST_SHARE_DAYS)
        self.fields["ends_on"].widget.attrs.update(min=today.isoformat(), max=latest.isoformat())

    def clean_ends_on(self):
        day = self.cleaned_data.get("ends_on")
        if day is None:
            return None
        if day < self.today:
            today = medium_date(self.today)
            raise forms.ValidationError(
                f"Last day: choose today ({today}) or a later day, or leave it empty for no end."
            )
        if (day - self.today).days > LONGEST_SHARE_DAYS:
            raise forms.ValidationError("Last day: choose a day within the next five years, or leave it empty.")
        return day


class InviteForm(LastDayMixin, forms.Form):
    """A new invitation. Posting nothing at all is valid: notes off, no end."""

    include_notes = forms.BooleanField(
        label="Include my notes",
        required=False,
        help_text="Off unless you tick it. You can change this later.",
    )
    include_safety_plan = forms.BooleanField(
        label="Include my safety plan",
        required=False,
        help_text="Off unless you tick it. You can change this later.",
    )
    ends_on = _date_field("Last day (optional)")


# What a patient may add to a share or keep private: the Share field, and its name in messages.
SHAREABLE = {
    "notes": ("include_notes", "Notes", "notes"),
    "safety_plan": ("include_safety_plan", "Safety plan", "safety plan"),
}


class IncludeForm(forms.Form):
    """Share (1) or keep private (0) one part of the patient's data on one share:
    its one field is ``include_notes`` or ``include_safety_plan``."""

    def __init__(self, part: str, data):
        super().__init__(data)
        self.field, word, _ = SHAREABLE[part]
        message = f"{word}: choose 1 (share) or 0 (keep private)."
        self.fields[self.field] = forms.TypedChoiceField(
            choices=[("1", "Share"), ("0", "Keep private")],
            coerce=lambda value: value == "1",
            error_messages={"required": message, "invalid_choice": message},
        )


class LastDayForm(LastDayMixin, forms.Form):
    ends_on = _date_field("Last day")


class RedeemForm(forms.Form):
    code = forms.CharField(
        label="Invitation code",
        max_length=40,
        error_messages={
            "required": "Invitation code: enter the code the patient gave you, like K7QX-M4PR-2Z.",
            "max_length": "Invitation code: a code has 10 letters and numbers, like K7QX-M4PR-2Z.",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "class": "code-input",
                "data-invitation-code": True,
            }
        ),
        help_text="Spaces, dashes and capital letters don't matter.",
    )

    # Only for a clinician in a team (set up by an admin): whose the share is.
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="Just me",
        label="Share with",
        help_text="A team's patients are seen by everyone in the team, and by nobody who leaves it.",
        error_messages={"invalid_choice": "Share with: choose “Just me” or one of your teams."},
    )

    def __init__(self, *args, clinician=None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(members=clinician) if clinician is not None else Team.objects.none()
        self.fields["team"].queryset = teams
        if not teams.exists():
            del self.fields["team"]

    def clean_code(self):
        code = invites.normalize(self.cleaned_data["code"])
        if not invites.is_well_formed(code):
            # Says only what a code looks like: nothing about whether one exists.
            raise forms.ValidationError(
                "Invitation code: a code has 10 letters and numbers, like K7QX-M4PR-2Z (it never uses 0, 1, I, L or O)."
            )
        return code


class ReportRangeForm(forms.Form):
    """A report's range, from the query string: a number of days ending on a chosen day.

    The lengths are the trends page's own ranges, so the report reuses
    ``trends_context`` unchanged. Missing values take the defaults (the last
    30 days up to the patient's today).
    """

    days = forms.ChoiceField(
        label="Length",
        choices=[],
        error_messages={"invalid_choice": "Length: choose %(choices)s days."},
    )
    end = _date_field("Up to", required=True)

    def __init__(self, data, *, today: datetime.date, lengths: dict):
        self.today = today
        values = {"days": REPORT_DEFAULT_DAYS, "end": today.isoformat()}
        values.update({key: data[key] for key in ("days", "end") if data.get(key)})
        super().__init__(values)
        self.fields["days"].choices = list(lengths.items())
        self.fields["days"].error_messages["invalid_choice"] = f"Length: choose {', '.join(lengths)}."
        self.fields["end"].widget.attrs.update(min=FIRST_DATE.isoformat(), max=today.isoformat())

    def clean_end(self):
        return past_day(
            self.cleaned_data["end"],
            self.today,
            "Up to: choose today ({today}) or an earlier day.",
            "Up to: choose 1 January 2000 or a later day.",
        )

    def range_or_default(self) -> tuple[str, datetime.date]:
        """(days, end) when valid, else the defaults (30 days up to today)."""
        if self.is_valid():
            return self.cleaned_data["days"], self.cleaned_data["end"]
        return REPORT_DEFAULT_DAYS, self.today


class ClinicNumberForm(forms.ModelForm):
    """The clinician's own number for the patient; blank removes it."""

    class Meta:
        model = Share
        fields = ("clinic_number",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = settings.MEND_CLINIC_NUMBER_LABEL
        field = self.fields["clinic_number"]
        field.label = label
        field.required = False
        field.validators = [
            RegexValidator(
                CLINIC_NUMBER,
                f"{label}: up to 40 letters, digits, spaces, hyphens or slashes, such as 943 476 5919.",
            )
        ]
        field.error_messages["max_length"] = f"{label}: at most 40 characters."
        field.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "inputmode": "text"})

    def clean_clinic_number(self):
        number = " ".join(self.cleaned_data["clinic_number"].split())
        if number and settings.MEND_CLINIC_NUMBER_SYSTEM == NHS_NUMBER_SYSTEM and not is_nhs_number(number):
            raise forms.ValidationError(
                f"{settings.MEND_CLINIC_NUMBER_LABEL}: 10 digits whose last is the check digit, such as "
                "943 476 5919. This one does not add up: check it against the record."
            )
        return number


class AskForm(forms.Form):
    """What a clinician asks a patient to answer, and how often."""

    instrument = forms.ChoiceField(
        label="Questionnaire",
        choices=[(slug, INSTRUMENTS[slug].name) for slug in ASKABLE],
        error_messages={"invalid_choice": "Questionnaire: choose the PEG, the PHQ-9 or the GAD-7."},
    )
    every_days = forms.TypedChoiceField(
        label="How often",
        choices=[("", "Once"), ("7", "Every 7 days"), ("14", "Every 14 days"), ("28", "Every 28 days")],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "How often: choose once, or every 7, 14 or 28 days."},
    )

    def words(self) -> str:
        """The request as the patient's access log says it: "the PHQ-9 every 14 days"."""
        return f"the {INSTRUMENTS[self.cleaned_data['instrument']].name} {how_often(self.cleaned_data['every_days'])}"
