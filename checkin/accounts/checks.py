"""Start-up checks of how authenticator seeds are kept (checkin/models/seeds.py)."""

from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from checkin.models import seeds


@register()
def seed_keys_readable(app_configs, **kwargs):
    """A mistyped MEND_SEED_KEYS stops the server before any sign-in needs it."""
    try:
        seeds.keys()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="mend.E010")]
    return []


@register(Tags.security, deploy=True)
def seeds_sealed(app_configs, **kwargs):
    try:
        if seeds.current_key_id() is not None:
            return []
    except ImproperlyConfigured:
        return []  # seed_keys_readable names the mistake
    return [
        Warning(
            "Authenticator seeds are stored as they are: a copy of the database alone gives every "
            "clinician's and admin's codes.",
            hint=f"Set MEND_SEED_KEYS (such as 1:{seeds.new_key()}), then run `python manage.py seal_seeds`.",
            id="mend.W104",
        )
    ]
