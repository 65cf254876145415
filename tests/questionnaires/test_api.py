"""`/api/measures/`: a response queued on the phone is stored once, on the check-ins' rules."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from checkin.core.sync import owner_tag
from checkin.models import QuestionnaireResponse
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

URL = "/api/measures/"


def queued(day, instrument="peg", **overrides):
    body = {
        "instrument": instrument,
        "date": day.isoformat(),
        "item1": 4,
        "item2": 5,
        "item3": 6,
        "client_uuid": str(uuid.uuid4()),
    }
    body.update(overrides)
    return body


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_a_response_sent_twice_is_stored_once(patient_client, patient, today):
    body = queued(today)
    first, second = post(patient_client, body), post(patient_client, body)
    assert (first.status_code, first.json()["outcome"]) == (201, "created")
    assert (second.status_code, second.json()["outcome"]) == (200, "already_stored")
    saved = QuestionnaireResponse.objects.get(patient=patient)
    assert (saved.score, str(saved.client_uuid)) == (5, body["client_uuid"])
    assert first.json()["response"]["score"] == 5.0


def test_the_later_edit_wins_between_two_phones(patient_client, patient, today):
    now = timezone.now()
    later = queued(today, item1=9, updated_at=now.isoformat())
    earlier = queued(today, item1=0, updated_at=(now - datetime.timedelta(hours=1)).isoformat())
    assert post(patient_client, later).status_code == 201
    answer = post(patient_client, earlier).json()
    assert answer["outcome"] == "kept_newer"
    assert QuestionnaireResponse.objects.get(patient=patient).answers["item1"] == 9


def test_another_instrument_on_the_same_day_is_its_own_response(patient_client, patient, today):
    post(patient_client, queued(today))
    post(patient_client, queued(today, "gad2", item1=1, item2=2, item3=None))
    assert QuestionnaireResponse.objects.filter(patient=patient).count() == 2


def test_item9_is_stored_and_reported(patient_client, today):
    body = queued(today, "phq9", **{f"item{n}": 0 for n in range(1, 10)})
    body["item9"] = 2
    answer = post(patient_client, body).json()
    assert answer["response"]["self_harm"] is True
    assert answer["response"]["band"] == "minimal"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"instrument": "phq10"}, "instrument", "instrument: send one of peg, phq2, phq9, gad2, gad7."),
        (
            {"item2": None},
            "item2",
            "Question 2 (What number best describes how, during…): choose a number from 0 to 10.",
        ),
        ({"item3": 11}, "item3", "Question 3 (What number best describes how, during…): choose a number from 0 to 10."),
        ({"item1": True}, "item1", "Question 1 (What number best describes your pain…): choose a number from 0 to 10."),
        ({"date": None}, "date", "Day: enter a date as YYYY-MM-DD."),
        (
            {"client_uuid": None},
            "client_uuid",
            "client_uuid: send the UUID this response was saved under on the phone.",
        ),
        ({"updated_at": "yesterday"}, "updated_at", "updated_at: send a date and time such as 2025-05-01T08:30:00Z."),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(patient_client, today, change, field, message):
    body = {k: v for k, v in {**queued(today), **change}.items() if v is not None}
    response = post(patient_client, body)
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert not QuestionnaireResponse.objects.exists()


def test_a_future_day_is_refused(patient_client, today):
    response = post(patient_client, queued(today + datetime.timedelta(days=1)))
    assert response.status_code == 400
    assert "Day: must be today" in response.json()["errors"]["date"][0]


def test_logged_out_gets_401_in_json(client, today):
    response = post(client, queued(today))
    assert response.status_code == 401
    assert response.json()["errors"]["__all__"] == ["Log in to send or read questionnaires."]


def test_a_response_saved_by_another_account_on_this_phone_is_refused(patient_client, other_patient, today):
    response = post(patient_client, queued(today, owner=owner_tag(other_patient)))
    assert response.status_code == 409
    assert not QuestionnaireResponse.objects.exists()


def test_a_uuid_of_another_patients_response_is_refused(patient_client, other_patient, today):
    other = Client()
    sign_in(other, other_patient)
    body = queued(today)
    post(other, body)
    response = post(patient_client, body)
    assert response.status_code == 400
    assert QuestionnaireResponse.objects.get().patient == other_patient


def test_posts_need_the_csrf_token(strict_client, today):
    assert post(strict_client, queued(today)).status_code == 403


def test_get_lists_only_the_patients_own_responses(patient_client, other_patient, today):
    post(patient_client, queued(today))
    other = Client()
    sign_in(other, other_patient)
    post(other, queued(today, "gad2", item1=3, item2=3))
    listed = patient_client.get(URL).json()["responses"]
    assert [(r["instrument"], r["item1"], r["score"]) for r in listed] == [("peg", 4, 5.0)]
