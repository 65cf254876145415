"""`{% pwa_head %}` and `{% pwa_status %}`: what every page needs to be an installable, offline-ready app."""

from django import template
from django.urls import reverse

from checkin.pwa import app_shell

register = template.Library()

# Pages where offering to install Mend is welcome rather than in the way.
INSTALL_OFFER_PAGES = {"home", "account"}


@register.inclusion_tag("pwa/head.html", takes_context=True)
def pwa_head(context):
    """Manifest, iOS home-screen tags and the app scripts, for <head>."""
    # Some pages (the 503 page) render without a request: they get no owner.
    user = getattr(context.get("request"), "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "owner": app_shell.owner_tag(user) if signed_in else "",
        # Only signed-in pages send check-ins, so only they need the token. (Not
        # named csrf_token: inclusion tags copy the page's own over that name.)
        "page_csrf": context.get("csrf_token") if signed_in else "",
        "service_worker_url": reverse("mend_serviceworker"),
        "session_ending": " ".join(app_shell.session_ending_paths()),
    }


@register.inclusion_tag("pwa/status.html", takes_context=True)
def pwa_status(context):
    """The region where the app says it is offline, what waits to be sent, and offers to install."""
    match = getattr(context.get("request"), "resolver_match", None)
    return {"install_offer": bool(match and match.url_name in INSTALL_OFFER_PAGES)}
