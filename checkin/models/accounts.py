"""Accounts: patients and clinicians sign in with an email address."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice

from checkin.domain.days import age_on
from checkin.models import seeds

# Read once: zoneinfo walks the tz database on every call (about 10 ms).
TIME_ZONES = frozenset(zoneinfo.available_timezones())


def zone_label(name: str) -> str:
    return name.replace("_", " ")


def validate_time_zone(value: str) -> None:
    if value not in TIME_ZONES:
        raise ValidationError(f"“{value}” is not a time zone. Pick one from the list, such as Europe/London.")


def default_time_zone() -> str:
    return settings.TIME_ZONE


class UserManager(BaseUserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, blank=True, help_text="How Mend greets this person; optional.")
    # Given by the patient, optional: the clinicians they share with see it,
    # so that a report or an export can be matched to the right record.
    date_of_birth = models.DateField(
        "date of birth", null=True, blank=True, help_text="Optional; shown to the clinicians this person shares with."
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Decides which calendar day counts as “today” for this person.",
    )
    is_clinician = models.BooleanField(
        default=False,
        help_text="Lets this account redeem a patient's invitation. Only admins can set it.",
    )
    # Part of every session's check value (see get_session_auth_hash): raising
    # it by one ends all of this person's sessions ("log out everywhere").
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # True while the account has a passkey or an authenticator app
    # (kept by checkin.accounts.second_step.log_event), so the middleware knows
    # who needs the second step without a query on every request.
    second_step = models.BooleanField(default=False, editable=False)
    # "Not now" on the home page's questionnaire card: hidden for the rest of this day.
    measures_hidden_on = models.DateField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def __str__(self):
        return self.name or self.email

    @property
    def age(self) -> int | None:
        """Whole years today, in the person's own calendar; None without a date of birth."""
        return None if self.date_of_birth is None else age_on(self.date_of_birth, self.today())

    def get_full_name(self):
        return self.name or self.email

    def get_session_auth_hash(self):
        """Django checks this against the value stored in each session on every
        request; a new password or a new session_generation ends old sessions."""
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret):
        if not self.session_generation:
            # Django's own value, so sessions from before this field still work.
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "checkin.User.session_hash", f"{self.password}:{self.session_generation}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def get_short_name(self):
        return self.name or self.email.split("@")[0]

    @property
    def time_zone_label(self) -> str:
        """The time zone as people read it: "America/New York"."""
        return zone_label(self.time_zone)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def today(self) -> datetime.date:
        """The patient's own calendar date right now, not the server's."""
        return timezone.now().astimezone(self.zone).date()


class AccountEvent(models.Model):
    """A change to how an account signs in: its second steps, or its password
    set by an admin. Listed on the account's own page, so its owner can see
    it; ``by`` is whoever did it when that was someone else."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["account", "-at"], name="accountevent_by_account")]

    def __str__(self):
        return self.what


class PendingSignup(models.Model):
    """A sign-up waiting for its emailed link. The link carries a random token,
    never the password: only the token's SHA-256 is kept here (a copy of the
    database holds no working link), with the new account's password hash.
    Opening the link deletes the row, so a link works once, for a day."""

    email = models.EmailField(db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    password = models.CharField(max_length=128)
    time_zone = models.CharField(max_length=64)
    name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)


class AuthenticatorApp(TOTPDevice):
    """An authenticator app (django-otp's TOTP device) whose seed is kept
    sealed (checkin/models/seeds.py): every read of the seed (codes, the QR
    code) opens it, and saving seals one that is not sealed under the newest key."""

    class Meta:
        proxy = True

    @property
    def bin_key(self) -> bytes:
        return seeds.unseal(self.key)

    def save(self, *args, **kwargs):
        if seeds.needs_sealing(self.key):
            self.key = seeds.seal(seeds.unseal(self.key))
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "key"}
        super().save(*args, **kwargs)
