"""`check --deploy` says when reminders cannot go out."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def reminder_settings(app_configs, **kwargs):
    problems = []
    if not (settings.MEND_VAPID_PRIVATE_KEY and settings.MEND_VAPID_PUBLIC_KEY and settings.MEND_VAPID_SUBJECT):
        problems.append(
            Warning(
                "Web Push reminders are off.",
                hint="Set MEND_VAPID_PRIVATE_KEY, MEND_VAPID_PUBLIC_KEY and MEND_VAPID_SUBJECT (see the README); "
                "`python -c 'from checkin.reminders.keys import new_vapid_keys; print(*new_vapid_keys())'` makes a pair.",
                id="mend.W101",
            )
        )
    if not settings.MEND_SITE_URL:
        problems.append(
            Warning(
                "Reminder emails have no address to link to.",
                hint="Set MEND_SITE_URL to the address patients reach Mend at, such as https://mend.example.",
                id="mend.W102",
            )
        )
    return problems
