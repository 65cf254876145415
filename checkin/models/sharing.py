"""Sharing: a patient's invitations and shares with clinicians, and the log of every view."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


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

    Only a keyed hash of the invitation code is stored (see checkin/sharing/invites.py):
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
