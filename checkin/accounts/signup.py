"""Sign-up that tells no one who has an account, with links that are not logins.

On a health app, "this address already has an account" tells a stranger that
someone is a patient. So every valid sign-up gets the same answer, "check
your email", in the same time: the password is hashed either way, and the
pending sign-up is stored and the email sent after the answer has gone
(core/after_response.py). A new address gets a link that creates the
account; an address with an account gets a note that someone tried to sign
up with it.

The link carries a random token and nothing else; the database keeps only
the token's hash, beside the new account's password hash (PendingSignup).
Opening the link asks for one tap (so a mail scanner that fetches links
creates nothing); that tap creates the account, signs the patient in once
and deletes the token: a second tap, or a copy from a log, signs nobody in.
Throttled per address and per client in the one rate limiter.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from checkin.models import PendingSignup, User

LINK_DAYS = 1


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=LINK_DAYS)


def start(request, email: str, password: str, time_zone: str, name: str = ""):
    """Returns the work this address needs, for after the answer: the same
    work before it either way (hash the password, look the address up), so
    the time taken tells nothing; the writing and the email come after."""
    password_hash = make_password(password)
    taken = User.objects.filter(email__iexact=email).exists()
    if taken:
        login = request.build_absolute_uri(reverse("login"))
        reset = request.build_absolute_uri(reverse("password_reset"))
        subject = "Someone tried to create a Mend account with your address"
        body = (
            "Someone, perhaps you, tried to create a Mend account with this email address. You already have one, "
            f"so nothing was changed.\n\nLog in: {login}\nForgotten your password? {reset}\n\n"
            "If it was not you, you need do nothing.\n"
        )
    else:
        token = secrets.token_urlsafe(32)
        link = request.build_absolute_uri(reverse("signup_confirm", args=[token]))
        subject = "Confirm your Mend account"
        body = (
            f"Open this link to create your Mend account and start your first check-in:\n\n{link}\n\n"
            f"It works once, for {LINK_DAYS * 24} hours. If you did not ask for a Mend account, you need do nothing.\n"
        )

    def after():
        PendingSignup.objects.filter(created_at__lt=_cutoff()).delete()
        if not taken:
            PendingSignup.objects.create(
                email=email, token_hash=_hash(token), password=password_hash, time_zone=time_zone, name=name
            )
        send_mail(subject, body, None, [email])

    return after


def pending(token: str) -> PendingSignup | None:
    """The sign-up a link stands for, while it is unused and under a day old."""
    return PendingSignup.objects.filter(token_hash=_hash(token), created_at__gte=_cutoff()).first()


def finish(token: str) -> User | None:
    """The account the link creates, once; None for a used, old or made-up link."""
    with transaction.atomic():
        signup = pending(token)
        # Deleting is the claim: of two taps at once, only one deletes the row.
        if signup is None or PendingSignup.objects.filter(pk=signup.pk).delete()[0] == 0:
            return None
        if User.objects.filter(email__iexact=signup.email).exists():
            return None
        PendingSignup.objects.filter(email__iexact=signup.email).delete()
        user = User(email=signup.email, time_zone=signup.time_zone, password=signup.password, name=signup.name)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # another link for this address was opened at the same moment
            return None
        return user
