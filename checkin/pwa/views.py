"""The service worker, rendered with this deploy's cache name and hashed
static URLs; and /favicon.ico.

Routed in checkin/pwa/urls.py ahead of django-pwa's own /serviceworker.js,
which can only serve a fixed file.
"""

import json

from django.conf import settings
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.gzip import gzip_page
from pwa import views as pwa_views

from checkin.models.guidance import SEEK_HELP_SLUG, GuidancePage
from checkin.pwa import app_shell
from checkin.safety import lines as crisis


# Compressed: it is the largest thing a first visit fetches that WhiteNoise
# does not already serve compressed (and it holds no secret for BREACH to find).
@gzip_page
@never_cache  # browsers must see a new version at once; they revalidate the script anyway
def service_worker(request):
    if settings.DEBUG:
        # Static names carry no hash while developing: let an edited file name
        # new caches at the next check rather than at the next restart.
        app_shell.cache_version.cache_clear()
    config = {
        **app_shell.shared_config(),
        # The offline page and Get help now show the crisis lines and the "seek
        # help now" page: an admin's edit of either names new caches.
        "version": app_shell.cache_version() + crisis.version(crisis.all_lines()) + _help_page_version(),
        "precache": app_shell.precache_urls(),
        "offlineUrl": reverse("offline"),
        "workerScripts": [static(path) for path in app_shell.WORKER_SCRIPTS],
        "staticUrl": settings.STATIC_URL,
        "privatePrefixes": list(app_shell.PRIVATE_PREFIXES),
        "csrfCookieName": settings.CSRF_COOKIE_NAME,
        "warning": crisis.warning_config(),
        "notificationIcon": static("icons/icon-192.png"),
        "keptPagesSeconds": settings.MEND_KEPT_PAGES_HOURS * 3600,
    }
    return render(
        request,
        app_shell.SERVICE_WORKER_TEMPLATE,
        {"config": json.dumps(config)},
        content_type="application/javascript; charset=utf-8",
    )


@gzip_page  # no secret in it either; fetched at every install
def manifest(request):
    return pwa_views.manifest(request)


# Compressed too: every install fetches it, and it holds nothing personal (no
# token, no name), so no secret for BREACH to find. django-pwa's own view,
# routed after this one, serves the same template uncompressed.
@gzip_page
def offline(request):
    return render(request, app_shell.OFFLINE_TEMPLATE)


# Browsers ask for /favicon.ico by themselves wherever a page names no icon
# (the Django admin's pages). Redirected rather than served here, so that the
# icon keeps WhiteNoise's hashed, long-cached URL; the redirect itself is kept
# a day, not forever, because the hash changes with the icon.
@cache_control(public=True, max_age=24 * 3600)
def favicon(request):
    return redirect(static("icons/favicon.ico"))


def _help_page_version() -> str:
    """When the guidance on Get help now last changed."""
    changed = GuidancePage.objects.filter(slug=SEEK_HELP_SLUG).values_list("updated_at", flat=True).first()
    return changed.strftime("%Y%m%d%H%M%S%f") if changed else ""
