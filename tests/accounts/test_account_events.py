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
