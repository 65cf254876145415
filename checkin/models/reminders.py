"""Daily reminders: each patient's choice, their devices' push subscriptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q

ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]  # Monday 0, as Python's weekday()


def all_days():
    return list(ALL_DAYS)


class Reminder(models.Model):
    """When and how a patient wants to be reminded (checkin/reminders/)."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="reminder"
    )
    time = models.TimeField(null=True, blank=True, help_text="The patient's own local time.")
    days = models.JSONField(default=all_days, help_text="Weekdays, Monday 0.")
    push = models.BooleanField(default=False)
    email = models.BooleanField(default=False)
    paused_until = models.DateField(null=True, blank=True)  # no reminders up to and including this day
    reminded_on = models.DateField(null=True, blank=True)  # the patient's day last reminded
    # The next reminder's moment in UTC, kept by checkin/reminders/schedule.py
    # whenever the settings, a check-in or a reminder change it; null: none planned.
    next_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # send_reminders' one query: next_at <= now.
            models.Index(fields=["next_at"], name="reminder_due", condition=Q(next_at__isnull=False)),
        ]

    def __str__(self):
        return f"Reminder for {self.patient_id}"


class PushSubscription(models.Model):
    """One device's Web Push subscription (what the browser's pushManager gives)."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    # Sends that failed in a row; at MAX_FAILURES the subscription is dropped
    # (reminders/sending.py), so a dead or slow endpoint is not tried forever.
    failures = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"Push subscription {self.pk}"

    def info(self) -> dict:
        """As pywebpush takes it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
