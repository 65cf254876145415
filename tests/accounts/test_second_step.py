"""Two-step sign-in: no clinician or admin opens anything personal with a
password alone; patients may turn it on; every change is logged where the
account's owner reads it; only an admin resets lost second steps."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from checkin.accounts import second_step
from checkin.accounts.events import NEW_DEVICE
from checkin.models import AccountEvent, AuthenticatorApp
from tests.conftest import PASSWORD, pass_second_step

pytestmark = pytest.mark.django_db


def password_only(user):
    """A client that has typed the right password and nothing more."""
    client = Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def app_for(user) -> AuthenticatorApp:
    device = AuthenticatorApp.objects.create(user=user, name="Phone", confirmed=True)
    second_step.log_event(user, second_step.APP_ADDED)
    return device


# --- who needs it -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/clinician/", "/", "/history/", "/trends/", "/account/", "/share/", "/measures/"])
def test_a_clinician_with_a_password_alone_is_led_to_set_up_a_second_step(clinician, path):
    response = password_only(clinician).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/second-step/?next=")


def test_the_setup_page_says_why(clinician):
    page = password_only(clinician).get("/account/second-step/?next=/clinician/").content.decode()
    assert "a password alone is not enough" in page
    assert "Add a passkey" in page and "Add an authenticator app" in page


def test_a_clinicians_patient_data_stays_shut_without_the_second_step(clinician, share):
    client = password_only(clinician)
    for path in (
        f"/clinician/patients/{share.pk}/",
        f"/clinician/patients/{share.pk}/report.csv",
        f"/clinician/patients/{share.pk}/fhir/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "second-step" in response["Location"]


def test_admin_opens_only_after_the_second_step(make_user):
    admin_user = make_user("admin@example.com", is_staff=True, is_superuser=True)
    client = password_only(admin_user)
    assert "/account/second-step/" in client.get("/admin/")["Location"]
    app = app_for(admin_user)
    assert "/accounts/second-step/" in client.get("/admin/")["Location"]
    client.post("/accounts/second-step/", {"code": code_for(app), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_the_admins_own_login_page_leads_to_mends(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"


def test_the_api_answers_401_json_before_the_second_step(clinician):
    response = password_only(clinician).get("/api/checkins/")
    assert response.status_code == 401
    assert "second step" in response.json()["errors"]["__all__"][0]


def test_crisis_help_and_logging_out_open_before_the_second_step(clinician):
    client = password_only(clinician)
    assert client.get("/help/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_patient_without_a_second_step_is_not_asked(patient):
    assert password_only(patient).get("/").status_code == 200


# --- signing in with it ----------------------------------------------------------


def test_an_app_code_finishes_signing_in_and_goes_where_they_were_going(clinician):
    app = app_for(clinician)
    client = password_only(clinician)
    to_verify = client.get("/clinician/")["Location"]
    assert to_verify == "/accounts/second-step/?next=%2Fclinician%2F"
    page = client.get(to_verify).content.decode()
    assert "One more step" in page and "Use my passkey" not in page
    before = client.session.session_key
    response = client.post("/accounts/second-step/", {"code": code_for(app), "next": "/clinician/"})
    assert response.status_code == 302 and response["Location"] == "/clinician/"
    assert client.session.session_key != before  # a new key once past the step
    assert client.get("/clinician/").status_code == 200


def test_a_wrong_code_is_named_and_the_page_stays(clinician):
    app_for(clinician)
    client = password_only(clinician)
    response = client.post("/accounts/second-step/", {"code": "000000", "next": "/clinician/"})
    assert response.status_code == 200
    assert "Code: that code did not work" in response.content.decode()
    assert client.get("/clinician/").status_code == 302


def test_the_right_code_during_the_wait_after_a_wrong_one_says_wait_not_wrong(clinician):
    app = app_for(clinician)
    client = password_only(clinician)
    assert "did not work" in client.post("/accounts/second-step/", {"code": "000000"}).content.decode()
    # Three wrong codes in a row: django-otp then waits 4 seconds.
    AuthenticatorApp.objects.filter(pk=app.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=timezone.now()
    )
    response = client.post("/accounts/second-step/", {"code": code_for(app)})
    page = response.content.decode()
    assert response.status_code == 429
    assert "Code: wait 4 seconds and try the code again." in page and "did not work" not in page
    assert client.get("/clinician/").status_code == 302
    # Once the wait is over the same code works.
    AuthenticatorApp.objects.filter(pk=app.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    assert client.post("/accounts/second-step/", {"code": code_for(app)}).status_code == 302


def test_an_empty_code_is_named(clinician):
    app_for(clinician)
    response = password_only(clinician).post("/accounts/second-step/", {"code": ""})
    assert "Code: type the code" in response.content.decode()


def test_a_code_works_only_once(clinician):
    app = app_for(clinician)
    code = code_for(app)
    first, second = password_only(clinician), password_only(clinician)
    assert first.post("/accounts/second-step/", {"code": code}).status_code == 302
    assert second.post("/accounts/second-step/", {"code": code}).status_code == 200


def test_too_many_codes_are_refused_for_a_while(clinician):
    app = app_for(clinician)
    client = password_only(clinician)
    for _ in range(10):
        client.post("/accounts/second-step/", {"code": "123456"})
    AuthenticatorApp.objects.filter(pk=app.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post("/accounts/second-step/", {"code": code_for(app)})
    assert response.status_code == 429
    assert "Too many codes tried" in response.content.decode()


def test_a_recovery_code_signs_in_once_and_is_logged(clinician):
    app_for(clinician)
    codes = second_step.new_recovery_codes(clinician)
    client = password_only(clinician)
    assert client.post("/accounts/second-step/", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/clinician/").status_code == 200
    again = password_only(clinician)
    assert again.post("/accounts/second-step/", {"code": codes[0]}).status_code == 200
    assert AccountEvent.objects.filter(account=clinician, what="A recovery code was used to sign in (9 left)").exists()


def test_a_safe_next_only(clinician):
    app = app_for(clinician)
    response = password_only(clinician).post(
        "/accounts/second-step/", {"code": code_for(app), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/clinician/"


# --- setting it up ----------------------------------------------------------------


def test_adding_an_app_confirms_with_its_first_code_then_shows_recovery_codes_once(clinician):
    client = password_only(clinician)
    page = client.get("/account/second-step/app/?next=/clinician/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn here
    key = re.search(r"data-setup-key>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    pending = AuthenticatorApp.objects.get(user=clinician, confirmed=False)
    assert b32decode(key + "=" * (-len(key) % 8)) == pending.bin_key

    wrong = client.post("/account/second-step/app/", {"code": "000000", "next": "/clinician/"})
    assert "Code: that code did not work" in wrong.content.decode()
    assert client.get("/clinician/").status_code == 302

    # Each wrong code makes the app's next one wait a little longer (1 s after the first).
    AuthenticatorApp.objects.filter(pk=pending.pk).update(throttling_failure_timestamp=None)
    done = client.post("/account/second-step/app/", {"code": code_for(pending), "next": "/clinician/"})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(codes) == 10 and stored == {second_step.recovery_code_digest(code) for code in codes}
    assert not set(codes) & stored  # a copy of the database holds no working code
    assert "only time Mend shows them" in done.content.decode()
    clinician.refresh_from_db()
    assert clinician.second_step
    assert client.get("/clinician/").status_code == 200
    assert list(
        AccountEvent.objects.filter(account=clinician).exclude(what=NEW_DEVICE).values_list("what", flat=True)
    ) == [second_step.CODES_MADE, second_step.APP_ADDED]


def test_the_same_pending_app_is_offered_until_confirmed(patient_client, patient):
    patient_client.get("/account/second-step/app/")
    patient_client.get("/account/second-step/app/")
    assert AuthenticatorApp.objects.filter(user=patient).count() == 1


def test_someone_past_only_the_password_cannot_add_their_own_second_step(clinician):
    """Otherwise a stolen password would be enough to take over an account that has one."""
    app_for(clinician)
    client = password_only(clinician)
    for path in ("/account/second-step/", "/account/second-step/app/"):
        assert client.get(path)["Location"].startswith("/accounts/second-step/")
    response = client.post("/webauthn/registration/begin/")
    assert response.status_code == 302 and "/accounts/second-step/" in response["Location"]


def test_a_patient_can_turn_it_on_and_then_needs_it(patient_client, patient):
    assert "Two-step sign-in is <strong>off</strong>" in patient_client.get("/account/").content.decode()
    device = second_step.pending_app(patient)
    patient_client.post("/account/second-step/app/", {"code": code_for(device)})
    assert "Two-step sign-in is <strong>on</strong>" in patient_client.get("/account/").content.decode()
    assert password_only(patient).get("/")["Location"] == "/accounts/second-step/?next=%2F"


def test_new_recovery_codes_replace_the_old(clinician_client, clinician):
    old = second_step.new_recovery_codes(clinician)
    page = clinician_client.post("/account/second-step/recovery-codes/").content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(old) & set(new)
    assert StaticDevice.objects.filter(user=clinician).count() == 1


def test_after_a_passkey_the_first_recovery_codes_come_once(clinician_client, clinician):
    first = clinician_client.post("/account/second-step/recovery-codes/", {"after": "passkey"})
    assert len(re.findall(r"<li><code>", first.content.decode())) == 10
    again = clinician_client.post("/account/second-step/recovery-codes/", {"after": "passkey"})
    assert again.status_code == 302 and StaticToken.objects.filter(device__user=clinician).count() == 10


# --- removing, and the admin's reset ---------------------------------------------


def test_a_clinician_cannot_remove_their_last_second_step(clinician_client, clinician):
    [app] = second_step.apps(clinician)
    response = clinician_client.post(f"/account/second-step/app/{app.pk}/remove/", follow=True)
    assert "add another one before removing this one" in response.content.decode()
    assert AuthenticatorApp.objects.filter(pk=app.pk).exists()


def test_a_patient_removing_their_last_one_turns_it_off_and_its_codes_go(patient_client, patient):
    app = app_for(patient)
    second_step.new_recovery_codes(patient)
    pass_second_step(patient_client, patient)
    patient_client.post(f"/account/second-step/app/{app.pk}/remove/")
    patient.refresh_from_db()
    assert not patient.second_step and not StaticDevice.objects.filter(user=patient).exists()
    assert AccountEvent.objects.filter(account=patient, what=second_step.APP_REMOVED).exists()


def test_nobody_removes_anothers_second_step(clinician_client, other_clinician):
    theirs = app_for(other_clinician)
    assert clinician_client.post(f"/account/second-step/app/{theirs.pk}/remove/").status_code == 404
    assert clinician_client.post(f"/account/second-step/key/{theirs.pk}/remove/").status_code == 404


def test_an_admins_reset_removes_everything_ends_sessions_and_shows_on_the_owners_page(
    admin_client, admin_user, clinician
):
    app_for(clinician)
    second_step.new_recovery_codes(clinician)
    theirs = Client()
    theirs.force_login(clinician)
    response = admin_client.post(
        "/admin/checkin/user/", {"action": "reset_second_step", "_selected_action": [clinician.pk]}
    )
    assert response.status_code == 302
    assert not AuthenticatorApp.objects.filter(user=clinician).exists()
    assert not StaticDevice.objects.filter(user=clinician).exists()
    clinician.refresh_from_db()
    assert not clinician.second_step
    assert theirs.get("/clinician/")["Location"].startswith("/accounts/login/")  # their old session ended
    event = AccountEvent.objects.filter(account=clinician).first()
    assert (event.what, event.by) == (second_step.ADMIN_RESET, admin_user)
    client = password_only(clinician)
    app = second_step.pending_app(clinician)
    client.post("/account/second-step/app/", {"code": code_for(app)})
    assert f"{second_step.ADMIN_RESET}, by {admin_user.email}" in client.get("/account/").content.decode()


def test_second_steps_cannot_be_edited_in_the_admin():
    for model in (AuthenticatorApp, StaticDevice, WebAuthnCredential):
        assert not admin.site.is_registered(model)


def test_passkeys_belong_to_the_host_asked_for_and_its_origin(rf):
    request = rf.get("/", HTTP_HOST="localhost:8123")
    assert second_step.relying_party_id(request) == "localhost"
    assert second_step.PasskeyHelper(request).get_allowed_origins() == ["http://localhost:8123"]


def test_a_passkey_as_the_second_step_rotates_the_session_key(clinician, rf):
    """As an app code does: a session key seen at the password step is no good after it."""
    from importlib import import_module
    from unittest import mock

    from django.conf import settings

    from checkin.accounts.second_step import PasskeySignIn

    request = rf.post("/webauthn/authentication/complete/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.session["_auth_user_id"] = str(clinician.pk)
    request.session.save()
    before = request.session.session_key
    request.user = clinician
    view = PasskeySignIn()
    view.setup(request)
    with mock.patch("checkin.accounts.second_step.otp_login") as otp_login:
        view.complete_auth(device="the passkey")
    otp_login.assert_called_once_with(request, "the passkey")
    assert request.session.session_key != before
    assert request.session["_auth_user_id"] == str(clinician.pk)


def test_the_migration_hashes_recovery_codes_as_the_code_does():
    """Migration 0018 keeps its own copy of the rule; the two must agree."""
    import importlib

    migration = importlib.import_module("checkin.migrations.0018_recovery_codes_hashed")
    assert migration.digest("abcd2345") == second_step.recovery_code_digest("abcd2345")


def test_the_migration_turns_codes_kept_in_plain_text_into_working_hashed_ones(clinician):
    import importlib

    from django.apps import apps as registry

    app_for(clinician)
    device = StaticDevice.objects.create(user=clinician, name="Recovery codes")
    StaticToken.objects.create(device=device, token="plaincode")  # as stored before the migration
    importlib.import_module("checkin.migrations.0018_recovery_codes_hashed").hash_codes(registry, None)
    assert StaticToken.objects.get().token == second_step.recovery_code_digest("plaincode")
    assert password_only(clinician).post("/accounts/second-step/", {"code": "plaincode"}).status_code == 302
