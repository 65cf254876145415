"""Clinicians' and admins' sessions end 12 hours after logging in and after 30
minutes unused; patients keep two weeks from each visit, for at most 90 days."""

import time

import pytest
from django.test import Client

from checkin.web.middleware import SEEN_AT, STARTED_AT
from tests.conftest import PASSWORD, pass_second_step

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    assert client.post("/accounts/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    pass_second_step(client, user)
    return client


def age(client, started=None, seen=None):
    session = client.session
    now = int(time.time())
    if started is not None:
        session[STARTED_AT] = now - started
    if seen is not None:
        session[SEEN_AT] = now - seen
    session.save()


def test_a_clinicians_session_ends_after_thirty_minutes_unused(clinician):
    client = logged_in(clinician)
    age(client, seen=29 * 60)
    assert client.get("/clinician/").status_code == 200
    age(client, seen=31 * 60)
    response = client.get("/clinician/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/clinician/").status_code == 302  # logged out, not just turned away once
    page = client.get(response["Location"]).content.decode()
    assert "ends after 12 hours, or 30 minutes unused" in page


def test_a_clinicians_session_ends_twelve_hours_after_logging_in_even_when_busy(clinician):
    client = logged_in(clinician)
    age(client, started=12 * 3600 + 60, seen=10)
    assert client.get("/clinician/").status_code == 302


def test_an_admins_session_is_limited_too(make_user):
    admin = make_user("admin@example.com", is_staff=True, is_superuser=True)
    client = logged_in(admin)
    age(client, seen=31 * 60)
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_answers_json_when_the_session_ended(clinician):
    client = logged_in(clinician)
    age(client, seen=31 * 60)
    response = client.get("/api/checkins/")
    assert response.status_code == 401 and "Please log in again" in response.json()["errors"]["__all__"][0]


def test_a_patient_keeps_a_long_session(patient):
    client = logged_in(patient)
    age(client, started=3 * 24 * 3600, seen=2 * 24 * 3600)
    assert client.get("/").status_code == 200
    assert "_auth_user_id" in client.session


def test_a_patients_session_ends_ninety_days_after_logging_in_however_often_they_visit(patient):
    client = logged_in(patient)
    age(client, started=89 * 24 * 3600, seen=60)
    assert client.get("/").status_code == 200
    age(client, started=90 * 24 * 3600 + 60, seen=60)
    response = client.get("/checkin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert "asks for your password every 90 days" in client.get(response["Location"]).content.decode()


def test_a_patient_session_from_before_the_limit_starts_its_clock_now(patient):
    client = logged_in(patient)
    session = client.session
    del session[STARTED_AT]
    session.save()
    assert client.get("/").status_code == 200
    assert abs(client.session[STARTED_AT] - time.time()) < 60


def test_the_limits_come_from_settings(clinician, settings):
    settings.MEND_STAFF_IDLE_MINUTES = 5
    client = logged_in(clinician)
    age(client, seen=6 * 60)
    assert client.get("/clinician/").status_code == 302
