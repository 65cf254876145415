"""Validated questionnaires: each patient's responses, and the schedule admins set.

A response is stored as given, item by item, with the score and band it had
when saved (checkin/domain/instruments.py scores it); editing an
answer scores it again. One response per instrument per day, like check-ins.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from checkin.domain.instruments import INSTRUMENTS
from checkin.domain.instruments import meaning as meaning_of
from checkin.models.checkins import FIRST_DATE

INSTRUMENT_CHOICES = [(slug, instrument.name) for slug, instrument in INSTRUMENTS.items()]


class QuestionnaireSchedule(models.Model):
    """How often Mend offers one questionnaire on the patient's home page."""

    instrument = models.CharField(
        max_length=8,
        choices=INSTRUMENT_CHOICES,
        unique=True,
        help_text="PHQ-2 and GAD-2 step up to the PHQ-9 and GAD-7 by themselves when positive.",
    )
    every_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Offered again this many days after the last answer (1 to 365).",
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["instrument"]
        constraints = [
            models.CheckConstraint(condition=Q(every_days__gte=1, every_days__lte=365), name="schedule_every_1_365"),
        ]

    def __str__(self):
        return f"{INSTRUMENTS[self.instrument].name} every {self.every_days} days"


class QuestionnaireResponse(models.Model):
    """One completed questionnaire: the answers as given, and the score and
    band worked out from them when it was saved."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responses")
    instrument = models.CharField(max_length=8, choices=INSTRUMENT_CHOICES)
    version = models.CharField(max_length=20)
    date = models.DateField(help_text="The patient's own calendar day.")
    answers = models.JSONField(help_text='Item by item: {"item1": 0, ...}.')
    difficulty = models.PositiveSmallIntegerField(null=True, blank=True)  # PHQ-9 only, never scored
    score = models.DecimalField(max_digits=3, decimal_places=1)
    band = models.CharField(max_length=20, blank=True)
    # PHQ-9 item 9 above "Not at all": kept as a column so the clinician's
    # list can sort these patients first without reading every answer.
    self_harm = models.BooleanField(default=False)
    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    completed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            # Also the index behind "latest response per instrument".
            models.UniqueConstraint(fields=["patient", "instrument", "date"], name="response_one_per_instrument_day"),
            models.CheckConstraint(condition=Q(instrument__in=list(INSTRUMENTS)), name="response_instrument_known"),
            models.CheckConstraint(condition=Q(date__gte=FIRST_DATE), name="response_date_from_2000"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=27), name="response_score_0_27"),
        ]

    def __str__(self):
        return f"{self.get_instrument_display()} on {self.date}"

    @property
    def spec(self):
        return INSTRUMENTS[self.instrument]

    @property
    def meaning(self) -> str:
        """What the score means, beside it (domain.instruments.meaning)."""
        return meaning_of(self.spec, self.score_value)

    @property
    def score_value(self):
        """The score as the instrument states it: a whole number (the PEG's mean is rounded, as LOINC states it)."""
        return int(self.score)


# What a clinician may ask a patient to answer: the full scales.
ASKABLE = ("peg", "phq9", "gad7")


def how_often(every_days: int | None) -> str:
    """A request's frequency in words: "once" or "every 14 days"."""
    return "once" if every_days is None else f"every {every_days} days"


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        """Requests neither declined by the patient nor stopped by a clinician."""
        return self.filter(declined_at__isnull=True, stopped_at__isnull=True)

    def ask(self, share, clinician, instrument: str, every_days: int | None, asked_on) -> "Assignment":
        """A new request through ``share``; an open one for the same questionnaire is stopped first."""
        with transaction.atomic():
            self.open().filter(share=share, instrument=instrument).update(stopped_at=timezone.now())
            return self.create(
                share=share, instrument=instrument, every_days=every_days, asked_by=clinician, asked_on=asked_on
            )


class Assignment(models.Model):
    """A clinician's request, through a share, that the patient answer one
    questionnaire once or every ``every_days`` days. Home shows it as due
    (checkin/questionnaires/schedule.py: ``asked_due``) until it is answered,
    the patient declines it, the clinician stops it, or the share ends."""

    share = models.ForeignKey("checkin.Share", on_delete=models.CASCADE, related_name="assignments")
    instrument = models.CharField(max_length=8, choices=[(s, INSTRUMENTS[s].name) for s in ASKABLE])
    every_days = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )  # None: once
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    asked_on = models.DateField(help_text="The patient's calendar day it was asked on.")
    declined_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            models.CheckConstraint(condition=Q(instrument__in=ASKABLE), name="assignment_instrument_askable"),
            # One open request per questionnaire per share: asking again stops the earlier one.
            models.UniqueConstraint(
                fields=["share", "instrument"],
                condition=Q(declined_at__isnull=True, stopped_at__isnull=True),
                name="assignment_one_open_per_instrument",
            ),
        ]

    @property
    def spec(self):
        return INSTRUMENTS[self.instrument]

    @property
    def is_open(self) -> bool:
        """The Python twin of ``AssignmentQuerySet.open``."""
        return self.declined_at is None and self.stopped_at is None

    def how_often(self) -> str:
        return how_often(self.every_days)
