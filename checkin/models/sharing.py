"""Sharing: a patient's invitations and shares with clinicians, and the log of every view."""

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from checkin.models import invites

# How long an invitation code works before it is redeemed.
INVITE_DAYS = 7
# How long "Stop sharing" can be undone from the sharing page.
UNDO_MINUTES = 10


def undo_cutoff() -> datetime.datetime:
    """Shares stopped after this moment can still be undone."""
    return timezone.now() - datetime.timedelta(minutes=UNDO_MINUTES)


def end_of_day(day: datetime.date, zone) -> datetime.datetime:
    """The instant a share with last day ``day`` stops: the following midnight in the patient's zone."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)


class Team(models.Model):
    """A clinic's team, set up by an admin: a patient who shares with it is
    seen by every member, and by nobody the moment they leave it."""

    name = models.CharField(
        max_length=100, unique=True, help_text="As patients will read it: “Back pain clinic, St Mary's”."
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True, limit_choices_to={"is_clinician": True}
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def team_ids_of(user) -> list[int]:
    """The teams ``user`` is in now, read once per request (kept on the user)."""
    if not hasattr(user, "_team_ids"):
        user._team_ids = list(Team.objects.filter(members=user).values_list("pk", flat=True))
    return user._team_ids


def seen_by(user) -> Q:
    """The shares ``user`` sees as a clinician: their own (not a team's), and
    every share with a team they are in."""
    return Q(team__isnull=True, clinician=user) | Q(team_id__in=team_ids_of(user))


class ShareQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Invitations not yet redeemed, cancelled or expired: the only ones a code can open."""
        return self.filter(clinician__isnull=True, revoked_at__isnull=True, invite_expires_at__gt=now or timezone.now())

    def active(self, now=None):
        """Redeemed shares that still work: not revoked and not past their end."""
        return self.filter(clinician__isnull=False, revoked_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now or timezone.now())
        )

    def invite(
        self, patient, include_notes: bool, last_day: datetime.date | None, include_safety_plan: bool = False
    ) -> tuple["Share", str]:
        """A new invitation from ``patient``; returns it with its code, which is
        stored only as a hash, so this is the one moment it can be shown."""
        now = timezone.now()
        for _attempt in range(3):
            code = invites.new_code()
            try:
                with transaction.atomic():
                    share = self.create(
                        patient=patient,
                        code_hash=invites.code_hash(code),
                        include_notes=include_notes,
                        include_safety_plan=include_safety_plan,
                        invite_expires_at=now + datetime.timedelta(days=INVITE_DAYS),
                        ends_at=end_of_day(last_day, patient.zone) if last_day else None,
                    )
                return share, code
            except IntegrityError:  # the same code drawn twice: astronomically rare, draw again
                continue
        raise RuntimeError("could not draw an unused invitation code")

    def redeem(self, code: str, clinician, team: "Team | None" = None) -> "Share | None":
        """Turn a pending invitation into the clinician's share, or their
        ``team``'s (one they are in); None when the code does not work.

        "Does not work" covers unknown, used, cancelled, expired and one's own
        codes alike, so the answer never tells whether a code existed. The row
        is locked while it is redeemed, so two clinicians racing for one code
        cannot both win.
        """
        now = timezone.now()
        with transaction.atomic():
            share = self.pending(now).select_for_update().filter(code_hash=invites.code_hash(code)).first()
            if share is None or share.patient_id == clinician.pk:
                return None
            # A clinician, or a team, appears once per patient: a new invitation replaces an earlier share.
            earlier = Q(team=team) if team else Q(team__isnull=True, clinician=clinician)
            self.filter(earlier, patient_id=share.patient_id, revoked_at__isnull=True).update(revoked_at=now)
            share.clinician, share.team = clinician, team
            share.redeemed_at = now
            share.code_hash = None  # single use
            share.save(update_fields=["clinician", "team", "redeemed_at", "code_hash"])
        return share


