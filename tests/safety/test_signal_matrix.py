"""The contract: every safety signal on every surface.

Each case makes one kind of signal (checkin/safety/signals.py); each surface
is read the way its reader reads it. A signal missing from any surface fails
its own test, named by both."""

import csv
import datetime
import io
import json
import re

import pytest
from django.test import Client
from fhir.resources.bundle import Bundle

from checkin.domain import triage
from checkin.models import CheckIn, QuestionnaireResponse
from tests.conftest import sign_in

PHQ9 = {f"item{n}": 1 for n in range(1, 9)}  # item 9 per case


def checkin(patient, n, mood=5, **fields):
    return CheckIn.objects.create(
        patient=patient,
        date=patient.today() - datetime.timedelta(days=n),
        pain=5,
        mood=mood,
        exercise_kind="",
        **fields,
    )


def respond(patient, instrument, score, answers=None, **fields):
    return QuestionnaireResponse.objects.create(
        patient=patient,
        instrument=instrument,
        date=patient.today(),
        score=score,
        answers=answers or {},
        version=instrument,
        **fields,
    )


# (the signal's key, how the case is made, what home shows of it)
CASES = {
    "emergency sign": (
        "saddle_numbness",
        lambda p: checkin(p, 0, symptoms=["saddle_numbness"]),
        "Go to the emergency department now",
    ),
    "urgent sign": ("night_pain", lambda p: checkin(p, 1, symptoms=["night_pain"]), "Get medical advice today"),
    "self-harm, PHQ-9 item 9": (
        "self_harm",
        lambda p: respond(p, "phq9", 10, {**PHQ9, "item9": 2}, self_harm=True),
        "You told Mend about thoughts of being better off dead",
    ),
    "self-harm, the check-in's question": (
        "self_harm",
        lambda p: checkin(p, 0, self_harm=1),
        "You told Mend about thoughts of being better off dead",
    ),
    "severe PHQ-9": (
        "severe_phq9",
        lambda p: respond(p, "phq9", 22, {**PHQ9, "item9": 0}, band="severe"),
        'data-home-signal="severe_phq9"',
    ),
    "severe GAD-7": (
        "severe_gad7",
        lambda p: respond(p, "gad7", 17, {f"item{n}": 3 for n in range(1, 8)}, band="severe"),
        'data-home-signal="severe_gad7"',
    ),
    "very low mood": (
        "very_low_mood",
        lambda p: [checkin(p, 2, mood=1), checkin(p, 1, mood=4), checkin(p, 0, mood=0)],
        'data-detector="very_low_mood"',
    ),
}


@pytest.fixture(params=list(CASES))
def case(request, patient, share, loaded_guidance):
    key, make, home = CASES[request.param]
    make(patient)
    return key, home


@pytest.fixture
def own(patient):
    client = Client()
    sign_in(client, patient)
    return client


def range_query(patient):
    return f"days=30&end={patient.today().isoformat()}"


def streamed(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def csv_signal_keys(text: str) -> set:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["signal", "level", "words", "days", "first", "last", "detail"]
    return {row[0] for row in rows[1:] if row}


def fhir_signal_keys(text: str) -> set:
    body = json.loads(text)
    Bundle.parse_obj(body)
    return {
        r["valueCodeableConcept"]["coding"][0]["code"]
        for r in (e["resource"] for e in body["entry"])
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "safety-signal"
    }


def test_home(case, own):
    _key, marker = case
    assert marker in own.get("/").content.decode()


def test_trends(case, own):
    key, _ = case
    assert f'data-key="{key}"' in own.get("/trends/").content.decode()


@pytest.mark.django_db(transaction=True)  # the list sorts and flags by summaries worked out after commit
def test_the_clinicians_list(case, clinician_client):
    key, _ = case
    assert re.search(
        rf'signal-badge" data-key="{key}" data-level="(emergency|urgent|soon)"',
        clinician_client.get("/clinician/").content.decode(),
    )


def test_the_clinicians_patient_page(case, clinician_client, share):
    key, _ = case
    html = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert f'class="signal" data-key="{key}"' in html and "Mark as seen" in html


def test_the_printed_report(case, clinician_client, share, patient):
    key, _ = case
    html = clinician_client.get(f"/clinician/patients/{share.pk}/report/?{range_query(patient)}").content.decode()
    assert f'class="signal" data-key="{key}"' in html


def test_the_clinicians_csv(case, clinician_client, share, patient):
    key, _ = case
    text = streamed(
        clinician_client.get(f"/clinician/patients/{share.pk}/report.csv?{range_query(patient)}&table=signals")
    )
    assert key in csv_signal_keys(text)


def test_the_clinicians_fhir_bundle(case, clinician_client, share, patient):
    key, _ = case
    text = streamed(clinician_client.get(f"/clinician/patients/{share.pk}/fhir/?{range_query(patient)}"))
    assert key in fhir_signal_keys(text)


def test_the_patients_csv(case, own):
    key, _ = case
    assert key in csv_signal_keys(streamed(own.get("/account/export/?format=csv&table=signals")))


def test_the_patients_json(case, own):
    key, _ = case
    body = json.loads(streamed(own.get("/account/export/")))
    assert key in {s["signal"] for s in body["safety_signals"]}


def test_the_patients_fhir_bundle(case, own):
    key, _ = case
    assert key in fhir_signal_keys(streamed(own.get("/account/export/?format=fhir")))


def test_history_marks_the_days_of_warning_signs_and_self_harm_answers(patient, own):
    checkin(patient, 1, symptoms=["fever"])
    checkin(patient, 0, self_harm=2)
    html = own.get("/history/").content.decode()
    assert "Warning sign noted" in html and "Thoughts of self-harm noted" in html


def test_every_warning_sign_has_a_case_at_its_level():
    # The cases above stand for each level; the triage table has no other.
    assert {triage.BY_VALUE["saddle_numbness"].level, triage.BY_VALUE["night_pain"].level} == set(triage.LEVELS)
