"""Two-step sign-in: after the password, a passkey or a code from an
authenticator app (or, when both are lost, a one-time recovery code).

Clinicians and admins must have one, because they read many patients' data;
patients may turn it on. django-otp keeps the authenticator apps (TOTP) and
recovery codes, django-otp-webauthn the passkeys; Mend adds the pages, the
rule of who needs what (checkin.web.middleware.SecondStepMiddleware asks
``needed``), and the log: every change is an AccountEvent the account's owner
reads on their account page. Only an admin can reset lost second steps.
"""

import math
from base64 import b32encode
from urllib.parse import urlsplit

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import CompleteCredentialAuthenticationView, CompleteCredentialRegistrationView

from checkin.accounts import events
from checkin.models import AuthenticatorApp, User

RECOVERY_CODES = 10
RECOVERY_CODE_SALT = "mend.recovery-code"

PASSKEY_ADDED = "A passkey was added"
PASSKEY_REMOVED = "A passkey was removed"
APP_ADDED = "An authenticator app was added"
APP_REMOVED = "An authenticator app was removed"
CODES_MADE = "New recovery codes were made (the old ones no longer work)"
CODE_USED = "A recovery code was used to sign in ({left} left)"
ADMIN_RESET = "An admin removed every second step from your account, and ended all its sessions"


def required(user) -> bool:
    """Clinicians and admins may not sign in with a password alone."""
    return user.is_clinician or user.is_staff


def needed(user) -> bool:
    """Whether this signed-in person passes a second step before their pages open."""
    return required(user) or user.second_step


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def apps(user):
    return AuthenticatorApp.objects.filter(user=user, confirmed=True).order_by("pk")


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def log_event(user, what: str, by=None) -> None:
    """Log a change to ``user``'s second steps and keep User.second_step true
    exactly while a passkey or an app is left. Recovery codes only stand in
    for those, so they go with the last of them."""
    has = passkeys(user).exists() or apps(user).exists()
    if not has:
        StaticDevice.objects.filter(user=user).delete()
    if has != user.second_step:
        User.objects.filter(pk=user.pk).update(second_step=has)
        user.second_step = has
    events.record(user, what, by=by)


def recovery_code_digest(code: str) -> str:
    """What is stored for a recovery code: a keyed hash (16 hex characters, as
    django-otp's column holds), so that a copy of the database alone gives no
    code. Migration 0018 keeps its own copy of this rule: change both."""
    return salted_hmac(RECOVERY_CODE_SALT, code, algorithm="sha256").hexdigest()[:16]


def new_recovery_codes(user) -> list[str]:
    """Ten fresh one-time codes, shown once; any older ones stop working."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes")
        StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_code_digest(code)) for code in codes)
        log_event(user, CODES_MADE)
    return codes


def pass_with_code(request, code: str) -> bool:
    """Check an authenticator app's code (six digits) or a recovery code for
    the signed-in person; on a match their session is past the second step.
    Each device counts its own wrong tries and waits longer after each."""
    user, code = request.user, code.replace(" ", "").replace("-", "").lower()
    with transaction.atomic():
        if code.isdigit():
            devices, token = apps(user), code
        else:
            devices, token = StaticDevice.objects.filter(user=user), recovery_code_digest(code)
        device = next((d for d in devices.select_for_update() if d.verify_token(token)), None)
    if device is None:
        return False
    passed(request, device)
    if isinstance(device, StaticDevice):
        log_event(user, CODE_USED.format(left=recovery_codes_left(user)))
    return True


def code_wait_seconds(user, code: str) -> int:
    """Seconds before ``code`` can be checked: after a wrong code each device
    waits longer (django-otp: 1, 2, 4, 8 s...), and during that wait even the
    right code is refused. 0 when some device would check it now."""
    code = code.replace(" ", "").replace("-", "")
    devices = list(apps(user) if code.isdigit() else StaticDevice.objects.filter(user=user))
    waits = []
    for device in devices:
        allowed, why = device.verify_is_allowed()
        if allowed:
            return 0
        until = (why or {}).get("locked_until")
        waits.append(math.ceil((until - timezone.now()).total_seconds()) if until else 1)
    return max(min(waits), 1) if waits else 0


def passed(request, device) -> None:
    """Mark the session as past the second step, under a new session key (an
    old key someone else may have seen stays at the password step)."""
    request.session.cycle_key()
    otp_login(request, device)


def add_app(request, device: AuthenticatorApp, code: str) -> bool:
    """Confirm a new authenticator app with its first code."""
    if not device.verify_token(code.replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_event(request.user, APP_ADDED)
    passed(request, device)
    return True


def pending_app(user) -> AuthenticatorApp:
    """The app being set up: one unconfirmed device, reused until its first code confirms it."""
    device = AuthenticatorApp.objects.filter(user=user, confirmed=False).first()
    return device or AuthenticatorApp.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code(device: AuthenticatorApp) -> str:
    """The app's set-up link as a QR code, an SVG data URI drawn here (no third party sees the secret)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, light="white")


def setup_key(device: AuthenticatorApp) -> str:
    """The secret for typing in by hand, in groups of four: "ABCD EFGH ..."."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def remove(user, device) -> None:
    device.delete()
    log_event(user, PASSKEY_REMOVED if isinstance(device, WebAuthnCredential) else APP_REMOVED)


@transaction.atomic
def reset(user, by) -> None:
    """For someone who lost their phone or key, done by an admin only: every
    second step goes, every session ends, and the owner sees who did it.
    A clinician or admin then sets up a new one at their next login."""
    for model in (WebAuthnCredential, AuthenticatorApp, StaticDevice):
        model.objects.filter(user=user).delete()
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    log_event(user, ADMIN_RESET, by=by)


def relying_party_id(request) -> str:
    """A passkey belongs to the host name the browser asked for (never a port)."""
    return urlsplit(f"//{request.get_host()}").hostname


class PasskeyHelper(WebAuthnHelper):
    """Checks each passkey against the origin of the request that carries it.
    The host has passed ALLOWED_HOSTS already, so a passkey made for another
    site cannot be replayed here."""

    def get_allowed_origins(self) -> list[str]:
        return [f"{self.request.scheme}://{self.request.get_host()}"]


class PasskeyRegistrationComplete(CompleteCredentialRegistrationView):
    """The library's last step of adding a passkey, logged like every other change."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            log_event(self.request.user, PASSKEY_ADDED)
        return response


class PasskeySignIn(CompleteCredentialAuthenticationView):
    """The library's last step of signing in with a passkey, under a new
    session key as every second step is (``passed``)."""

    def complete_auth(self, device):
        if not self.request.user.is_authenticated:
            return super().complete_auth(device)  # a passkey as the only step: login() rotates the key
        passed(self.request, device)
