"""Mend's own error pages: the 503 when the database is away, the 500, and
the refused form (CSRF), each in plain words."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_answers() -> bool:
    """True when the database answers a trivial query (connecting again if the
    connection was lost)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def database_unreachable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot be reached right now: the
    one case for the 503 page. A database error while the database still
    answers (a missing table after a forgotten migrate, say) is a fault to
    fix, not a break to wait out: a 500, with its cause in the log."""
    return isinstance(error, DATABASE_ERRORS) and not database_answers()


def unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without the request, so no context processor
    runs: nothing reads the session, the user or anything else from the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request, template_name="500.html"):
    """handler500. Errors raised outside a view never reach process_exception:
    the most common one with the database away is loading the session or the
    signed-in user in middleware. Those land here, still inside Django's
    exception handler, so sys.exc_info() names the error."""
    if database_unreachable(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request, template_name)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON for the API; elsewhere a page in plain words
    that links back to the page the form came from, for a fresh one (Django
    logs the reason itself, to django.security.csrf)."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"errors": {"__all__": ["Missing or stale CSRF token: reload the page and try again."]}}, status=403
        )
        add_never_cache_headers(response)
        return response
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
    return render(request, "403_csrf.html", {"again_url": referer if same_site else "/"}, status=403)
