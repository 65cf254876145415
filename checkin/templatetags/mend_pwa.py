"""`{% pwa_head %}`, `{% pwa_offline_scripts %}` and `{% pwa_status %}`: what every
page needs to be an installable, offline-ready app."""

from django import template
from django.templatetags.static import static

from checkin.pwa import app_shell

register = template.Library()


def _scripts(config: dict) -> dict:
    return {"config": config, "scripts": [static(name) for name in app_shell.PAGE_SCRIPTS]}


@register.inclusion_tag("pwa/head.html", takes_context=True)
def pwa_head(context):
    """Manifest, iOS home-screen tags and the app scripts, for <head>."""
    # Some pages (the 503 page) render without a request: they get no owner.
    user = getattr(context.get("request"), "user", None)
    return _scripts(app_shell.page_config(user, context.get("csrf_token") or ""))


@register.inclusion_tag("pwa/scripts.html")
def pwa_offline_scripts():
    """The app scripts for the offline page, which is cached for everyone: nobody's settings."""
    return _scripts(app_shell.offline_page_config())


@register.inclusion_tag("pwa/status.html", takes_context=True)
def pwa_status(context):
    """The region where the app says it is offline, what waits to be sent, and
    offers to install: only on a patient's home once they have checked in
    (home's welcome is gone), never to a visitor or on their first screen."""
    match = getattr(context.get("request"), "resolver_match", None)
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    return {
        "install_offer": bool(match and match.url_name == "home" and signed_in and not context.get("welcome", True))
    }
