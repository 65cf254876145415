"""Logging out everywhere from the account page ends every session of the account."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    sign_in(client, user)
    return client


def test_the_account_page_offers_logging_out_on_every_device(patient_client):
    html = patient_client.get("/account/").content.decode()
    assert 'action="/account/logout-everywhere/"' in html
    assert "Log out on every device" in html


def test_it_ends_the_sessions_on_the_other_devices_and_this_one(patient):
    phone, laptop = logged_in(patient), logged_in(patient)
    assert laptop.get("/history/").status_code == 200

    response = phone.post("/account/logout-everywhere/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "logged out on every device" in response.content.decode()

    for device in (phone, laptop):
        page = device.get("/history/")
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/login/")


def test_it_leaves_other_accounts_logged_in(patient, other_patient):
    stranger = logged_in(other_patient)
    logged_in(patient).post("/account/logout-everywhere/")
    assert stranger.get("/history/").status_code == 200


def test_logging_in_again_afterwards_works(client, patient):
    logged_in(patient).post("/account/logout-everywhere/")
    response = client.post("/accounts/login/", {"username": patient.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/history/").status_code == 200


def test_it_takes_a_post(patient_client):
    assert patient_client.get("/account/logout-everywhere/").status_code == 405
    assert patient_client.get("/history/").status_code == 200


def test_sessions_from_before_the_first_use_keep_working(patient):
    # session_generation 0 keeps Django's own session check value, so
    # deploying this did not log anybody out.
    from django.contrib.auth.base_user import AbstractBaseUser

    assert patient.session_generation == 0
    assert patient.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(patient)
