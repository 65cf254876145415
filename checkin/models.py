"""Mend's data: accounts, daily check-ins, guidance and sharing.

Invariants live in the database as well as in forms: one check-in per patient
per day, and a named check constraint on every range, so that no code path
(form, API, admin, shell) can store a bad row.
"""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import F, Q
from django.db.models.functions import Length, Mod
from django.db.models.lookups import Exact, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from checkin.rendering import render_markdown
from checkin.trends import Day, week_monday

FIRST_DATE = datetime.date(2000, 1, 1)
NOTE_MAX_LENGTH = 2000


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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def __str__(self):
        return self.name or self.email

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


class ExerciseKind(models.TextChoices):
    WALKING = "walking", "Walking"
    STRETCHING = "stretching", "Stretching"
    SWIMMING = "swimming", "Swimming"
    YOGA = "yoga", "Yoga"
    STRENGTH = "strength", "Strength"
    PHYSIO = "physio", "Physio exercises"
    OTHER = "other", "Other"
    NONE = "none", "None today"


class Symptom(models.TextChoices):
    NUMBNESS = "numbness", "Numbness in the legs, buttocks or groin"
    WEAKNESS = "weakness", "Weakness in the legs"
    BLADDER_BOWEL = "bladder_bowel", "Changes in bladder or bowel control"
    FEVER = "fever", "Fever"


class SleepQuality(models.IntegerChoices):
    VERY_POOR = 1, "Very poor"
    POOR = 2, "Poor"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Very good"


def validate_symptoms(value) -> None:
    allowed = set(Symptom.values)
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise ValidationError(f"Symptoms must be a list of: {', '.join(Symptom.values)}.")


class CheckInQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(date__gte=start, date__lte=end)

    def record(self, patient, day: datetime.date, values: dict, client_uuid: uuid.UUID | None = None):
        """Save the patient's answers for a day: create the row, or update the day's row.

        Returns (check-in, created). Safe against two saves of the same day at
        the same moment: the loser of the race hits the unique constraint and
        retries as an update, so the patient never sees an error.
        """
        for attempt in range(2):
            try:
                with transaction.atomic():
                    return self.update_or_create(
                        patient=patient,
                        date=day,
                        defaults=values,
                        create_defaults={**values, "client_uuid": client_uuid or uuid.uuid4()},
                    )
            except IntegrityError:
                if attempt:
                    raise
                # Either the day was created meanwhile (the retry updates it) or
                # the client's uuid already names another day's row (the retry
                # gives this row a fresh one).
                client_uuid = None


