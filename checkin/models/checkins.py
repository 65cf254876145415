"""The daily check-in, and the totals the database keeps of them.

Invariants live in the database as well as in forms: one check-in per patient
per day, and a named check constraint on every range, so that no code path
(form, API, admin, shell) can store a bad row.
"""

import datetime
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import F, FloatField, Q
from django.db.models.functions import Cast, Length, Mod
from django.db.models.lookups import Exact, LessThanOrEqual
from django.utils import timezone

from checkin.domain import triage
from checkin.domain.answers import RANGES
from checkin.domain.days import Day, week_monday
from checkin.domain.instruments import HOW_OFTEN

FIRST_DATE = datetime.date(2000, 1, 1)
NOTE_MAX_LENGTH = 2000


class ExerciseKind(models.TextChoices):
    WALKING = "walking", "Walking"
    STRETCHING = "stretching", "Stretching"
    SWIMMING = "swimming", "Swimming"
    YOGA = "yoga", "Yoga"
    STRENGTH = "strength", "Strength"
    PHYSIO = "physio", "Physio exercises"
    OTHER = "other", "Other"
    NONE = "none", "None today"


class SleepQuality(models.IntegerChoices):
    VERY_POOR = 1, "Very poor"
    POOR = 2, "Poor"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Very good"


def validate_symptoms(value) -> None:
    # Earlier versions' answers stay valid: a check-in keeps what was asked then.
    if not isinstance(value, list) or any(item not in triage.BY_VALUE for item in value):
        raise ValidationError(f"Warning signs must be a list of: {', '.join(triage.BY_VALUE)}.")


# The stored values a Day is made of, in Day's order.
DAY_FIELDS = ("date", "pain", "mood", "sleep_hours", "sleep_quality", "exercise_minutes", "symptoms", "self_harm")
# Read as plain tuples rather than model instances, which cost several times
# more to build. Sleep comes as a float straight from the database (half hours
# are exact in a float), rather than as a Decimal, which is slow to make.
DAY_COLUMNS = tuple(Cast(f, FloatField()) if f == "sleep_hours" else f for f in DAY_FIELDS)


def as_day(date, pain, mood, sleep_hours, sleep_quality, exercise_minutes, symptoms, self_harm) -> Day:
    """The one way stored values become the insights' plain ``Day``."""
    hours = None if sleep_hours is None else float(sleep_hours)
    return Day(date, pain, mood, hours, sleep_quality, exercise_minutes, tuple(symptoms), self_harm)


class CheckInQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(date__gte=start, date__lte=end)

    def days(self) -> list[Day]:
        """These check-ins as the insights read them, oldest first."""
        return [as_day(*row) for row in self.order_by("date").values_list(*DAY_COLUMNS)]

    def days_by_patient(self) -> dict[int, list[Day]]:
        """``days()`` for several patients at once, by patient id."""
        days = defaultdict(list)
        for patient_id, *row in self.order_by("date").values_list("patient_id", *DAY_COLUMNS):
            days[patient_id].append(as_day(*row))
        return days

    def save_day(self, patient, day: datetime.date, values: dict, client_uuid: uuid.UUID | None = None):
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
    # A bad-day check-in answers pain and mood only: these stay empty
    # (missing, never zero) until the patient adds them.
    sleep_hours = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True, help_text="Last night, in half hours"
    )
    sleep_quality = models.PositiveSmallIntegerField(choices=SleepQuality.choices, null=True, blank=True)
    exercise_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    exercise_kind = models.CharField(
        max_length=16,
        choices=ExerciseKind.choices,
        default=ExerciseKind.NONE,
        blank=True,
        help_text="Empty on a bad-day check-in, which does not say.",
    )
    symptoms = models.JSONField(default=list, blank=True, validators=[validate_symptoms])
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    # The direct question (PHQ-9 item 9's words and answers, 0-3), asked only
    # after signs of low mood (checkin/safety/signals.py: should_ask).
    self_harm = models.PositiveSmallIntegerField(null=True, blank=True, choices=list(enumerate(HOW_OFTEN)))
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
            # One per answer with a range (checkin/domain/answers.py).
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{r.field}__gte": r.low, f"{r.field}__lte": r.high}), name=r.constraint
                )
                for r in RANGES.values()
            ),
            # Half-hour steps: twice the hours is a whole number.
            models.CheckConstraint(
                condition=Exact(Mod(F("sleep_hours") * 2, 1), 0), name="checkin_sleep_half_hour_steps"
            ),
            models.CheckConstraint(
                condition=Q(exercise_kind__in=[*ExerciseKind.values, ""]), name="checkin_exercise_kind_known_or_empty"
            ),
            # Sleep and activity are answered together or not at all (a bad-day check-in).
            models.CheckConstraint(
                condition=Q(
                    sleep_hours__isnull=True,
                    sleep_quality__isnull=True,
                    exercise_minutes__isnull=True,
                    exercise_kind="",
                )
                | Q(sleep_hours__isnull=False, sleep_quality__isnull=False, exercise_minutes__isnull=False)
                & ~Q(exercise_kind=""),
                name="checkin_rest_all_or_none",
            ),
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
        (tests/daily/test_checkin_fuzz.py shows nothing bad gets through)."""
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

    def delete(self, *args, **kwargs):
        """Delete the check-in and leave a tombstone (``DeletedCheckIn``), so
        that a phone's older queued copy of this day cannot bring it back."""
        with transaction.atomic():
            DeletedCheckIn.objects.update_or_create(
                client_uuid=self.client_uuid,
                defaults={"patient_id": self.patient_id, "date": self.date, "deleted_at": timezone.now()},
            )
            return super().delete(*args, **kwargs)

    @property
    def has_red_flag(self) -> bool:
        return bool(self.symptoms)

    def as_day(self) -> Day:
        """This check-in as plain data for the pure trends and patterns modules."""
        return as_day(*(getattr(self, field) for field in DAY_FIELDS))

    def symptom_labels(self) -> list[str]:
        """The warning signs noted, as the check-in asked them, most serious first."""
        return [sign.question for sign in triage.signs_of(self.symptoms)]

    @property
    def warning_level(self) -> str | None:
        """EMERGENCY, URGENT or None (checkin/domain/triage.py)."""
        return triage.level_of(self.symptoms)


