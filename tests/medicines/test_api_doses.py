"""`/api/doses/` and `/api/dose-effects/`: a dose names its medicine and an
answer its dose by client_uuid; each is stored once; one whose medicine or
dose was deleted is "deleted" and stores nothing; bad input names the field."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from checkin.models import Dose, DoseEffect, Medicine

pytestmark = pytest.mark.django_db


@pytest.fixture
def naproxen(patient):
    return Medicine.objects.create(patient=patient, name="Naproxen", dose_text="250 mg", as_needed=True)


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def dose(medicine, **overrides):
    taken = timezone.now() - datetime.timedelta(hours=1)
    return {"client_uuid": str(uuid.uuid4()), "medicine": str(medicine.client_uuid), "taken_at": taken.isoformat()} | (
        overrides
    )


def answer(dose_uuid, **overrides):
    return {
        "client_uuid": str(uuid.uuid4()),
        "dose": dose_uuid,
        "pain": 3,
        "answered_at": timezone.now().isoformat(),
    } | overrides


def test_a_dose_sent_twice_is_stored_once_with_one_unit_by_default(patient_client, patient, naproxen):
    body = dose(naproxen)
    first, second = post(patient_client, "/api/doses/", body), post(patient_client, "/api/doses/", body)
    assert (first.status_code, first.json()["outcome"]) == (201, "created")
    assert (second.status_code, second.json()["outcome"]) == (200, "already_stored")
    stored = Dose.objects.get(patient=patient)
    assert stored.medicine == naproxen and stored.amount == 1
    assert first.json()["dose"]["medicine"] == str(naproxen.client_uuid)
    listed = patient_client.get("/api/doses/").json()["doses"]
    assert [d["client_uuid"] for d in listed] == [body["client_uuid"]]


def test_half_a_tablet_and_a_time_with_its_offset(patient_client, patient, naproxen):
    body = dose(naproxen, amount=0.5, taken_at="2026-12-01T21:15:00+01:00")
    assert post(patient_client, "/api/doses/", body).status_code == 201
    stored = Dose.objects.get(patient=patient)
    assert stored.amount == 0.5
    assert stored.taken_at == datetime.datetime(2026, 12, 1, 20, 15, tzinfo=datetime.timezone.utc)


def test_bad_doses_are_a_400_naming_each_field(patient_client, naproxen):
    future = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    errors = post(patient_client, "/api/doses/", dose(naproxen, amount=0, taken_at=future)).json()["errors"]
    assert errors == {
        "amount": ["amount: a number of the medicine's units greater than 0, such as 1 or 0.5 (1 if left out)."],
        "taken_at": ["taken_at: must not be in the future."],
    }
    errors = post(patient_client, "/api/doses/", dose(naproxen, taken_at="2026-12-01T21:15:00")).json()["errors"]
    assert errors == {"taken_at": ["taken_at: send when it was taken, as an ISO date-time with its offset."]}
    errors = post(patient_client, "/api/doses/", dose(naproxen) | {"medicine": str(uuid.uuid4())}).json()["errors"]
    assert errors == {"medicine": ["medicine: no medicine of yours has this client_uuid; send the medicine first."]}
    assert not Dose.objects.exists()


def test_another_patients_medicine_is_not_found(patient_client, make_user):
    theirs = Medicine.objects.create(patient=make_user("other@example.com"), name="Theirs")
    assert post(patient_client, "/api/doses/", dose(theirs)).status_code == 400
    assert not Dose.objects.exists()


def test_a_dose_of_a_deleted_medicine_stores_nothing(patient_client, naproxen):
    body = dose(naproxen)
    naproxen.delete()
    response = post(patient_client, "/api/doses/", body)
    assert (response.status_code, response.json()) == (200, {"outcome": "deleted", "dose": None})
    assert not Dose.objects.exists()


def test_a_deleted_dose_stays_deleted_and_its_answer_is_not_stored(patient_client, patient, naproxen):
    body = dose(naproxen)
    post(patient_client, "/api/doses/", body)
    Dose.objects.get().delete()
    assert post(patient_client, "/api/doses/", body).json() == {"outcome": "already_stored", "dose": None}
    response = post(patient_client, "/api/dose-effects/", answer(body["client_uuid"]))
    assert response.json() == {"outcome": "deleted", "answer": None}
    assert not Dose.objects.exists() and not DoseEffect.objects.exists()


def test_did_it_help_is_stored_once_per_dose(patient_client, patient, naproxen):
    body = dose(naproxen)
    post(patient_client, "/api/doses/", body)
    first = answer(body["client_uuid"], pain=4)
    assert post(patient_client, "/api/dose-effects/", first).status_code == 201
    assert post(patient_client, "/api/dose-effects/", first).json()["outcome"] == "already_stored"
    second = post(patient_client, "/api/dose-effects/", answer(body["client_uuid"], pain=9))
    assert second.status_code == 400 and list(second.json()["errors"]) == ["dose"]
    assert DoseEffect.objects.get().pain == 4
    listed = patient_client.get("/api/dose-effects/").json()["dose_effects"]
    assert [(a["dose"], a["pain"]) for a in listed] == [(body["client_uuid"], 4)]


def test_bad_answers_name_the_field(patient_client, naproxen):
    body = dose(naproxen)
    post(patient_client, "/api/doses/", body)
    errors = post(patient_client, "/api/dose-effects/", answer(body["client_uuid"], pain=11)).json()["errors"]
    assert errors == {"pain": ["pain: choose a whole number from 0 to 10."]}
    assert not DoseEffect.objects.exists()


def test_the_json_export_holds_doses_and_answers(patient_client, naproxen):
    body = dose(naproxen)
    post(patient_client, "/api/doses/", body)
    post(patient_client, "/api/dose-effects/", answer(body["client_uuid"], pain=2))
    exported = json.loads(b"".join(patient_client.get("/account/export/").streaming_content))
    assert [d["client_uuid"] for d in exported["doses"]] == [body["client_uuid"]]
    assert [(a["dose"], a["pain"]) for a in exported["dose_effects"]] == [(body["client_uuid"], 2)]
