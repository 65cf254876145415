"""The check-in API the offline queue sends to: exactly once by client_uuid,
the later edit wins between two phones, JSON for every bad input, never a 500."""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin.core.jsonapi import MAX_BODY_BYTES
from checkin.core.sync import owner_tag
from checkin.models import CheckIn
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

URL = "/api/checkins/"


def queued(day, **overrides):
    """What the phone's queue sends: the form's field names as JSON values."""
    body = {
        "date": day.isoformat(),
        "pain": 3,
        "mood": 7,
        "sleep_hours": 6.5,
        "sleep_quality": 4,
        "exercise_minutes": 25,
        "exercise_kind": "walking",
        "symptoms": [],
        "note": "Walked to the shop",
        "client_uuid": str(uuid.uuid4()),
    }
    body.update(overrides)
    return body


def post(client, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


# --- Creating, once ------------------------------------------------------------


def test_it_creates_the_check_in_with_the_values_sent(patient_client, patient, today):
    body = queued(today, symptoms=["fever", "numbness"])
    response = post(patient_client, body)
    assert response.status_code == 201
    assert response.json()["outcome"] == "created"
    row = CheckIn.objects.get(patient=patient)
    assert row.date == today
    assert str(row.client_uuid) == body["client_uuid"]
    assert (row.pain, row.mood, row.sleep_hours, row.sleep_quality) == (3, 7, Decimal("6.5"), 4)
    assert (row.exercise_minutes, row.exercise_kind, row.note) == (25, "walking", "Walked to the shop")
    assert row.symptoms == ["fever", "numbness"]
    assert response.json()["checkin"]["client_uuid"] == body["client_uuid"]


def test_it_stores_a_replayed_check_in_exactly_once(patient_client, patient, today):
    body = queued(today)
    first = post(patient_client, body)
    second = post(patient_client, body)
    third = post(patient_client, {**body, "pain": 9})  # same uuid: already stored, not changed
    assert first.status_code == 201
    assert (second.status_code, second.json()["outcome"]) == (200, "already_stored")
    assert (third.status_code, third.json()["outcome"]) == (200, "already_stored")
    assert CheckIn.objects.filter(patient=patient).count() == 1
    assert CheckIn.objects.get(patient=patient).pain == 3


def test_it_accepts_numbers_sent_as_text_as_the_form_does(patient_client, patient, today):
    response = post(
        patient_client, queued(today, pain="5", sleep_hours="7", exercise_minutes="0", exercise_kind="none")
    )
    assert response.status_code == 201
    assert CheckIn.objects.get(patient=patient).pain == 5


def test_it_keeps_the_phones_edit_time(patient_client, patient, today):
    edited = timezone.now() - datetime.timedelta(hours=3)
    post(patient_client, queued(today, updated_at=iso(edited)))
    assert abs(CheckIn.objects.get(patient=patient).updated_at - edited) < datetime.timedelta(seconds=1)


# --- Two phones, one day -----------------------------------------------------------


def test_the_later_edit_wins_when_two_phones_send_the_same_day(patient_client, patient, today):
    now = timezone.now()
    morning = queued(today, pain=2, updated_at=iso(now - datetime.timedelta(hours=4)))
    evening = queued(today, pain=8, updated_at=iso(now - datetime.timedelta(hours=1)))
    assert post(patient_client, morning).status_code == 201

    response = post(patient_client, evening)
    assert response.status_code == 200
    assert response.json()["outcome"] == "updated"
    assert response.json()["winner"] == evening["client_uuid"]
    row = CheckIn.objects.get(patient=patient)
    assert row.pain == 8
    assert str(row.client_uuid) == evening["client_uuid"]


def test_an_older_edit_arriving_late_does_not_overwrite_a_newer_one(patient_client, patient, today):
    now = timezone.now()
    evening = queued(today, pain=8, updated_at=iso(now - datetime.timedelta(hours=1)))
    morning = queued(today, pain=2, updated_at=iso(now - datetime.timedelta(hours=4)))
    post(patient_client, evening)

    response = post(patient_client, morning)
    assert response.status_code == 200
    assert response.json()["outcome"] == "kept_newer"
    assert response.json()["winner"] == evening["client_uuid"]
    assert response.json()["checkin"]["pain"] == 8
    assert CheckIn.objects.get(patient=patient).pain == 8


def test_replaying_either_phones_check_in_afterwards_changes_nothing(patient_client, patient, today):
    now = timezone.now()
    morning = queued(today, pain=2, updated_at=iso(now - datetime.timedelta(hours=4)))
    evening = queued(today, pain=8, updated_at=iso(now - datetime.timedelta(hours=1)))
    post(patient_client, morning)
    post(patient_client, evening)
    again_evening = post(patient_client, evening).json()
    again_morning = post(patient_client, morning).json()
    assert (again_evening["outcome"], again_evening["winner"]) == ("already_stored", evening["client_uuid"])
    assert (again_morning["outcome"], again_morning["winner"]) == ("kept_newer", evening["client_uuid"])
    assert CheckIn.objects.filter(patient=patient).count() == 1
    assert CheckIn.objects.get(patient=patient).pain == 8


def test_a_phone_clock_in_the_future_counts_as_now(patient_client, patient, today):
    next_year = timezone.now() + datetime.timedelta(days=365)
    post(patient_client, queued(today, pain=2, updated_at=iso(next_year)))
    assert CheckIn.objects.get(patient=patient).updated_at <= timezone.now()
    later = post(patient_client, queued(today, pain=6, updated_at=iso(timezone.now() + datetime.timedelta(seconds=1))))
    # Sent a moment later with a correct clock: it is the later edit, so it wins.
    assert later.json()["outcome"] == "updated"


def test_a_check_in_queued_offline_loses_to_a_newer_one_made_on_the_web_form(patient_client, patient, today):
    from tests.conftest import checkin_values

    edited_offline = timezone.now() - datetime.timedelta(hours=2)
    patient_client.post("/checkin/", checkin_values(pain="9"))
    response = post(patient_client, queued(today, pain=1, updated_at=iso(edited_offline)))
    assert response.json()["outcome"] == "kept_newer"
    assert CheckIn.objects.get(patient=patient).pain == 9


# --- Bad input: 400 with the field named ---------------------------------------------


def test_it_names_each_invalid_field_and_stores_nothing(patient_client, patient, today):
    response = post(patient_client, queued(today, pain=11, sleep_hours=6.25, exercise_kind="skiing"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"pain", "sleep_hours", "exercise_kind"}
    assert errors["pain"] == ["Pain: choose a whole number from 0 to 10."]
    assert errors["sleep_hours"] == ["Sleep: use half hours, for example 6 or 6.5."]
    assert not CheckIn.objects.exists()


def test_it_names_missing_keys(patient_client, today):
    body = queued(today)
    for key in ("pain", "mood", "sleep_hours", "date", "client_uuid"):
        del body[key]
    errors = post(patient_client, body).json()["errors"]
    assert set(errors) == {"pain", "mood", "sleep_hours", "date", "client_uuid"}
    assert errors["date"] == ["Day: enter a date as YYYY-MM-DD."]
    assert errors["client_uuid"][0].startswith("client_uuid:")


@pytest.mark.parametrize(
    "field, value",
    [
        ("pain", [3]),
        ("pain", True),
        ("mood", {"value": 5}),
        ("note", ["a", "b"]),
        ("symptoms", "fever"),
        ("symptoms", [1]),
    ],
)
def test_it_names_values_of_the_wrong_json_type(patient_client, today, field, value):
    response = post(patient_client, queued(today, **{field: value}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not CheckIn.objects.exists()


def test_it_refuses_a_day_in_the_future_in_the_patients_own_calendar(patient_client, today):
    response = post(patient_client, queued(today + datetime.timedelta(days=1)))
    assert response.status_code == 400
    assert "future" in response.json()["errors"]["date"][0]


def test_it_names_an_updated_at_that_is_not_a_time(patient_client, today):
    for bad in ("yesterday", "2025-13-45T25:00:00Z", 12345):
        response = post(patient_client, queued(today, updated_at=bad))
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["updated_at"]


@pytest.mark.parametrize(
    "body",
    ["", "not json", "{", "[1, 2]", '"text"', "null", '{"pain": NaN}', '{"pain": Infinity}', b"\xff\xfe{}", "[" * 5000],
    ids=["empty", "text", "truncated", "list", "string", "null", "nan", "infinity", "bad-utf8", "deep-nesting"],
)
def test_it_answers_malformed_bodies_with_a_json_error(patient_client, body):
    response = post(patient_client, body)
    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": ["Send the check-in as a JSON object."]}}


def test_it_refuses_an_oversized_body_in_json(patient_client, today):
    response = post(patient_client, queued(today, note="x" * (MAX_BODY_BYTES + 1)))
    assert response.status_code == 413
    assert "errors" in response.json()
    assert not CheckIn.objects.exists()


def test_a_note_at_the_form_limit_fits_within_the_body_limit(patient_client, today):
    # Every character escaped by JSON as \uXXXX: the largest body a real note makes.
    body = json.dumps(queued(today, note="é" * 2000), ensure_ascii=True)
    assert len(body) < MAX_BODY_BYTES
    assert post(patient_client, body).status_code == 201


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
field_names = st.sampled_from(
    [
        "date",
        "pain",
        "mood",
        "sleep_hours",
        "sleep_quality",
        "exercise_minutes",
        "exercise_kind",
        "symptoms",
        "note",
        "client_uuid",
        "updated_at",
        "owner",
    ]
)


@pytest.mark.slow  # fuzzing: 120 bodies
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.dictionaries(field_names, json_values, max_size=6))
def test_no_json_body_causes_a_server_error(patient_client, today, junk):
    response = post(patient_client, {**queued(today), **junk})
    assert response.status_code in (200, 201, 400, 409)
    body = response.json()
    if response.status_code == 400:
        assert set(body["errors"]) <= set(queued(today)) | {"updated_at", "owner", "__all__"}


# --- Who may send and read ----------------------------------------------------------


def test_it_refuses_anonymous_requests_in_json(client, today):
    for response in (client.get(URL), post(client, queued(today))):
        assert response.status_code == 401
        assert response.json()["errors"]["__all__"] == ["Log in to send or read check-ins."]
    assert not CheckIn.objects.exists()


def test_it_refuses_a_check_in_queued_under_another_account_on_the_same_phone(
    patient_client, patient, other_patient, today
):
    refused = post(patient_client, queued(today, owner=owner_tag(other_patient)))
    assert refused.status_code == 409
    assert list(refused.json()["errors"]) == ["owner"]
    assert not CheckIn.objects.exists()
    assert post(patient_client, queued(today, owner=owner_tag(patient))).status_code == 201


def test_another_patients_client_uuid_does_not_reach_their_row(client, patient, other_patient, today):
    sign_in(client, other_patient)
    theirs = queued(today, pain=1)
    post(client, theirs)
    sign_in(client, patient)
    response = post(client, queued(today, pain=9, client_uuid=theirs["client_uuid"]))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["client_uuid"]
    assert CheckIn.objects.get().pain == 1  # theirs, untouched
    assert not CheckIn.objects.filter(patient=patient).exists()


def test_it_requires_the_csrf_token_in_the_x_csrftoken_header(patient, today):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, patient)
    refused = post(client, queued(today))
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["errors"]["__all__"][0]
    assert not CheckIn.objects.exists()

    client.get("/checkin/")  # sets the CSRF cookie, as any page with a form does
    token = client.cookies["csrftoken"].value
    assert post(client, queued(today), HTTP_X_CSRFTOKEN=token).status_code == 201


def test_answers_are_never_stored_by_a_cache(patient_client, today):
    for response in (patient_client.get(URL), post(patient_client, queued(today))):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_other_methods_are_refused_in_json(patient_client):
    response = patient_client.put(URL, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert response.json()["errors"]


# --- Reading -------------------------------------------------------------------------


def test_it_lists_only_the_patients_own_check_ins_since_a_day(
    patient_client, patient, other_patient, today, make_checkin
):
    for days_ago in (0, 1, 5):
        make_checkin(patient, today - datetime.timedelta(days=days_ago), pain=days_ago)
    make_checkin(other_patient, today, pain=10, note="not yours")
    response = patient_client.get(URL, {"since": (today - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    rows = response.json()["checkins"]
    assert [row["date"] for row in rows] == [(today - datetime.timedelta(days=1)).isoformat(), today.isoformat()]
    assert [row["pain"] for row in rows] == [1, 0]
    assert set(rows[0]) >= {
        "pain",
        "mood",
        "sleep_hours",
        "sleep_quality",
        "exercise_minutes",
        "exercise_kind",
        "symptoms",
        "note",
        "client_uuid",
        "updated_at",
    }
    assert len(patient_client.get(URL).json()["checkins"]) == 3


def test_it_names_a_since_that_is_not_a_date(patient_client):
    response = patient_client.get(URL, {"since": "last week"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"since": ["since: enter a date as YYYY-MM-DD."]}


def test_reading_takes_the_same_number_of_queries_whatever_the_history(
    patient_client, patient, today, make_checkin, django_assert_max_num_queries
):
    for days_ago in range(60):
        make_checkin(patient, today - datetime.timedelta(days=days_ago))
    with django_assert_max_num_queries(3):
        assert len(patient_client.get(URL).json()["checkins"]) == 60


def test_losing_a_race_to_another_request_for_the_same_day_is_not_an_error(patient_client, patient, today, monkeypatch):
    """Two phones' requests arrive together: the other one inserts the day's row
    between this one's read and its insert. The loser retries and updates."""
    from django.db import IntegrityError

    from checkin.core import sync

    real_store = sync._store
    calls = []

    def store_after_losing_the_race(*args):
        calls.append(args)
        if len(calls) == 1:
            raise IntegrityError("checkin_one_per_patient_day")
        # By the retry, the other request's row is there.
        CheckIn.objects.create(
            patient=patient,
            date=today,
            pain=1,
            mood=1,
            sleep_hours=1,
            sleep_quality=1,
            exercise_minutes=0,
            exercise_kind="none",
        )
        CheckIn.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
        return real_store(*args)

    monkeypatch.setattr(sync, "_store", store_after_losing_the_race)
    response = post(patient_client, queued(today, pain=7))
    assert response.status_code == 200
    assert response.json()["outcome"] == "updated"
    assert len(calls) == 2
    assert CheckIn.objects.get(patient=patient).pain == 7