class DeletedCheckIn(models.Model):
    """A tombstone: the patient deleted their check-in for ``date``.

    The offline sync (checkin/core/sync.py) reads it: a queued check-in for
    that day edited before ``deleted_at`` is superseded, and a replay of the
    deleted row's ``client_uuid`` stays "already stored". Deleting the
    account deletes these too (CASCADE).
    """

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    client_uuid = models.UUIDField(unique=True)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The sync's question: when was this patient's day last deleted?
            models.Index(fields=["patient", "date"], name="deletedcheckin_by_day"),
        ]

    def __str__(self):
        return f"{self.patient_id} deleted {self.date:%Y-%m-%d}"


class WeekSums(models.Model):
    """The first sums of ``totals.Totals``, with the same names
    (``totals.WEEK_SUMS``): what a weekly point and table row show, and
    the start of a patient's history totals."""

    n = models.IntegerField(default=0)
    pain = models.IntegerField(default=0)
    mood = models.IntegerField(default=0)
    # Hours in half-hour steps: sums of halves are exact in a float, which
    # reads several times faster than a Decimal.
    sleep = models.FloatField(default=0)
    exercise = models.IntegerField(default=0)
    # Check-ins that answered sleep, and activity: what the means divide by.
    sleep_n = models.IntegerField(default=0)
    exercise_n = models.IntegerField(default=0)

    class Meta:
        abstract = True


class WeekTotals(WeekSums):
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
    (``tests/insights/test_week_totals.py`` fails until it does). Rebuilding
    this table or ``HistoryTotals`` breaks them too (SQLite refuses the
    rename while they name a missing table): drop them first, as 0014 does.
    """

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # days.week_number: whole weeks since Monday 27 Dec 1999. A number
    # rather than the Monday's date keeps the triggers' SQL the same on both
    # databases and the rows cheap to read.
    week = models.IntegerField()
    # Bit d set when weekday d (0 = Monday) has a check-in: gives the first
    # and last days.
    weekdays = models.SmallIntegerField(default=0)

    class Meta:
        constraints = [
            # The triggers' ON CONFLICT target, and the index the trends page reads by.
            models.UniqueConstraint(fields=["patient", "week"], name="weektotals_one_per_patient_week"),
        ]

    def __str__(self):
        return f"{self.patient_id} week of {week_monday(self.week):%Y-%m-%d}"


class HistoryTotals(WeekSums):
    """``totals.Totals`` of all of one patient's check-ins, kept by the same
    triggers as ``WeekTotals``: the insights for "all" in one row."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The rest of totals.Totals, with the same names.
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
    slept_pain = models.IntegerField(default=0)
    moved_pain = models.IntegerField(default=0)
    moved_mood = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.patient_id}: {self.n} check-ins"
