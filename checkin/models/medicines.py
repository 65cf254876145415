"""A patient's medicines, in their own words (the list on /medicines/).

Mend records what the patient says they take. It never checks, suggests or
works out a dose: there is no drug database, no maximum, no interval.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

NAME_MAX_LENGTH = 80
DOSE_TEXT_MAX_LENGTH = 60
MEDICINE_NOTE_MAX_LENGTH = 500


class Medicine(models.Model):
    """One medicine on the patient's list; a stopped one stays, for the history."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medicines")
    # Made on the phone for one sent from the offline queue (checkin/core/sync.py).
    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    dose_text = models.CharField("strength or dose", max_length=DOSE_TEXT_MAX_LENGTH, blank=True)
    as_needed = models.BooleanField("taken as needed", default=False)
    started_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=MEDICINE_NOTE_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(stopped_on__isnull=True) | Q(stopped_on__gte=F("started_on")),
                name="medicine_stops_after_it_starts",
            )
        ]

    def __str__(self):
        return self.name

    def delete(self, *args, **kwargs):
        """Delete it and leave a tombstone (``DeletedMedicine``), so that a
        phone's queued copy cannot bring it back."""
        with transaction.atomic():
            DeletedMedicine.objects.update_or_create(
                client_uuid=self.client_uuid, defaults={"patient_id": self.patient_id, "deleted_at": timezone.now()}
            )
            return super().delete(*args, **kwargs)


class DeletedMedicine(models.Model):
    """A tombstone: a replay of a deleted medicine's ``client_uuid`` stays
    "already stored" and brings nothing back. Deleting the account deletes these too."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_uuid = models.UUIDField(unique=True)
    deleted_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.patient_id} deleted medicine {self.client_uuid}"


class Dose(models.Model):
    """A dose the patient says they took: when, and how many of the medicine's units."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="doses")
    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    medicine = models.ForeignKey(Medicine, on_delete=models.CASCADE, related_name="doses")
    taken_at = models.DateTimeField()
    amount = models.DecimalField(max_digits=5, decimal_places=2, default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["taken_at", "pk"]
        indexes = [models.Index(fields=["patient", "taken_at"], name="dose_by_time")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="dose_amount_positive")]

    def __str__(self):
        return f"{self.medicine_id} at {self.taken_at:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        """Delete it and leave a tombstone (``DeletedDose``): a replay brings nothing back."""
        with transaction.atomic():
            DeletedDose.objects.update_or_create(
                client_uuid=self.client_uuid, defaults={"patient_id": self.patient_id, "deleted_at": timezone.now()}
            )
            return super().delete(*args, **kwargs)


class DeletedDose(models.Model):
    """A tombstone for a deleted dose, as ``DeletedMedicine`` is for a medicine."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_uuid = models.UUIDField(unique=True)
    deleted_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.patient_id} deleted dose {self.client_uuid}"


class DoseEffect(models.Model):
    """ "Did it help?": the pain the patient gave some time after a dose (0-10).
    No row means unanswered, never zero."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dose_effects")
    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dose = models.OneToOneField(Dose, on_delete=models.CASCADE, related_name="effect")
    pain = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pain__lte=10), name="dose_effect_pain_0_10")]

    def __str__(self):
        return f"pain {self.pain} after dose {self.dose_id}"
