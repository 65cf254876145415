"""The one rate limiter: named limits, counted in the database.

Each ``Limit`` allows ``limit`` uses per fixed window of ``window`` seconds
for one value (an email address, an account, an IP address). Windows are
aligned to the clock, so a block ends when its window does, however often
it is tried meanwhile. Counting is one atomic UPDATE on a row shared by
every app server, so simultaneous requests cannot slip past the limit.
Logins are limited by django-axes per account and address together
(settings.AXES_*) and, against password spraying, by two limits here: per
account from any address, and per address across accounts.
"""

import datetime
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from checkin.models import RateCount


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window: int  # seconds

    def hit(self, value: str) -> bool:
        """Count one use of ``value``; False once this use is over the limit."""
        return self._add(value, 1) <= self.limit

    def is_over(self, value: str) -> bool:
        """True when ``value`` has used up this window, without counting a use."""
        return self.used(value) >= self.limit

    def used(self, value: str) -> int:
        """How many uses ``value`` has had in this window."""
        key, window = self._row(value)
        return RateCount.objects.filter(key=key, window=window).values_list("count", flat=True).first() or 0

    def forgive(self, value: str) -> None:
        """Take back one use (it turned out not to be one this limit counts)."""
        key, window = self._row(value)
        RateCount.objects.filter(key=key, window=window, count__gt=0).update(count=F("count") - 1)

    def clear(self, value: str) -> None:
        """Ends this window's count for ``value`` (its owner proved who they are)."""
        key, window = self._row(value)
        RateCount.objects.filter(key=key, window=window).delete()

    def _row(self, value: str) -> tuple[str, int]:
        digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]
        return f"{self.name}:{digest}", int(time.time()) // self.window * self.window

    def _add(self, value: str, amount: int) -> int:
        key, window = self._row(value)
        rows = RateCount.objects.filter(key=key, window=window)
        with transaction.atomic():
            if not rows.update(count=F("count") + amount):
                try:
                    with transaction.atomic():
                        expires = _moment(window + self.window)
                        RateCount.objects.create(key=key, window=window, count=amount, expires_at=expires)
                except IntegrityError:  # another request created it first
                    rows.update(count=F("count") + amount)
                else:
                    # Once per new window: forget every window that has ended.
                    RateCount.objects.filter(expires_at__lte=_moment(window)).delete()
            # Read after the update, in the same transaction: at least this request's own count.
            return rows.values_list("count", flat=True).get()


def _moment(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


# Password-reset links: per address asked for, and per client asking.
RESET_PER_EMAIL = Limit("reset-email", limit=5, window=3600)
RESET_PER_CLIENT = Limit("reset-ip", limit=20, window=3600)
# Wrong passwords, beyond axes' five per account and address: many addresses
# on one account (higher: a patient's own phone, laptop and clinic wifi), and
# one address trying many accounts.
LOGIN_PER_ACCOUNT = Limit("login-account", limit=15, window=15 * 60)
LOGIN_PER_ADDRESS = Limit("login-ip", limit=20, window=15 * 60)
# Lock-outs of one account on one address in a day: each pause is twice the
# last (checkin/accounts/lockout.py). Counted only: nothing is refused here.
LOCKOUTS_PER_PAIR = Limit("lockouts-pair", limit=1000, window=24 * 3600)
# Sign-ups: each sends an email, to the address given.
SIGNUP_PER_EMAIL = Limit("signup-email", limit=3, window=3600)
SIGNUP_PER_CLIENT = Limit("signup-ip", limit=20, window=3600)
# Codes at the second step of signing in, per account (each authenticator app
# also waits longer after each wrong code).
SECOND_STEP_PER_ACCOUNT = Limit("second-step", limit=10, window=15 * 60)
# Wrong invitation codes: per clinician account (admins hand these out, so an
# attacker has few) and, looser so colleagues behind one hospital address do
# not lock each other out, per address.
REDEEM_PER_CLINICIAN = Limit("redeem-user", limit=5, window=15 * 60)
REDEEM_PER_ADDRESS = Limit("redeem-ip", limit=20, window=15 * 60)


def client_ip(request) -> str:
    """The address a request came from, for throttles. Behind a proxy
    (DJANGO_BEHIND_PROXY=1) that is the last X-Forwarded-For entry, the one
    the proxy appended itself; entries before it are whatever the client sent."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