class Share(models.Model):
    """A patient's invitation to one clinician, and the share it becomes once redeemed.

    The primary key is a random UUID: it is the opaque identifier in clinician
    URLs, so share ids cannot be guessed or counted.

    Only a keyed hash of the invitation code is stored (see checkin/models/invites.py):
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
    include_safety_plan = models.BooleanField(
        default=False, help_text="The patient's safety plan is private unless they tick this for the share."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    invite_expires_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)
    # An instant rather than a date: the patient picks a last day in their own
    # time zone, and one instant lets every query and check agree on "ended".
    ends_at = models.DateTimeField(null=True, blank=True, help_text="The share stops at this moment, if set.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Ended from the clinic's side (a discharge), not by the patient: the
    # patient is told so, cannot undo it, and can invite again.
    ended_by_clinician = models.BooleanField(default=False)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    # The clinic's own number for the patient (an NHS number, a hospital
    # number), set by the clinician: it files the report and matches the
    # FHIR Bundle to the clinic's record. The patient sees it on their share page.
    clinic_number = models.CharField(max_length=40, blank=True)
    # Shared with a team: every member sees the patient, ``clinician`` is only
    # who redeemed the code. A team with shares cannot be deleted: an admin
    # removes its members instead, which ends their access at once.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="shares")

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
            # A clinician, or a team, appears at most once in a patient's list
            # of shares: redeeming a second invitation replaces the first share.
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=Q(revoked_at__isnull=True, clinician__isnull=False, team__isnull=True),
                name="share_one_open_per_clinician",
            ),
            models.UniqueConstraint(
                fields=["patient", "team"],
                condition=Q(revoked_at__isnull=True, team__isnull=False),
                name="share_one_open_per_team",
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
    def recipient(self) -> str:
        """Who the patient shares with, as they read it: the team's name, or the clinician's."""
        if self.team_id is not None:
            return str(self.team)
        return self.clinician.get_full_name() if self.clinician else ""

    @property
    def is_redeemed(self) -> bool:
        return self.clinician_id is not None

    def is_active(self, now=None) -> bool:
        """The Python twin of ShareQuerySet.active(), for a share already loaded."""
        now = now or timezone.now()
        return self.is_redeemed and self.revoked_at is None and (self.ends_at is None or self.ends_at > now)

    def is_seen_by(self, user) -> bool:
        """The Python twin of ``seen_by``: active, and ``user``'s own or their team's."""
        if self.team_id is not None:
            mine = self.team_id in team_ids_of(user)
        else:
            mine = self.clinician_id == user.pk
        return mine and self.is_active()

    def revoke(self) -> None:
        """Stop the share, or cancel the invitation, at once (again: no change)."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.code_hash = None  # a cancelled invitation's code must never work again
            self.save(update_fields=["revoked_at", "code_hash"])

    def end_by_clinician(self) -> None:
        """The clinician's discharge: the share stops at once, marked as theirs."""
        if self.revoked_at is None:
            self.revoked_at, self.ended_by_clinician = timezone.now(), True
            self.save(update_fields=["revoked_at", "ended_by_clinician"])

    def undo_revoke(self) -> bool:
        """Share again, as if never stopped, within UNDO_MINUTES of stopping a
        redeemed share (a slip of the thumb is undone without a new code).
        False when too late, when the clinician ended it, or when the patient
        has shared with this clinician again since."""
        if not self.is_redeemed or self.revoked_at is None or self.revoked_at < undo_cutoff():
            return False
        if self.ended_by_clinician:
            return False
        stopped, self.revoked_at = self.revoked_at, None
        try:
            with transaction.atomic():
                self.save(update_fields=["revoked_at"])
        except IntegrityError:  # share_one_open_per_clinician: a newer share is open
            self.revoked_at = stopped
            return False
        return True

    def set_last_day(self, day: datetime.date | None) -> None:
        """Share up to the end of ``day`` in the patient's zone; None: no end date."""
        self.ends_at = end_of_day(day, self.patient.zone) if day else None
        self.save(update_fields=["ends_at"])

    @property
    def last_day(self) -> datetime.date | None:
        """The last day of the share in the patient's time zone (ends_at is the midnight after it)."""
        if self.ends_at is None:
            return None
        return (self.ends_at.astimezone(self.patient.zone) - datetime.timedelta(days=1)).date()


class AccessLog(models.Model):
    """One clinician view of a patient's data, readable by the patient."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_logs")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    share = models.ForeignKey(Share, on_delete=models.SET_NULL, null=True, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [
            # "Who viewed my data": one patient's log, newest first.
            models.Index(fields=["patient", "-viewed_at"], name="accesslog_by_patient"),
        ]


class PatientSummary(models.Model):
    """What a clinician's list of patients shows and sorts by, kept up to date
    as the patient's check-ins, questionnaires and reviews change
    (checkin/sharing/summaries.py), so that a list of thousands of patients
    joins one row per patient and reads no one's days."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    last_checkin = models.DateField(null=True)
    # The last day (the patient's calendar) an urgent card of an admin's rule
    # stays on without another check-in; null when there is none.
    urgent_until = models.DateField(null=True)
    # The latest PHQ-9's band and score, and the latest PEG's score: the list
    # shows them and sorts by them.
    phq9_band = models.CharField(max_length=20, blank=True)
    phq9_score = models.PositiveSmallIntegerField(null=True)
    peg_score = models.PositiveSmallIntegerField(null=True)
    # The safety signals no clinician has marked seen yet (checkin/safety/signals.py):
    # the most serious one's level ("" for none) and the last day any was reported.
    signal_level = models.CharField(max_length=10, blank=True)
    signal_last = models.DateField(null=True)

    class Meta:
        verbose_name_plural = "patient summaries"


class SignalReview(models.Model):
    """A clinician marked a patient's safety signals seen, up to a day.

    Signals reported after ``seen_through`` are unseen again. The patient
    reads each review in their access log ("saw your warning signs of 4 Dec")."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signal_reviews")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    seen_through = models.DateField(help_text="The patient's calendar day up to which the signals were seen.")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-seen_at"]
        indexes = [models.Index(fields=["patient", "-seen_through"], name="signalreview_latest")]
