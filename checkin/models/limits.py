"""Counters for the rate limiter (checkin/core/ratelimit.py)."""

from django.db import models


class RateCount(models.Model):
    """How often one key used one named limit in one fixed window.

    In the database, not a cache: every app server counts in the same row,
    the count is raised with one atomic UPDATE, and a window ends when its
    clock time says so, never later because the counter was bumped.
    """

    # "<limit name>:<hash of the value>": no email address or IP is stored.
    key = models.CharField(max_length=80)
    # The window's start, in whole seconds since the epoch (a multiple of its length).
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            # The row each hit raises; two first hits racing meet here.
            models.UniqueConstraint(fields=["key", "window"], name="ratecount_one_per_key_window"),
        ]
        indexes = [
            # The clean-up: delete every window that has ended.
            models.Index(fields=["expires_at"], name="ratecount_by_expiry"),
        ]

    def __str__(self):
        return f"{self.key} @ {self.window}: {self.count}"
