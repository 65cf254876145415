"""A small failure counter for invitation codes, kept in Django's cache.

Wrong codes are counted per clinician account and per IP address over a
fixed window. The account is the tighter limit (accounts are handed out by
admins, so an attacker has few of them); the address limit is looser so that
colleagues behind one hospital address do not lock each other out, yet a
run of accounts from one address is still slowed down.

The cache must be shared by every app server for the limits to hold across
them (see README: "Sharing with clinicians").
"""

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str
    max_failures: int


WINDOW_SECONDS = 15 * 60
LIMITS = (Limit("user", 5), Limit("ip", 20))


def _keys(user_id, ip: str) -> list[tuple[str, Limit]]:
    values = {"user": str(user_id), "ip": ip or "unknown"}
    return [(f"mend:redeem-failures:{limit.scope}:{values[limit.scope]}", limit) for limit in LIMITS]


def is_blocked(user_id, ip: str) -> bool:
    """True when this account or address has used up its wrong codes for the window."""
    keys = _keys(user_id, ip)
    counts = cache.get_many([key for key, _ in keys])
    return any(counts.get(key, 0) >= limit.max_failures for key, limit in keys)


def record_failure(user_id, ip: str) -> None:
    """Count one wrong code against the account and the address."""
    for key, _ in _keys(user_id, ip):
        # add() starts the window only if no count exists; incr() keeps its expiry.
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, WINDOW_SECONDS)
