"""All of Mend's middleware: small pieces Django has no setting for.

- RefuseNulMiddleware: a NUL character in the query string is answered 400
  (no page takes one, and PostgreSQL refuses to store or compare it).
- SessionRefreshMiddleware: sessions end after two weeks without a visit,
  without a session write on every request.
- DatabaseUnavailableMiddleware: a clear 503 page (checkin/web/errors.py)
  when the database is away.
- RoleSessionLimitMiddleware: clinicians' and admins' sessions end after a
  fixed time and after a short idle time.
- SecondStepMiddleware: clinicians and admins (and patients who chose it)
  pass a second step after their password before their pages open.
- PatientTimeZoneMiddleware: times in the signed-in person's own zone.
- PrivatePagesMiddleware: nothing shown to a signed-in person is stored by a
  browser's or proxy's cache (the service worker keeps its own copies).
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

from checkin.accounts import second_step
from checkin.web.errors import database_unreachable, unavailable_response

logger = logging.getLogger(__name__)


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in value for values in request.GET.lists() for value in [values[0], *values[1]]):
            return HttpResponseBadRequest(
                "The address holds a NUL character (%00), which no page of Mend takes.", content_type="text/plain"
            )
        return self.get_response(request)


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
    need not write it again, and start the clock of a role's limits."""
    now = int(time.time())
    request.session[REFRESHED_AT] = request.session[STARTED_AT] = request.session[SEEN_AT] = now


STARTED_AT, SEEN_AT = "_started_at", "_seen_at"
# How stale the last-seen stamp may get before a request writes it again.
SEEN_STEP_SECONDS = 60
PATIENT_SESSION_ENDED = "For safety, Mend asks for your password every {days} days. Please log in again."
ROLE_SESSION_ENDED = "For safety, a clinician's or admin's session ends after {hours} hours, or {idle} minutes unused. Please log in again."


class RoleSessionLimitMiddleware:
    """Clinicians and admins can read many patients' data, so their sessions
    end MEND_STAFF_SESSION_HOURS after logging in, whatever happens, and after
    MEND_STAFF_IDLE_MINUTES without a request. A patient's slides two weeks
    from each visit, but ends MEND_PATIENT_SESSION_DAYS after logging in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not (user.is_clinician or user.is_staff):
            # A session from before this limit: its clock starts now (a write only that once).
            started = request.session.setdefault(STARTED_AT, int(time.time()))
            if time.time() - started > settings.MEND_PATIENT_SESSION_DAYS * 86400:
                logout(request)
                words = PATIENT_SESSION_ENDED.format(days=settings.MEND_PATIENT_SESSION_DAYS)
                if request.path.startswith("/api/"):
                    return JsonResponse({"errors": {"__all__": [words]}}, status=401)
                messages.info(request, words)
                return redirect_to_login(request.get_full_path())
        elif user.is_authenticated:
            session, now = request.session, int(time.time())
            hours, idle = settings.MEND_STAFF_SESSION_HOURS, settings.MEND_STAFF_IDLE_MINUTES
            # A session from before these limits: its clock starts now.
            started, seen = session.setdefault(STARTED_AT, now), session.get(SEEN_AT, now)
            if now - started > hours * 3600 or now - seen > idle * 60:
                logout(request)
                words = ROLE_SESSION_ENDED.format(hours=hours, idle=idle)
                if request.path.startswith("/api/"):
                    return JsonResponse({"errors": {"__all__": [words]}}, status=401)
                messages.info(request, words)
                return redirect_to_login(request.get_full_path())
            if now - seen >= SEEN_STEP_SECONDS or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


# What opens between the password and the second step: public pages, crisis
# help, the way out, and the second step itself.
BEFORE_SECOND_STEP = {
    "login",
    "logout",
    "second_step",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "help",
    "healthz",
    "offline",
    "manifest",
    "mend_serviceworker",
    "guidance_index",
    "guidance_page",
    "fhir_code_system",
    "reminder_unsubscribe",
    "otp_webauthn:credential-authentication-begin",
    "passkey_authentication_complete",
    "otp_webauthn:js-i18n-catalog",
}
# ...and, for a clinician or admin who has no second step yet, setting one up.
SETTING_UP_SECOND_STEP = {
    "second_step_setup",
    "second_step_app",
    "second_step_codes",
    "passkey_registration_complete",
    "otp_webauthn:credential-registration-begin",
}
SECOND_STEP_NEEDED = "Please finish signing in with your second step."


class SecondStepMiddleware:
    """A password alone opens nothing personal for someone who needs a second
    step (checkin.accounts.second_step.needed): every other page sends them to
    it, or, for a clinician or admin with none yet, to setting one up. The API
    answers 401 so an offline queue keeps its check-ins for later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        # Who needs it is read off the user row; only then ask django-otp, which may load the device.
        if not user.is_authenticated or not second_step.needed(user) or user.is_verified():
            return None
        name = request.resolver_match.view_name
        if name in BEFORE_SECOND_STEP or (not user.second_step and name in SETTING_UP_SECOND_STEP):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"errors": {"__all__": [SECOND_STEP_NEEDED]}}, status=401)
        target = "second_step" if user.second_step else "second_step_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers 503 with a page saying so, not a 500.

    Only when the database cannot be reached: see errors.database_unreachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unreachable(exception):
            logger.error("Database unavailable: %s", exception, exc_info=exception)
            return unavailable_response()
        return None  # anything else, a database error included, is a 500 logged by Django


class PatientTimeZoneMiddleware:
    """Show times in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Every response to a signed-in person says ``Cache-Control: private,
    no-store``: their pages hold health data, and a shared computer's browser
    cache or a proxy must keep none of it. The service worker keeps copies of
    the person's own pages on purpose (templates/pwa/serviceworker.js), emptied
    when anyone logs out; static files and the worker's own script are left as
    they are. Views behind ``login_required`` need no ``never_cache`` of their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            if response.get("Content-Type", "").startswith(
                ("text/html", "application/json", "application/fhir+json", "text/csv", "text/calendar")
            ):
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
        return response
