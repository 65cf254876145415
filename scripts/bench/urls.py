"""Mend's URLs plus the benchmark's own pages, for scripts/bench/settings.py and
scripts/bench/settings_bare.py only (scripts/loadbench.py)."""

from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from checkin.models import User
from config.urls import handler500  # noqa: F401 (handler500 is read from here)
from config.urls import urlpatterns as app_urlpatterns


def ok(request):
    """The ceiling: does nothing and says so."""
    return HttpResponse("ok", content_type="text/plain")


def signed_in(request):
    """The least a signed-in page can be: load the session and the user, say "ok"."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def write(request):
    """The least a signed-in write can be: one UPDATE of the user's own row, no
    form, then a redirect (under settings_bare, which has no CSRF check)."""
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    User.objects.filter(pk=request.user.pk).update(last_login=timezone.now())
    return HttpResponseRedirect("/")


urlpatterns = [path("bench/ok", ok), path("bench/signed-in", signed_in), path("bench/write", write), *app_urlpatterns]
