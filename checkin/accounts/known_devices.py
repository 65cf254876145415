"""The devices an account has signed in from before, so that a lock-out
aimed at someone does not keep them out.

Wrong passwords for one account from many addresses (or from one address
across many accounts) pause logins, the right password included: that stops
password spraying, but would also let a stranger keep a chosen person out. So
a successful sign-in leaves a signed cookie on the device naming the accounts
signed in there, each as a keyed hash of its email (nothing readable, and no
hint of whether an address has an account); while a pause holds, that device
still gets in with the right password. django-axes' lock of one account from
one address applies to every device alike.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

COOKIE = "mend_known"
SALT = "mend.known-device"
MAX_ACCOUNTS = 5  # a family's shared tablet, not a hotel lobby's
DAYS = 365


def _tag(email: str) -> str:
    return salted_hmac(SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:24]


def _tags(request) -> list[str]:
    return [tag for tag in request.get_signed_cookie(COOKIE, default="", salt=SALT).split(",") if tag]


def is_known(request, email: str) -> bool:
    """True when this device has signed in to ``email``'s account before."""
    return _tag(email) in _tags(request)


def remember(request, response, email: str) -> None:
    """Marks this device as one ``email``'s account signs in from."""
    tag = _tag(email)
    tags = [tag, *(known for known in _tags(request) if known != tag)][:MAX_ACCOUNTS]
    response.set_signed_cookie(
        COOKIE,
        ",".join(tags),
        salt=SALT,
        max_age=DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
