"""An admin setting someone else's password is logged, and its owner sees it on their account page."""

import pytest
from django.test import Client

from checkin.models import AccountEvent
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_an_admin_setting_a_patients_password_shows_on_the_patients_account_page(make_user, patient, patient_client):
    admin_user = make_user("admin@example.com", is_staff=True, is_superuser=True)
    admin = Client()
    sign_in(admin, admin_user)
    response = admin.post(
        f"/admin/checkin/user/{patient.pk}/password/",
        {"password1": "a-new-long-password-9", "password2": "a-new-long-password-9", "usable_password": "true"},
    )
    assert response.status_code == 302
    [event] = AccountEvent.objects.filter(account=patient)
    assert (event.by, event.what) == (admin_user, "An admin set a new password for your account")
    patient.refresh_from_db()
    assert patient.check_password("a-new-long-password-9")
    page = Client()
    sign_in(page, patient)
    html = page.get("/account/").content.decode()
    assert "Recent changes" in html and "An admin set a new password for your account, by admin@example.com" in html


def test_a_failed_attempt_logs_nothing(make_user, patient):
    admin = Client()
    sign_in(admin, make_user("admin@example.com", is_staff=True, is_superuser=True))
    admin.post(f"/admin/checkin/user/{patient.pk}/password/", {"password1": "a", "password2": "b"})
    assert not AccountEvent.objects.exists()


def test_no_section_without_events(patient_client):
    assert "Recent changes" not in patient_client.get("/account/").content.decode()


# Each change to how an account signs in is also emailed to its owner, once
# saved: short, with no health data, and a way back if it was not them.
SECURITY_SUBJECT = "A change to how you sign in to Mend"


def security_emails(outbox, to):
    return [m for m in outbox if m.subject == SECURITY_SUBJECT and m.to == [to]]


@pytest.mark.django_db(transaction=True)
def test_changing_the_password_is_emailed_to_its_owner(patient, mailoutbox):
    from tests.conftest import PASSWORD

    client = Client()
    sign_in(client, patient)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"},
    )
    assert response.status_code == 302
    [message] = security_emails(mailoutbox, patient.email)
    assert message.body.startswith("Your password was changed, on ")
    assert "/accounts/password/reset/" in message.body and "/account/" in message.body
    for health_word in ("pain", "mood", "check-in", "PHQ", "warning"):
        assert health_word not in message.body
    assert AccountEvent.objects.get(account=patient).what == "Your password was changed"


@pytest.mark.django_db(transaction=True)
def test_an_admin_reset_of_the_second_step_and_a_new_app_are_emailed(make_user, clinician, mailoutbox):
    from checkin.accounts import second_step

    admin_user = make_user("admin@example.com", is_staff=True, is_superuser=True)
    second_step.reset(clinician, by=admin_user)
    second_step.log_event(clinician, second_step.APP_ADDED)
    bodies = [m.body for m in security_emails(mailoutbox, clinician.email)]
    assert [b.split(", on ")[0] for b in bodies] == [second_step.ADMIN_RESET, second_step.APP_ADDED]


@pytest.mark.django_db(transaction=True)
def test_a_change_undone_by_its_transaction_sends_nothing(patient, mailoutbox):
    from django.db import transaction

    from checkin.accounts import events

    with pytest.raises(RuntimeError), transaction.atomic():
        events.record(patient, events.PASSWORD_CHANGED)
        raise RuntimeError("rolled back")
    assert security_emails(mailoutbox, patient.email) == []


@pytest.mark.django_db(transaction=True)
def test_making_an_account_a_clinician_ends_its_sessions_and_tells_its_owner(make_user, patient, mailoutbox):
    """Whoever holds the account's session (or once held a sign-up link) must
    sign in again with the password before a clinician's second step can be set up."""
    held = Client()
    sign_in(held, patient)
    assert held.get("/checkin/").status_code == 200
    admin = Client()
    admin_user = make_user("admin@example.com", is_staff=True, is_superuser=True)
    sign_in(admin, admin_user)
    form = admin.get(f"/admin/checkin/user/{patient.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"is_clinician": "on", "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data = {k: v for k, v in data.items() if not isinstance(v, (list, tuple))}
    response = admin.post(f"/admin/checkin/user/{patient.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    patient.refresh_from_db()
    assert patient.is_clinician
    response = held.get("/clinician/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    [event] = AccountEvent.objects.filter(account=patient)
    assert event.what == "An admin changed your account's role (now a clinician), and ended all its sessions"
    [message] = security_emails(mailoutbox, patient.email)
    assert message.body.startswith(event.what)


@pytest.mark.django_db(transaction=True)
def test_a_clinicians_sign_in_from_a_new_device_is_emailed_and_a_known_one_is_not(clinician, patient, mailoutbox):
    from checkin.accounts import events
    from tests.conftest import PASSWORD

    laptop = Client()
    assert laptop.post("/accounts/login/", {"username": clinician.email, "password": PASSWORD}).status_code == 302
    [message] = security_emails(mailoutbox, clinician.email)
    assert message.body.startswith(events.NEW_DEVICE)
    laptop.post("/accounts/logout/")
    assert laptop.post("/accounts/login/", {"username": clinician.email, "password": PASSWORD}).status_code == 302
    assert len(security_emails(mailoutbox, clinician.email)) == 1  # the same laptop: nothing new to tell
    # A patient's sign-ins are not announced: they sign in from many places, and it is their own data.
    Client().post("/accounts/login/", {"username": patient.email, "password": PASSWORD})
    assert security_emails(mailoutbox, patient.email) == []
