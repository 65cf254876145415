"""Account forms: sign-up, log-in, passwords, the account page, reminders, deletion."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms

from checkin.core.forms import past_day
from checkin.models import TIME_ZONES, User, default_time_zone, zone_label

OLDEST_BIRTH_DATE = datetime.date(1900, 1, 1)

# AUTH_PASSWORD_VALIDATORS in one plain sentence, instead of Django's list of
# four "Your password can't..." lines (tests/accounts/test_accounts.py keeps the number
# in step with the settings).
PASSWORD_HELP = "At least 8 characters. Not a common password, not only numbers, and not like your email."
PASSWORD_AGAIN_HELP = "Type it once more, to rule out a typo."


def plain_password_fields(form, first: str, second: str, label: str = "Password"):
    """Label a password form's two new-password fields in plain words."""
    form.fields[first].help_text = PASSWORD_HELP
    form.fields[first].label = label
    form.fields[second].label = f"{label} again"
    form.fields[second].help_text = PASSWORD_AGAIN_HELP


class SignupForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("name", "email", "time_zone")
        # Filled in by static/js/time-zone.js with the device's zone, so that
        # "today" is the patient's own day from the first check-in.
        widgets = {"time_zone": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Your name (optional)"
        self.fields["name"].help_text = "How Mend greets you, and the name a clinician you share with sees."
        self.fields["name"].widget.attrs.update(autocomplete="name", autofocus=True)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["email"].error_messages.update(
            required="Email: enter your email address.", invalid="Email: enter a whole address, like name@example.com."
        )
        self.fields["time_zone"].required = False
        plain_password_fields(self, "password1", "password2")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Create my account", css_class="btn-lg w-100"))

    error_messages = {
        "password_mismatch": "Password again: the two passwords are different. Type the same one in both boxes.",
    }

    def full_clean(self):
        super().full_clean()
        # Everything wrong is said at once, and passwords that were fine stay
        # in their boxes while something else is put right (the page is never cached).
        if not {"password1", "password2"} & set(self.errors):
            for name in ("password1", "password2"):
                self.fields[name].widget.render_value = True

    def _post_clean(self):
        super()._post_clean()
        # After a mismatch Django checks neither password: check the first.
        if "password1" in self.cleaned_data and "password2" in self.errors:
            self.validate_password_for_user(self.instance, "password1")

    def clean_email(self):
        # Whether the address has an account is never said here (checkin/accounts/signup.py).
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        pass  # the same: a taken address gets the same answer as a new one

    def clean_time_zone(self):
        # Nobody types this field, so nobody could fix it: a zone the server
        # does not know (or none, without JavaScript) quietly means the
        # default, which the account page can change.
        zone = self.cleaned_data.get("time_zone")
        return zone if zone in TIME_ZONES else default_time_zone()


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form for a new password (from a reset link), in plain words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_password_fields(self, "new_password1", "new_password2", label="New password")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form for changing a password, in plain words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        plain_password_fields(self, "new_password1", "new_password2", label="New password")


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form; its `username` field holds the email address."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        # Django's words say both fields may be case-sensitive; the email is not here.
        "invalid_login": "That email address and password do not match an account. Passwords are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Log in", css_class="btn-lg w-100"))

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class AccountForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=[(z, zone_label(z)) for z in sorted(TIME_ZONES)],
        help_text="Mend uses it to decide which day is “today” for you.",
        error_messages={
            "required": "Time zone: choose one from the list, such as Europe/London.",
            "invalid_choice": "Time zone: choose one from the list, such as Europe/London.",
        },
    )

    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        required=False,
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "min": OLDEST_BIRTH_DATE.isoformat(), "autocomplete": "bday"}
        ),
        help_text="Only clinicians you share with see it, so they can match your check-ins to your records.",
        error_messages={"invalid": "Date of birth: enter a real date, such as 31 January 1970, or leave it empty."},
    )

    class Meta:
        model = User
        fields = ("name", "date_of_birth", "time_zone")
        labels = {"name": "Your name (optional)"}
        # The model's help text speaks to admins ("this person").
        help_texts = {"name": "How Mend greets you."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_clinician:
            del self.fields["date_of_birth"]  # a clinician's own account files no patient record
        else:
            self.fields["date_of_birth"].widget.attrs["max"] = self.instance.today().isoformat()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save", css_class="btn-lg w-100"))

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is None:
            return None
        return past_day(
            born,
            self.instance.today(),
            "Date of birth: must be today ({today}) or earlier.",
            "Date of birth: must be 1 January 1900 or later.",
            first=OLDEST_BIRTH_DATE,
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Password: enter your password to confirm."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Password: that is not your password. Nothing was deleted.")
        return password


class SecondStepCodeForm(forms.Form):
    """One code: six digits from an authenticator app, or (when signing in) a recovery code."""

    code = forms.CharField(label="Code", max_length=20)

    def __init__(self, *args, recovery=True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = (
            "The 6 digits your authenticator app shows for Mend now, or one of your recovery codes."
            if recovery
            else "The 6 digits the app shows for Mend now."
        )
        field.error_messages["required"] = "Code: type the code, then press the button."
        # A recovery code has letters, so only the app's own step asks for the number pad.
        field.widget.attrs.update(
            autocomplete="one-time-code", autofocus=True, inputmode="text" if recovery else "numeric"
        )
