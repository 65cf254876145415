"""Home's "Same as yesterday": one tap saves today's check-in, then says so
with Change and Undo right there."""

import datetime

import pytest

from checkin.models import CheckIn
from tests.conftest import checkin_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def yesterdays(make_checkin, patient, yesterday):
    return make_checkin(
        patient,
        yesterday,
        pain=4,
        mood=6,
        sleep_hours=7,
        sleep_quality=4,
        exercise_minutes=20,
        exercise_kind="walking",
        symptoms=["fever"],
        note="Yesterday's own",
    )


def test_home_offers_it_and_one_tap_saves_today_from_yesterday(patient_client, patient, today, yesterdays):
    assert "Same as yesterday" in patient_client.get("/").content.decode()
    response = patient_client.post("/history/same-again/")
    assert response.status_code == 302 and response["Location"] == "/"
    saved = CheckIn.objects.get(patient=patient, date=today)
    assert (
        saved.pain,
        saved.mood,
        saved.sleep_hours,
        saved.sleep_quality,
        saved.exercise_minutes,
        saved.exercise_kind,
    ) == (4, 6, 7, 4, 20, "walking")
    # Warning signs and the note belong to their own day.
    assert (saved.symptoms, saved.note) == ([], "")
    home = patient_client.get("/").content.decode()
    assert "Saved: the same as your last check-in" in home
    assert ">Change</a>" in home and ">Undo</button>" in home
    # Undo stays for the rest of the day, however often home is opened...
    again = patient_client.get("/").content.decode()
    assert "Saved: the same" in again and ">Undo</button>" in again
    # ...until the check-in changes: then it is the patient's own, with the usual card.
    response = patient_client.post("/checkin/", checkin_values(pain="7"))
    assert response.status_code == 302
    changed = patient_client.get("/").content.decode()
    assert ">Undo</button>" not in changed and "Change today's check-in" in changed


def test_undo_takes_todays_check_in_away_and_comes_back_home(patient_client, patient, today, yesterdays):
    patient_client.post("/history/same-again/")
    response = patient_client.post(f"/history/{today.isoformat()}/delete/", {"undo": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Undone: today has no check-in yet." in response.content.decode()
    assert not CheckIn.objects.filter(patient=patient, date=today).exists()
    assert CheckIn.objects.filter(patient=patient, date=yesterdays.date).exists()


def test_it_names_the_day_it_copies_when_that_was_not_yesterday(patient_client, patient, today, make_checkin):
    make_checkin(patient, today - datetime.timedelta(days=3))
    day = (today - datetime.timedelta(days=3)).strftime("%A")
    assert f"Same as {day}" in patient_client.get("/").content.decode()


def test_nothing_to_copy_means_no_button_and_nothing_saved(patient_client, patient, today):
    assert "Same as" not in patient_client.get("/").content.decode()
    assert patient_client.post("/history/same-again/").status_code == 302
    assert not CheckIn.objects.exists()


def test_it_never_overwrites_todays_check_in(patient_client, patient, today, yesterdays, make_checkin):
    make_checkin(patient, today, pain=9)
    assert "Same as yesterday" not in patient_client.get("/").content.decode()
    patient_client.post("/history/same-again/")
    assert CheckIn.objects.get(patient=patient, date=today).pain == 9


def test_it_is_a_post_only(patient_client, yesterdays):
    assert patient_client.get("/history/same-again/").status_code == 405


def test_a_new_patient_is_welcomed_and_sees_no_empty_days_from_before_they_joined(patient_client, patient):
    html = patient_client.get("/").content.decode()
    assert "Welcome to Mend" in html
    assert html.count("No check-in") == 1  # today only


def test_days_before_joining_stay_out_of_the_week_once_there_are_check_ins(
    patient_client, patient, today, make_checkin
):
    from django.utils import timezone

    type(patient).objects.filter(pk=patient.pk).update(date_joined=timezone.now() - datetime.timedelta(days=2))
    make_checkin(patient, today)
    html = patient_client.get("/").content.decode()
    assert "Welcome to Mend" not in html
    assert html.count("No check-in") == 2  # the two days since joining, not five more
