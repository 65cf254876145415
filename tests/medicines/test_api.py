"""`/api/medicines/`: a medicine queued on the phone is stored once under its
uuid, a deleted one stays deleted, and bad input names each field."""

import datetime
import json
import uuid

import pytest
from django.test import Client

from checkin.core.sync import owner_tag
from checkin.models import DeletedMedicine, Medicine
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

URL = "/api/medicines/"


def queued(**overrides):
    body = {
        "client_uuid": str(uuid.uuid4()),
        "name": "Naproxen",
        "dose_text": "250 mg",
        "as_needed": True,
        "started_on": "2026-11-02",
        "stopped_on": None,
        "note": "With food",
        "updated_at": "2026-12-01T08:30:00+00:00",
    }
    return body | overrides


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_a_medicine_sent_twice_is_stored_once(patient_client, patient):
    body = queued()
    first, second = post(patient_client, body), post(patient_client, body)
    assert (first.status_code, first.json()["outcome"]) == (201, "created")
    assert (second.status_code, second.json()["outcome"]) == (200, "already_stored")
    stored = Medicine.objects.get(patient=patient)
    assert (stored.name, stored.dose_text, stored.as_needed, stored.note) == ("Naproxen", "250 mg", True, "With food")
    assert stored.started_on == datetime.date(2026, 11, 2) and stored.stopped_on is None
    assert str(stored.client_uuid) == body["client_uuid"]
    assert first.json()["medicine"] == second.json()["medicine"]
    assert first.json()["medicine"]["updated_at"] == "2026-12-01T08:30:00+00:00"


def test_a_replay_after_deleting_brings_nothing_back(patient_client, patient):
    body = queued()
    post(patient_client, body)
    Medicine.objects.get(patient=patient).delete()
    assert DeletedMedicine.objects.filter(client_uuid=body["client_uuid"]).exists()
    again = post(patient_client, body)
    assert (again.status_code, again.json()) == (200, {"outcome": "already_stored", "medicine": None})
    assert not Medicine.objects.exists()


def test_bad_values_are_a_400_naming_each_field_and_nothing_is_stored(patient_client):
    body = queued(name="", as_needed="yes", started_on="2026-12-40", note=5, client_uuid="not-a-uuid")
    response = post(patient_client, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["name"] == ["Name: write the medicine's name (at most 80 characters)."]
    assert errors["as_needed"] == ["as_needed: send true or false."]
    assert errors["started_on"] == ["Started: enter a date as YYYY-MM-DD, or leave it empty."]
    assert errors["note"] == ["note: send text."]
    assert errors["client_uuid"] == ["client_uuid: send a UUID, such as 6f1c…-…."]
    assert not Medicine.objects.exists()


def test_stopped_before_it_started_or_in_the_future_is_refused(patient_client, patient):
    future = (patient.today() + datetime.timedelta(days=1)).isoformat()
    errors = post(patient_client, queued(started_on="2026-11-10", stopped_on="2026-11-01")).json()["errors"]
    assert errors == {"stopped_on": ["Stopped: must be on or after the day it started."]}
    errors = post(patient_client, queued(started_on=future)).json()["errors"]
    assert list(errors) == ["started_on"] and errors["started_on"][0].startswith("Started: must be today (")


def test_missing_uuid_and_how_it_is_taken_are_named(patient_client):
    body = queued()
    del body["client_uuid"], body["as_needed"]
    errors = post(patient_client, body).json()["errors"]
    assert errors["client_uuid"] == ["client_uuid: send the UUID this medicine was saved under on the phone."]
    assert errors["as_needed"] == ["as_needed: send true or false."]


def test_another_accounts_uuid_is_refused_and_theirs_is_unchanged(patient_client, make_user):
    other = make_user("other@example.com")
    theirs = Medicine.objects.create(patient=other, name="Theirs")
    response = post(patient_client, queued(client_uuid=str(theirs.client_uuid)))
    assert response.status_code == 400 and list(response.json()["errors"]) == ["client_uuid"]
    assert Medicine.objects.get(pk=theirs.pk).name == "Theirs"


def test_saved_on_this_phone_by_another_account_is_a_409(patient_client):
    response = post(patient_client, queued(owner="someone-else"))
    assert response.status_code == 409 and not Medicine.objects.exists()


def test_the_own_owner_tag_is_accepted(patient_client, patient):
    assert post(patient_client, queued(owner=owner_tag(patient))).status_code == 201


def test_get_lists_only_ones_own(patient_client, patient, make_user):
    Medicine.objects.create(patient=make_user("other@example.com"), name="Not mine")
    post(patient_client, queued(name="Mine"))
    listed = patient_client.get(URL).json()["medicines"]
    assert [m["name"] for m in listed] == ["Mine"]


def test_logged_out_is_401_and_without_csrf_403(patient):
    assert post(Client(), queued()).status_code == 401
    client = Client(enforce_csrf_checks=True)
    sign_in(client, patient)
    assert post(client, queued()).status_code == 403
    assert not Medicine.objects.exists()
