"""Small pieces of production hardening that Django has no setting for.

- PermissionsPolicyMiddleware: a Permissions-Policy header that turns off the
  browser features Mend never uses.
- SessionRefreshMiddleware: sessions end after two weeks without a visit,
  without a session write on every request.
- login_email, client_ip: how django-axes reads the login form and the
  client's address; RateLimit: a counter for other throttles.
- DatabaseUnavailableMiddleware and server_error: a clear 503 page, rendered
  without touching the database, when the database is away.
"""

import hashlib
import logging
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

# Features a check-in app never needs; an empty allow-list "()" turns each off
# for the page and for anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# How stale the session's expiry may get before a request slides it forward.
# Sessions therefore end between SESSION_COOKIE_AGE minus this and
# SESSION_COOKIE_AGE after the last visit.
SESSION_REFRESH_SECONDS = 3600
REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Keep a signed-in session alive while it is used, for two weeks after the last visit.

    SESSION_SAVE_EVERY_REQUEST would do it with a database write on every
    request; this writes the session at most once an hour per person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        # Only sessions the request already read (no extra query) and that
        # belong to someone signed in; an anonymous visit never creates one.
        if session.accessed and session.get(SESSION_KEY) is not None:
            now = int(time.time())
            if now - session.get(REFRESHED_AT, 0) >= SESSION_REFRESH_SECONDS:
                # Marks the session modified: SessionMiddleware saves it with a
                # new expiry date and sends the cookie again with a new max-age.
                session[REFRESHED_AT] = now
        return response


def mark_session_fresh(sender, request, user, **kwargs):
    """On log-in the session is saved anyway: stamp it, so the next request
    need not write it again."""
    request.session[REFRESHED_AT] = int(time.time())


def login_email(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the email the login form's `username` field
    holds, read as the form reads it (trimmed, lower case), so that varying
    the case does not earn an attacker fresh tries."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return str(raw).strip().lower()


def client_ip(request) -> str:
    """The address a request came from, for throttles. Behind a proxy
    (DJANGO_BEHIND_PROXY=1) that is the last X-Forwarded-For entry, the one
    the proxy appended itself; entries before it are whatever the client sent."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` uses per `window` seconds for one key, counted in the
    shared cache (a fixed window that starts with the first use)."""

    name: str
    limit: int
    window: int

    def hit(self, value: str) -> bool:
        """Count one use for `value`; False once it is over the limit."""
        # Hashed: the cache then holds no email addresses, and keys stay short.
        key = f"mend:{self.name}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"
        if cache.add(key, 1, self.window):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, self.window)
            return True
        return count <= self.limit


DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without the request, so no context processor
    runs: nothing reads the session, the user or anything else from the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers 503 with a page saying so, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable: %s", exception, exc_info=exception)
            return unavailable_response()
        return None


def server_error(request, template_name="500.html"):
    """handler500. Errors raised outside a view never reach process_exception:
    the most common one with the database away is loading the session or the
    signed-in user in middleware. Those land here, still inside Django's
    exception handler, so sys.exc_info() names the error."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response()
    return defaults.server_error(request, template_name)
