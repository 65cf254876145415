"""Sign-up that tells no one who has an account.

On a health app, "this address already has an account" tells a stranger that
someone is a patient. So every valid sign-up gets the same answer, "check
your email": a new address gets a link that creates the account and signs the
patient in at their first check-in; an address with an account gets a note
that someone tried to sign up with it. Nothing is stored until the link is
opened: it carries the details, signed, for a day. Throttled per address and
per client in the one rate limiter.
"""

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse

from checkin.models import User

SALT = "mend.accounts.signup"
LINK_DAYS = 1


def start(request, email: str, password: str, time_zone: str, name: str = "") -> None:
    """Sends the email this address should get; says nothing of which one it was."""
    if User.objects.filter(email__iexact=email).exists():
        login = request.build_absolute_uri(reverse("login"))
        reset = request.build_absolute_uri(reverse("password_reset"))
        send_mail(
            "Someone tried to create a Mend account with your address",
            "Someone, perhaps you, tried to create a Mend account with this email address. You already have one, "
            f"so nothing was changed.\n\nLog in: {login}\nForgotten your password? {reset}\n\n"
            "If it was not you, you need do nothing.\n",
            None,
            [email],
        )
        return
    token = signing.dumps(
        {"email": email, "password": make_password(password), "zone": time_zone, "name": name}, salt=SALT
    )
    link = request.build_absolute_uri(reverse("signup_confirm", args=[token]))
    send_mail(
        "Confirm your Mend account",
        f"Open this link to create your Mend account and start your first check-in:\n\n{link}\n\n"
        f"It works for {LINK_DAYS * 24} hours. If you did not ask for a Mend account, you need do nothing.\n",
        None,
        [email],
    )


def finish(token: str) -> User | None:
    """The account the link creates (or already created: a second tap signs in again); None for a bad link."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    user = User.objects.filter(email__iexact=data["email"]).first()
    if user is None:
        user = User(email=data["email"], time_zone=data["zone"], password=data["password"], name=data.get("name", ""))
        user.save()
        return user
    # Only the very account this link made: the same password hash.
    return user if user.password == data["password"] else None
