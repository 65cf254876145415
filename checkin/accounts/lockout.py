"""How django-axes, which locks out repeated wrong passwords, reads a login,
and how long its pause lasts.

Five wrong passwords for one account from one address pause logging in to
that account there for 15 minutes; each further pause of the same pair on the
same day lasts twice the one before (30 minutes, an hour, ...), at most a day.
So an attacker at one address gets a few dozen guesses a day instead of 480,
while the owner elsewhere is not held up at all, and a reset link still
lifts the pause (checkin/accounts/passwords.py).
"""

import datetime

from axes.models import AccessAttemptExpiration
from django.utils import timezone

from checkin.core.ratelimit import LOCKOUTS_PER_PAIR, client_ip

FIRST_PAUSE = datetime.timedelta(minutes=15)
LONGEST_PAUSE = datetime.timedelta(days=1)


def login_email(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the email the login form's `username` field
    holds, read as the form reads it (trimmed, lower case), so that varying
    the case does not earn an attacker fresh tries."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return str(raw).strip().lower()


def pair_of(email: str, address: str) -> str:
    """An account and an address: what a pause applies to."""
    return f"{email} {address}"


def pair(request) -> str:
    """The account and address a login is for."""
    return pair_of(login_email(request, None), client_ip(request))


def pause_after(lockouts: int) -> datetime.timedelta:
    """How long the pause lasts after the day's ``lockouts``-th lock-out of a pair."""
    return min(FIRST_PAUSE * 2 ** max(lockouts - 1, 0), LONGEST_PAUSE)


def cool_off(request) -> datetime.timedelta:
    """AXES_COOLOFF_TIME: how long this login's pair stays paused, and how far
    back its wrong passwords count."""
    return pause_after(LOCKOUTS_PER_PAIR.used(pair(request))) if request is not None else FIRST_PAUSE


def count_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """On axes' ``user_locked_out``: a new pause (not a try during one, which
    axes also reports) counts towards the next one's length, and this one
    lasts as long as its count says."""
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    LOCKOUTS_PER_PAIR.hit(pair(request))
    AccessAttemptExpiration.objects.filter(
        access_attempt__username=username, access_attempt__ip_address=ip_address
    ).update(expires_at=timezone.now() + cool_off(request))