class CheckIn(models.Model):
    """One patient's answers for one local calendar day."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField()
    pain = models.PositiveSmallIntegerField(help_text="0 = no pain, 10 = worst imaginable")
    mood = models.PositiveSmallIntegerField(help_text="0 = very low, 10 = very good")
    sleep_hours = models.DecimalField(max_digits=3, decimal_places=1, help_text="Last night, in half hours")
    sleep_quality = models.PositiveSmallIntegerField(choices=SleepQuality.choices)
    exercise_minutes = models.PositiveSmallIntegerField()
    exercise_kind = models.CharField(max_length=16, choices=ExerciseKind.choices, default=ExerciseKind.NONE)
    symptoms = models.JSONField(default=list, blank=True, validators=[validate_symptoms])
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            # Also the index behind every per-patient date-range query
            # (history, trends, home page's last seven days).
            models.UniqueConstraint(fields=["patient", "date"], name="checkin_one_per_patient_day"),
            models.CheckConstraint(condition=Q(pain__gte=0, pain__lte=10), name="checkin_pain_0_10"),
            models.CheckConstraint(condition=Q(mood__gte=0, mood__lte=10), name="checkin_mood_0_10"),
            models.CheckConstraint(condition=Q(sleep_hours__gte=0, sleep_hours__lte=24), name="checkin_sleep_0_24"),
            # Half-hour steps: twice the hours is a whole number.
            models.CheckConstraint(
                condition=Exact(Mod(F("sleep_hours") * 2, 1), 0), name="checkin_sleep_half_hour_steps"
            ),
            models.CheckConstraint(condition=Q(sleep_quality__gte=1, sleep_quality__lte=5), name="checkin_sleep_quality_1_5"),
            models.CheckConstraint(
                condition=Q(exercise_minutes__gte=0, exercise_minutes__lte=1440), name="checkin_exercise_0_1440"
            ),
            models.CheckConstraint(condition=Q(exercise_kind__in=ExerciseKind.values), name="checkin_exercise_kind_known"),
            models.CheckConstraint(condition=Q(date__gte=FIRST_DATE), name="checkin_date_from_2000"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH), name="checkin_note_max_length"
            ),
        ]

    def __str__(self):
        return f"{self.patient} on {self.date:%Y-%m-%d}"

    def validate_constraints(self, exclude=None):
        """Model validation (full_clean, so CheckInForm) leaves out the check
        constraints: the form's fields enforce every range with a message
        naming the field, and the database enforces them on every write.
        Django would otherwise run one query per constraint on each save
        (tests/test_checkin_fuzz.py shows nothing bad gets through)."""
        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for constraint in self._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                continue
            try:
                constraint.validate(type(self), self, exclude=exclude, using=using)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @property
    def has_red_flag(self) -> bool:
        return bool(self.symptoms)

    def as_day(self) -> Day:
        """This check-in as plain data for the pure trends and patterns modules."""
        return Day(
            date=self.date,
            pain=self.pain,
            mood=self.mood,
            sleep_hours=float(self.sleep_hours),
            sleep_quality=self.sleep_quality,
            exercise_minutes=self.exercise_minutes,
            symptoms=tuple(self.symptoms),
        )

    def symptom_labels(self) -> list[str]:
        labels = dict(Symptom.choices)
        return [labels.get(code, code) for code in self.symptoms]


class WeekTotals(models.Model):
    """One patient's check-ins of one ISO week, counted and summed by the database.

    With ``HistoryTotals``, what the trends page reads for "all": ten years
    is about 520 of these small rows and one history row, instead of 3,650
    check-ins. Triggers on ``checkin_checkin`` (migration 0004) add each
    inserted check-in to its week and its patient's history, take each
    deleted one away, and do both for an update, so every way of writing a
    check-in (form, API, sync, admin, bulk_create, QuerySet.update, raw
    SQL) keeps them right. Adding and taking away commute, so two
    transactions saving check-ins of one patient at once cannot lose each
    other's change.

    A week whose check-ins were all deleted keeps a row of zeros (``n = 0``).
    SQLite drops a table's triggers when a migration rebuilds the table:
    a migration that alters CheckIn must create them again
    (``tests/test_week_totals.py`` fails until it does).
    """

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # trends.week_number: whole weeks since Monday 27 Dec 1999. A number
    # rather than the Monday's date keeps the triggers' SQL the same on both
    # databases and the rows cheap to read.
    week = models.IntegerField()
    # Bit d set when weekday d (0 = Monday) has a check-in: gives the first
    # and last days.
    weekdays = models.SmallIntegerField(default=0)
    # The first fields of trends.Totals, with the same names: what a weekly
    # point and table row show.
    n = models.SmallIntegerField(default=0)
    pain = models.IntegerField(default=0)
    mood = models.IntegerField(default=0)
    # Hours in half-hour steps: sums of halves are exact in a float, which
    # reads several times faster than a Decimal.
    sleep = models.FloatField(default=0)
    exercise = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # The triggers' ON CONFLICT target, and the index the trends page reads by.
            models.UniqueConstraint(fields=["patient", "week"], name="weektotals_one_per_patient_week"),
        ]

    def __str__(self):
        return f"{self.patient_id} week of {week_monday(self.week):%Y-%m-%d}"


class HistoryTotals(models.Model):
    """``trends.Totals`` of all of one patient's check-ins, kept by the same
    triggers as ``WeekTotals``: the insights for "all" in one row."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The fields of trends.Totals, with the same names.
    n = models.IntegerField(default=0)
    pain = models.IntegerField(default=0)
    mood = models.IntegerField(default=0)
    sleep = models.FloatField(default=0)
    exercise = models.IntegerField(default=0)
    pain_sq = models.IntegerField(default=0)
    mood_sq = models.IntegerField(default=0)
    pain_mood = models.IntegerField(default=0)
    day = models.BigIntegerField(default=0)
    day_sq = models.BigIntegerField(default=0)
    day_pain = models.BigIntegerField(default=0)
    short_n = models.IntegerField(default=0)
    short_pain = models.IntegerField(default=0)
    active_n = models.IntegerField(default=0)
    active_pain = models.IntegerField(default=0)
    active_mood = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "history totals"

    def __str__(self):
        return f"{self.patient_id}: {self.n} check-ins"


# --- Guidance ----------------------------------------------------------------


class Trust(models.TextChoices):
    LOW = "low", "Low: unsourced or anonymous"
    MEDIUM = "medium", "Medium: reviewed clinic or vendor page"
    HIGH = "high", "High: peer-reviewed or official guideline"


class Source(models.Model):
    """An article that guidance pages draw on and cite."""

    key = models.CharField(max_length=32, unique=True, help_text="Stable key used by the shipped content files.")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True, help_text="Leave empty when the article names no address of its own.")
    published = models.DateField(null=True, blank=True, help_text="The date on the page (published or reviewed).")
    trust = models.CharField(
        max_length=8,
        choices=Trust.choices,
        default=Trust.MEDIUM,
        help_text="A claim made only by a low-trust source must not be stated as fact.",
    )

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.title


class GuidancePageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class GuidancePage(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One or two plain sentences, shown in lists and cards.")
    topic = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    body = models.TextField(help_text="Markdown. Raw HTML and scripts are stripped when the page is saved.")
    body_html = models.TextField(editable=False, blank=True, help_text="Rendered from the body on save; never edited by hand.")
    sources = models.ManyToManyField(Source, related_name="pages", blank=True)
    is_published = models.BooleanField(default=True)
    edited_by_admin = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set when an admin saves the page, so that load_guidance leaves it alone.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuidancePageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # body_html is derived here and only here, so it can never drift from
        # the body or carry unsanitised HTML.
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guidance_page", args=[self.slug])


class Severity(models.TextChoices):
    INFO = "info", "Info"
    ATTENTION = "attention", "Attention"
    URGENT = "urgent", "Urgent"


class PatternRule(models.Model):
    """Admin-editable settings for one detector in checkin/patterns.py."""

    detector = models.CharField(max_length=40, unique=True)
    enabled = models.BooleanField(default=True)
    params = models.JSONField(default=dict, blank=True, help_text="Thresholds for the detector; missing ones take its defaults.")
    title = models.CharField(max_length=120)
    message = models.TextField(help_text="Shown to the patient under the title. Plain words; no diagnosis.")
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.INFO)
    guidance = models.ManyToManyField(GuidancePage, related_name="rules", blank=True)

    class Meta:
        ordering = ["detector"]

    def __str__(self):
        return self.title or self.detector


# --- Sharing -----------------------------------------------------------------


class ShareQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Invitations not yet redeemed, cancelled or expired: the only ones a code can open."""
        return self.filter(
            clinician__isnull=True, revoked_at__isnull=True, invite_expires_at__gt=now or timezone.now()
        )

    def active(self, now=None):
        """Redeemed shares that still work: not revoked and not past their end."""
        return self.filter(clinician__isnull=False, revoked_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now or timezone.now())
        )


class Share(models.Model):
    """A patient's invitation to one clinician, and the share it becomes once redeemed.

    The primary key is a random UUID: it is the opaque identifier in clinician
    URLs, so share ids cannot be guessed or counted.

    Only a keyed hash of the invitation code is stored (see checkin/invites.py):
    someone who reads the database cannot redeem a pending invitation. The hash
    is cleared once the code is used or cancelled, so a code works only once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shared_with_me",
        null=True,
        blank=True,
    )
    code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    include_notes = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    invite_expires_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)
    # An instant rather than a date: the patient picks a last day in their own
    # time zone, and one instant lets every query and check agree on "ended".
    ends_at = models.DateTimeField(null=True, blank=True, help_text="The share stops at this moment, if set.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(patient=F("clinician")), name="share_not_with_oneself"),
            # Redeemed means "has a clinician and a time", never one without the other.
            models.CheckConstraint(
                condition=Q(clinician__isnull=True, redeemed_at__isnull=True)
                | Q(clinician__isnull=False, redeemed_at__isnull=False),
                name="share_redeemed_by_a_clinician",
            ),
            # A clinician appears at most once in a patient's list of shares:
            # redeeming a second invitation replaces the first share.
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=Q(revoked_at__isnull=True, clinician__isnull=False),
                name="share_one_open_per_clinician",
            ),
        ]
        indexes = [
            # The clinician's patient list: active shares of one clinician.
            models.Index(
                fields=["clinician", "redeemed_at"],
                name="share_active_by_clinician",
                condition=Q(revoked_at__isnull=True, clinician__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.patient} → {self.clinician or 'invitation'}"

    @property
    def is_redeemed(self) -> bool:
        return self.clinician_id is not None

    def is_active(self, now=None) -> bool:
        """The Python twin of ShareQuerySet.active(), for a share already loaded."""
        now = now or timezone.now()
        return self.is_redeemed and self.revoked_at is None and (self.ends_at is None or self.ends_at > now)

    @property
    def last_day(self) -> datetime.date | None:
        """The last day of the share in the patient's time zone (ends_at is the midnight after it)."""
        if self.ends_at is None:
            return None
        return (self.ends_at.astimezone(self.patient.zone) - datetime.timedelta(days=1)).date()


class AccessLog(models.Model):
    """One clinician view of a patient's data, readable by the patient."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_logs")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    share = models.ForeignKey(Share, on_delete=models.SET_NULL, null=True, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [
            # "Who viewed my data": one patient's log, newest first.
            models.Index(fields=["patient", "-viewed_at"], name="accesslog_by_patient"),
        ]
