"""`check --deploy` says when reminders, or any email, cannot reach people."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends that keep mail on the server: fine for a developer, silent in production.
NOWHERE = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


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
    if settings.EMAIL_BACKEND in NOWHERE:
        problems.append(
            Warning(
                "Email goes to the server's console or files, not to people: sign-up links, password resets, "
                "security notices and reminder emails reach no one.",
                hint="Set EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER and EMAIL_HOST_PASSWORD for your mail server "
                "(and leave EMAIL_BACKEND unset).",
                id="mend.W103",
            )
        )
    if not settings.MEND_SITE_URL:
        problems.append(
            Warning(
                "Reminder emails have no address to link to, and FHIR identifiers and code systems take "
                "whatever host name each request came on.",
                hint="Set MEND_SITE_URL to the address patients reach Mend at, such as https://mend.example.",
                id="mend.W102",
            )
        )
    return problems
