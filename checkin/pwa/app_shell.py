"""What the service worker needs to know, computed on the server.

- PRECACHE_STATIC / PRECACHE_PAGES: the app shell, fetched when the service
  worker installs. `cache.addAll` fails the whole install if one URL does not
  answer 200, so tests fetch every one of them.
- cache_version(): a short hash of the deployed shell (its static URLs, which
  carry content hashes in production, and the files' bytes where the source is
  at hand, plus the service worker and offline page templates). Computed once
  per process: a deploy restarts the process and so names new caches.
- PRIVATE_PREFIXES: pages never kept in any cache.
- owner_tag(user): an opaque per-account tag, so the phone can tell when a
  different person is now logged in and must not see the last one's pages.
"""

import functools
import hashlib

from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from checkin.core.dates import DATE_WORDS
from checkin.core.sync import owner_tag
from checkin.domain.instruments import SELF_HARM_ITEM

# The offline queue, for the pages and the service worker alike.
QUEUE_SCRIPTS = ("js/queue/store.js", "js/queue/send.js")
# What the service worker imports: the queue, then its own parts by job.
WORKER_SCRIPTS = (*QUEUE_SCRIPTS, "js/worker/caches.js", "js/worker/sending.js", "js/worker/notifications.js")

# Every page's scripts, in the order they run (js/pwa/app.js says what each does).
PAGE_SCRIPTS = (
    *QUEUE_SCRIPTS,
    "js/pwa/app.js",
    "js/pwa/status.js",
    "js/pwa/today.js",
    "js/pwa/offline-form.js",
    "js/pwa/questionnaire.js",
    "js/pwa/kept-answers.js",
    "js/pwa/shared-phone.js",
    "js/pwa/install.js",
    "js/pwa/start.js",
)

PRECACHE_STATIC = (
    "vendor/bootstrap-5.3.9/bootstrap.mend.min.css",
    "css/mend.css",
    "js/theme.js",
    *PAGE_SCRIPTS,
    "icons/favicon-32.png",
    "icons/icon-192.png",
)
PRECACHE_PAGES = ("offline", "manifest")  # URL names (django-pwa's)
# "Get help now" opens offline even if never visited: the worker keeps a copy
# fetched without cookies (nobody's page, so it stays after logging out).
HELP_PAGE = "help"

# Staff, clinician, sharing, account and API responses: personal or someone
# else's; the service worker sends these to the network only, never to a cache.
PRIVATE_PREFIXES = ("/admin/", "/clinician/", "/share/", "/account/", "/accounts/", "/api/")

# POSTs to these end the session on this phone: the service worker empties the
# page cache before passing them on.
SESSION_ENDING_URL_NAMES = ("logout", "logout_everywhere", "account_delete")

# The service worker keeps the signed-in person's pages in the cache named
# this plus the deploy's version, and pages empty it on logging out.
PAGES_CACHE_PREFIX = "mend-pages-"
# Where a check-in saved on the phone lands, so the page can say so.
SAVED_ON_PHONE = "?saved=phone"

SERVICE_WORKER_TEMPLATE = "pwa/serviceworker.js"
OFFLINE_TEMPLATE = "offline.html"
# The offline page includes it, so a change to it must name new caches too.
HEAD_TEMPLATE = "_head_assets.html"


def precache_urls() -> list[str]:
    return [static(name) for name in PRECACHE_STATIC] + [reverse(name) for name in PRECACHE_PAGES]


def session_ending_paths() -> list[str]:
    return [reverse(name) for name in SESSION_ENDING_URL_NAMES]


def shared_config() -> dict:
    """What the page scripts and the service worker both need, from one place."""
    return {
        "apiUrl": reverse("api_checkins"),
        "checkinUrl": reverse("checkin_today"),
        "helpUrl": reverse(HELP_PAGE),
        "savedUrl": reverse("home") + SAVED_ON_PHONE,
        # Forms the service worker keeps on the phone when posting them fails:
        # the check-in (sent to apiUrl) and the questionnaires.
        "offlineForms": [
            {"path": reverse("checkin_today")},
            {
                "path": reverse("measures"),
                "api": reverse("api_measures"),
                "what": "questionnaire",
                "safetyItem": SELF_HARM_ITEM,
            },
        ],
        "pagesCachePrefix": PAGES_CACHE_PREFIX,
        "sessionEnding": session_ending_paths(),
        # Where a safety plan typed without a connection waits (js/safety-plan.js).
        "planDraftPrefix": "mend-plan-",
        # Month and weekday names for dates the scripts write.
        "dates": DATE_WORDS,
    }


def page_config(user, csrf_token: str = "") -> dict:
    """The page scripts' settings (#mend-config). ``user`` is None on a page
    rendered without a request (the 503 page): it counts as logged out."""
    signed_in = bool(user and user.is_authenticated)
    return {
        **shared_config(),
        "owner": owner_tag(user) if signed_in else "",
        # Only signed-in pages send check-ins, so only they need the token.
        "csrf": str(csrf_token) if signed_in else "",
        "sw": reverse("mend_serviceworker"),
        # When the server drew this page: a phone's warning-sign advice for a
        # check-in sent before then gives way to what the page itself shows.
        "rendered": timezone.now().isoformat() if signed_in else "",
    }


def offline_page_config() -> dict:
    """The offline page's settings: it is cached for everyone, so it belongs
    to nobody (owner null: the scripts read the phone's last owner) and
    registers no worker (the worker is what shows it)."""
    return {**shared_config(), "owner": None, "csrf": "", "sw": ""}


@functools.cache
def cache_version() -> str:
    """A 12-character hash naming this deploy's caches."""
    digest = hashlib.sha256()
    for name in PRECACHE_STATIC:
        digest.update(static(name).encode())
        source = finders.find(name)
        if source:
            with open(source, "rb") as file:
                digest.update(file.read())
    for template in (SERVICE_WORKER_TEMPLATE, OFFLINE_TEMPLATE, HEAD_TEMPLATE):
        digest.update(get_template(template).template.source.encode())
    return digest.hexdigest()[:12]
