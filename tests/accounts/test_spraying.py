"""Lock-outs that stop password spraying: one account from many addresses,
and one address against many accounts, on top of axes' per pair lock."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(email, password, address):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": email, "password": password})


def test_many_addresses_on_one_account_pause_it_even_for_the_right_password(patient):
    for n in range(15):  # three wrong passwords from each of five addresses: axes' per pair lock never trips
        assert log_in("patient@example.com", f"wrong-{n}", f"10.0.0.{n % 5}").status_code == 200
    response = log_in("patient@example.com", PASSWORD, "10.0.0.99")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Logging in to this account is paused" in page and "/accounts/password/reset/" in page
    assert "_auth_user_id" not in Client().session


def test_the_owners_own_device_still_gets_in_during_the_pause(patient):
    phone = Client(REMOTE_ADDR="192.0.2.44")
    assert phone.post("/accounts/login/", {"username": patient.email, "password": PASSWORD}).status_code == 302
    phone.post("/accounts/logout/")
    for n in range(15):
        log_in("patient@example.com", f"wrong-{n}", f"10.0.0.{n % 5}")
    assert log_in("patient@example.com", PASSWORD, "192.0.2.44").status_code == 429  # a new device: paused
    response = phone.post("/accounts/login/", {"username": "Patient@Example.com", "password": PASSWORD})
    assert response.status_code == 302 and phone.session["_auth_user_id"] == str(patient.pk)


def test_a_device_known_for_one_account_is_not_known_for_another(patient, other_patient):
    phone = Client(REMOTE_ADDR="192.0.2.44")
    phone.post("/accounts/login/", {"username": other_patient.email, "password": PASSWORD})
    phone.post("/accounts/logout/")
    for n in range(15):
        log_in("patient@example.com", f"wrong-{n}", f"10.0.0.{n % 5}")
    assert phone.post("/accounts/login/", {"username": patient.email, "password": PASSWORD}).status_code == 429
    # A forged or copied-between-sites cookie is ignored: it is signed.
    phone.cookies["mend_known"] = "anything"
    assert phone.post("/accounts/login/", {"username": patient.email, "password": PASSWORD}).status_code == 429


def test_another_account_from_those_addresses_still_logs_in(patient, other_patient):
    for n in range(15):
        log_in("patient@example.com", f"wrong-{n}", f"10.0.0.{n % 5}")
    assert log_in("other@example.com", PASSWORD, "10.0.0.1").status_code == 302


def test_one_address_trying_many_accounts_is_refused(patient):
    for n in range(20):
        log_in(f"someone{n}@example.com", "guess-123", "203.0.113.7")
    response = log_in("patient@example.com", PASSWORD, "203.0.113.7")
    assert response.status_code == 429
    assert "Too many wrong passwords from this network" in response.content.decode()
    assert log_in("patient@example.com", PASSWORD, "203.0.113.8").status_code == 302


def test_the_pause_says_nothing_about_whether_an_account_exists(db):
    for n in range(15):
        log_in("nobody@example.com", f"wrong-{n}", f"10.0.1.{n % 5}")
    assert "Logging in to this account is paused" in log_in("nobody@example.com", "x", "10.0.1.9").content.decode()


def test_setting_a_new_password_from_the_emailed_link_lifts_the_accounts_pause(patient, client):
    for n in range(15):
        log_in("patient@example.com", f"wrong-{n}", f"10.0.0.{n % 5}")
    assert log_in("patient@example.com", PASSWORD, "10.0.0.1").status_code == 429
    client.post("/accounts/password/reset/", {"email": "patient@example.com"})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"}
    )
    assert log_in("patient@example.com", "a-new-long-password-9", "10.0.0.1").status_code == 302


def test_the_right_password_does_not_count(patient):
    for _ in range(20):
        assert log_in("patient@example.com", PASSWORD, "10.0.0.1").status_code == 302


def test_a_reset_link_works_for_an_hour_only(patient, client):
    import datetime
    from unittest import mock

    from django.contrib.auth.tokens import default_token_generator

    token = default_token_generator.make_token(patient)
    later = datetime.datetime.now() + datetime.timedelta(minutes=61)
    with mock.patch.object(default_token_generator, "_now", return_value=later):
        assert not default_token_generator.check_token(patient, token)
    assert default_token_generator.check_token(patient, token)
