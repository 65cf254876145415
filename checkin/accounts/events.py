"""Changes to how an account signs in: each is recorded where its owner reads
it (the account page) and told to them in a short email, so that a change
they did not make does not go unnoticed. The email names the change and when
it happened, and holds no health data."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone

from checkin.core.dates import FORMATS
from checkin.models import AccountEvent

log = logging.getLogger(__name__)

PASSWORD_CHANGED = "Your password was changed"
PASSWORD_RESET = "Your password was reset from an emailed link"
ADMIN_SET_PASSWORD = "An admin set a new password for your account"
NEW_DEVICE = "Someone signed in to your account with its password on a device not used for it before"


def record(account, what: str, by=None) -> None:
    """Records ``what`` on ``account``'s page and, once saved, emails its owner."""
    event = AccountEvent.objects.create(account=account, by=by, what=what)
    transaction.on_commit(lambda: _tell(account, event))


def _tell(account, event) -> None:
    when = dateformat.format(timezone.localtime(event.at, account.zone), FORMATS["full_time"])
    site = settings.MEND_SITE_URL
    body = (
        f"{event.what}, on {when} ({account.time_zone}).\n\n"
        "If that was you, you need do nothing.\n"
        "If it was not, set a new password now and ask your clinic to reset your two-step sign-in:\n"
        f"{site}{reverse('password_reset')}\n\n"
        f"Every change is listed on your account page: {site}{reverse('account')}\n"
    )
    try:
        send_mail("A change to how you sign in to Mend", body, None, [account.email])
    except Exception:  # the change is made and listed; the mail server is not the patient's problem
        log.exception("Could not email account %s about a sign-in change", account.pk)
