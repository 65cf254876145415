"""A bad-day check-in: pain and mood only, two taps from home; sleep and
activity may follow the same day, and are missing (never zero) until then."""

import json

import pytest
from django.db import IntegrityError, transaction

from checkin.models import CheckIn
from tests.conftest import checkin_values

pytestmark = pytest.mark.django_db


def test_pain_and_mood_alone_save_a_bad_day_check_in(patient_client, patient, today):
    response = patient_client.post("/checkin/", {"pain": "8", "mood": "2"}, follow=True)
    saved = CheckIn.objects.get(patient=patient, date=today)
    assert (saved.pain, saved.mood) == (8, 2)
    assert (saved.sleep_hours, saved.sleep_quality, saved.exercise_minutes, saved.exercise_kind) == (
        None,
        None,
        None,
        "",
    )
    assert "Saved your pain and mood for today" in response.content.decode()


def test_once_one_of_the_rest_is_given_all_are_asked_for(patient_client, patient):
    html = patient_client.post("/checkin/", {"pain": "8", "mood": "2", "sleep_hours": "6"}).content.decode()
    assert "Sleep quality: choose from 1 (very poor) to 5 (very good)." in html
    assert "Activity: enter minutes from 0 to 1440 (0 is fine)." in html
    assert not CheckIn.objects.exists()


def test_an_earlier_day_can_be_a_bad_day_from_its_full_form(patient_client, patient, yesterday):
    """The full form sends its preselected "None" for the kind of activity:
    that alone is no answer, so pain and mood save a bad day here too."""
    day = yesterday.isoformat()
    response = patient_client.post(f"/checkin/{day}/", {"pain": "7", "mood": "3", "exercise_kind": "none", "date": day})
    assert response.status_code == 302
    saved = CheckIn.objects.get(patient=patient, date=yesterday)
    assert (saved.pain, saved.mood, saved.sleep_hours, saved.exercise_minutes, saved.exercise_kind) == (
        7,
        3,
        None,
        None,
        "",
    )


def test_no_sleep_or_activity_answer_is_marked_required_on_any_day(patient_client, yesterday):
    """Pain and mood are always needed; the other four are all or none, so
    none of them carries the required star (on today's form or an earlier day's)."""
    for path in ("/checkin/", f"/checkin/{yesterday.isoformat()}/"):
        page = patient_client.get(path).content.decode()
        assert "asteriskField" not in page, path
        partial = patient_client.post(path, {"pain": "7", "mood": "3", "sleep_hours": "6", "date": yesterday}).content
        assert b"asteriskField" not in partial, path


def test_pain_and_mood_are_still_needed(patient_client):
    html = patient_client.post("/checkin/", {"pain": "8"}).content.decode()
    assert "Mood: choose a number from 0 to 10." in html
    assert not CheckIn.objects.exists()


def test_home_offers_pain_and_mood_then_sleep_and_activity(patient_client, patient, today):
    home = patient_client.get("/").content.decode()
    assert "data-quick-form" in home and 'name="pain"' in home and 'name="mood"' in home
    patient_client.post("/checkin/", {"pain": "8", "mood": "2", "note": "Rough night"})
    home = patient_client.get("/").content.decode()
    assert "Add sleep and activity, if you like" in home and "data-rest-form" in home
    assert "data-rest-more" in home  # the questions after the first: shown once it has an answer
    assert 'name="note" value="Rough night"' in home  # kept when the rest is saved
    patient_client.post(
        "/checkin/",
        checkin_values(
            pain="8", mood="2", note="Rough night", sleep_hours="5", exercise_minutes="0", exercise_kind="none"
        ),
    )
    saved = CheckIn.objects.get(patient=patient, date=today)
    assert (saved.sleep_hours, saved.exercise_kind, saved.note) == (5, "none", "Rough night")
    assert "data-rest-form" not in patient_client.get("/").content.decode()


def test_the_api_takes_a_bad_day_check_in_queued_offline(patient_client, patient, today):
    import uuid

    body = {"date": today.isoformat(), "pain": 7, "mood": 3, "client_uuid": str(uuid.uuid4())}
    response = patient_client.post("/api/checkins/", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    record = response.json()["checkin"] if "checkin" in response.json() else response.json()
    assert record["sleep_hours"] is None and record["exercise_minutes"] is None


def test_the_database_keeps_the_rest_all_or_none(patient, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(
            patient=patient,
            date=today,
            pain=5,
            mood=5,
            sleep_hours=6,
            sleep_quality=None,
            exercise_minutes=None,
            exercise_kind="",
        )


def test_exports_and_history_show_missing_not_zero(patient_client, patient, today, make_checkin):
    make_checkin(
        patient, today, pain=8, mood=2, sleep_hours=None, sleep_quality=None, exercise_minutes=None, exercise_kind=""
    )
    exported = json.loads(b"".join(patient_client.get("/account/export/").streaming_content))
    [day] = exported["checkins"]
    assert (day["sleep_hours"], day["exercise_minutes"], day["exercise_kind"]) == (None, None, "")
    csv = b"".join(patient_client.get("/account/export/?format=csv").streaming_content).decode()
    assert f"{today.isoformat()},8,2,,,," in csv
    assert "sleep and activity not given" in patient_client.get("/history/").content.decode()
    fhir = b"".join(patient_client.get("/account/export/?format=fhir").streaming_content).decode()
    codes = {
        entry["resource"]["code"]["coding"][0]["code"]
        for entry in json.loads(fhir)["entry"]
        if entry["resource"]["resourceType"] == "Observation"
    }
    assert "72514-3" in codes and "93832-4" not in codes and "55411-3" not in codes


def test_trends_treat_the_missing_answers_as_missing(patient_client, patient, today, make_checkin):
    import datetime

    make_checkin(
        patient, today, pain=8, mood=2, sleep_hours=None, sleep_quality=None, exercise_minutes=None, exercise_kind=""
    )
    make_checkin(patient, today - datetime.timedelta(days=1), pain=4, mood=6, sleep_hours=7, exercise_minutes=30)
    data = patient_client.get("/api/trends/?days=7").json()
    series = data.get("series", data)
    assert series["sleep"][-1] is None and series["exercise"][-1] is None
    assert series["pain"][-1] == 8
