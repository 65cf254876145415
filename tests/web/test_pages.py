"""Home, history, help and health: what each person sees, and ownership."""

import datetime

import pytest

from checkin.models import CheckIn
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_a_short_landing_page(client):
    html = client.get("/").content.decode()
    assert "Create a free account" in html
    assert "Log in" in html
    assert 'href="/guidance/"' in html  # the header hides its Guidance link on phones


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/help/", "/accounts/password/reset/"])
def test_get_help_now_is_on_every_public_page(client, path):
    html = client.get(path).content.decode()
    assert 'href="/help/"' in html and "Get help now" in html


@pytest.mark.parametrize("path", ["/", "/checkin/", "/history/", "/account/", "/accounts/password/change/"])
def test_get_help_now_is_on_every_patient_page(patient_client, path):
    html = patient_client.get(path).content.decode()
    assert 'href="/help/"' in html and "Get help now" in html


def test_the_help_page_lists_crisis_lines_and_red_flags(client):
    html = client.get("/help/").content.decode()
    for text in (
        "988",
        "116 123",
        "999",
        "911",
        "112",
        "bladder or bowel",
        "numbness",
        "high temperature",
        "both legs",
        "Chest pain",
        "cancer",
    ):
        assert text in html


def test_home_shows_todays_status_and_the_last_seven_days(patient_client, patient, today, make_checkin):
    make_checkin(patient, today - datetime.timedelta(days=2), pain=7, mood=2)
    make_checkin(patient, today - datetime.timedelta(days=9), pain=1)  # outside the week
    html = patient_client.get("/").content.decode()
    assert "You haven't checked in yet today" in html
    assert html.count(">No check-in</td>") == 6
    assert f'href="/checkin/{today - datetime.timedelta(days=2):%Y-%m-%d}/"' in html


def test_home_shows_todays_values_once_checked_in(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, pain=3, mood=8)
    html = patient_client.get("/").content.decode()
    assert "Change today's check-in" in html
    assert ">3<small>/10</small>" in html and ">8<small>/10</small>" in html


def test_home_never_shows_another_patients_check_ins(patient_client, other_patient, today, make_checkin):
    make_checkin(other_patient, today, pain=9, note="Olive's secret")
    html = patient_client.get("/").content.decode()
    assert "You haven't checked in yet today" in html
    assert "Olive" not in html


def test_history_lists_check_ins_newest_first_and_links_each_day(patient_client, patient, today, make_checkin):
    for n in range(3):
        make_checkin(patient, today - datetime.timedelta(days=n + 1), pain=n)
    html = patient_client.get("/history/").content.decode()
    days = [today - datetime.timedelta(days=n + 1) for n in range(3)]
    positions = [html.index(f'href="/checkin/{d:%Y-%m-%d}/"') for d in days]
    assert positions == sorted(positions)


def test_history_is_paginated_with_a_constant_number_of_queries(
    patient_client, patient, today, django_assert_max_num_queries
):
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=n % 11,
            mood=5,
            sleep_hours=7,
            sleep_quality=3,
            exercise_minutes=0,
        )
        for n in range(75)
    )
    with django_assert_max_num_queries(6):
        first = patient_client.get("/history/").content.decode()
    assert "Page 1 of 3" in first
    third = patient_client.get("/history/?page=3").content.decode()
    assert third.count('class="history-row"') == 15
    assert "Page 3 of 3" in third


def test_history_shows_only_the_patients_own_rows(patient_client, other_patient, today, make_checkin):
    make_checkin(other_patient, today, note="not yours")
    html = patient_client.get("/history/").content.decode()
    assert "No check-ins yet" in html


def test_another_patients_day_opens_the_viewers_own_empty_form(client, patient, other_patient, yesterday, make_checkin):
    # Check-in URLs carry only a date: each patient only ever reaches their own row.
    make_checkin(other_patient, yesterday, pain=9, note="Olive's secret")
    sign_in(client, patient)
    html = client.get(f"/checkin/{yesterday:%Y-%m-%d}/").content.decode()
    assert "Olive's secret" not in html
    assert "Save check-in" in html


@pytest.mark.parametrize("path", ["/history/", "/account/", "/checkin/2024-01-01/"])
def test_patient_pages_send_anonymous_visitors_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", broken)
    assert client.get("/healthz").status_code == 503


def test_the_account_page_changes_name_and_time_zone(patient_client, patient):
    response = patient_client.post("/account/", {"name": "Patricia", "time_zone": "Pacific/Auckland"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert (patient.name, patient.time_zone) == ("Patricia", "Pacific/Auckland")


def test_the_account_page_speaks_to_the_patient(patient_client):
    html = patient_client.get("/account/").content.decode()
    assert "How Mend greets you." in html
    assert "this person" not in html  # the model's wording, meant for admins


def test_the_account_page_refuses_an_unknown_time_zone(patient_client, patient):
    response = patient_client.post("/account/", {"name": "P", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Time zone: choose one from the list, such as Europe/London." in html
    assert 'value="P"' in html  # the name typed is kept
    patient.refresh_from_db()
    assert patient.time_zone == "Europe/London"


def test_patients_cannot_make_themselves_clinicians(patient_client, patient):
    patient_client.post("/account/", {"name": "P", "time_zone": "Europe/London", "is_clinician": "on"})
    patient.refresh_from_db()
    assert patient.is_clinician is False


def test_time_zones_read_as_people_write_them(patient_client, patient):
    patient.time_zone = "America/New_York"
    patient.save()
    assert patient.time_zone_label == "America/New York"
    assert "Mend counts your days in America/New York time." in patient_client.get("/").content.decode()
    assert '<option value="America/New_York" selected>America/New York</option>' in (
        patient_client.get("/account/").content.decode()
    )
