"""The FHIR R4 export: a Bundle a record system can read, validated against the
R4 models (fhir.resources 6.1, FHIR 4.0.1), with the LOINC codes asserted."""

import datetime
import json
from decimal import Decimal

import fhir.resources
import pytest
from django.test import Client, override_settings
from fhir.resources.bundle import Bundle
from fhir.resources.questionnaire import Questionnaire

from checkin.models import AccessLog, CheckIn, QuestionnaireResponse
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

LOINC = "http://loinc.org"


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"]
    body = json.loads(b"".join(response.streaming_content))
    Bundle.parse_obj(body)  # the R4 models: raises on any structural error
    return body


def resources(body, kind=None):
    found = [entry["resource"] for entry in body["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def by_code(observations, code):
    return [o for o in observations if o["code"]["coding"][0]["code"] == code]


def respond(patient, instrument, day, score, answers, band="", **fields):
    return QuestionnaireResponse.objects.create(
        patient=patient,
        instrument=instrument,
        date=day,
        score=score,
        band=band,
        answers=answers,
        version=instrument,
        **fields,
    )


def test_the_models_are_fhir_r4():
    assert fhir.resources.__fhir_version__ == "4.0.1"


def test_the_patients_own_export_is_a_valid_r4_collection_with_loinc_codes(
    patient_client, patient, today, make_checkin
):
    make_checkin(
        patient,
        today,
        pain=6,
        mood=3,
        sleep_hours=Decimal("6.5"),
        sleep_quality=2,
        exercise_minutes=25,
        exercise_kind="walking",
        symptoms=["fever"],
        note="Sore after gardening",
    )
    body = download(patient_client, "/account/export/?format=fhir")
    assert (body["resourceType"], body["type"]) == ("Bundle", "collection")
    [person] = resources(body, "Patient")
    assert person["name"] == [{"text": "Pat"}] and person["telecom"][0]["value"] == "patient@example.com"
    assert person["identifier"][0]["system"] == "http://testserver/fhir/patient-id"
    everything = resources(body, "Observation")
    # The safety signals cover a period; each answer is of its day.
    [signal] = by_code(everything, "safety-signal")
    observations = [o for o in everything if o is not signal]
    assert signal["effectivePeriod"] == {"start": today.isoformat(), "end": today.isoformat()}
    assert signal["valueCodeableConcept"]["coding"][0]["code"] == "fever"
    assert signal["interpretation"][0]["coding"][0]["code"] == "A" and signal["interpretation"][0]["text"] == "Today"
    assert all(o["status"] == "final" and o["effectiveDateTime"] == today.isoformat() for o in observations)
    assert all(o["subject"] == {"reference": f"Patient/{person['id']}"} for o in observations)
    [pain] = by_code(observations, "72514-3")
    assert pain["code"]["coding"][0]["system"] == LOINC and pain["valueInteger"] == 6
    [sleep] = by_code(observations, "93832-4")
    assert sleep["valueQuantity"] == {"value": 6.5, "unit": "h", "system": "http://unitsofmeasure.org", "code": "h"}
    [exercise] = by_code(observations, "55411-3")
    assert exercise["valueQuantity"]["value"] == 25 and exercise["valueQuantity"]["code"] == "min"
    [mood] = by_code(observations, "mood")
    assert mood["code"]["coding"][0]["system"] == "http://testserver/fhir/CodeSystem/observation"
    assert mood["valueInteger"] == 3 and "0 very low, 10 very good" in mood["code"]["coding"][0]["display"]
    [quality] = by_code(observations, "sleep-quality")
    assert quality["valueInteger"] == 2
    [kind] = by_code(observations, "exercise-kind")
    assert kind["valueCodeableConcept"]["coding"][0] == {
        "system": "http://testserver/fhir/CodeSystem/exercise-kind",
        "code": "walking",
        "display": "Walking",
    }
    [sign] = by_code(observations, "warning-sign")
    assert sign["valueCodeableConcept"]["coding"][0]["code"] == "fever"
    assert sign["interpretation"][0]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
        "code": "A",
        "display": "Abnormal",
    }
    assert sign["interpretation"][0]["text"] == "Today: Get medical advice today"
    [note] = by_code(observations, "note")
    assert note["valueString"] == "Sore after gardening"
    assert len(observations) == 8


def test_ids_are_stable_across_exports_and_edits(patient_client, patient, today, make_checkin):
    checkin = make_checkin(patient, today, pain=4)
    first = download(patient_client, "/account/export/?format=fhir")
    CheckIn.objects.filter(pk=checkin.pk).update(pain=7)
    second = download(patient_client, "/account/export/?format=fhir")
    ids = [[r["id"] for r in resources(b)] for b in (first, second)]
    assert ids[0] == ids[1]
    assert len(set(ids[0])) == len(ids[0])
    assert [e["fullUrl"] for e in first["entry"]][1].startswith("http://testserver/fhir/Observation/")
    assert by_code(resources(second, "Observation"), "72514-3")[0]["valueInteger"] == 7


def test_questionnaires_are_responses_with_loinc_items_and_derived_scores(patient_client, patient, today):
    phq9 = {f"item{n}": 1 for n in range(1, 10)}
    respond(patient, "phq9", today, 9, phq9, "mild", difficulty=2)
    respond(patient, "phq2", today - datetime.timedelta(days=14), 2, {"item1": 1, "item2": 1})
    respond(patient, "gad7", today, 12, {f"item{n}": n % 4 for n in range(1, 8)}, "moderate")
    respond(patient, "gad2", today - datetime.timedelta(days=14), 4, {"item1": 2, "item2": 2})
    respond(patient, "peg", today, Decimal("5"), {"item1": 5, "item2": 5, "item3": 6})
    body = download(patient_client, "/account/export/?format=fhir")
    answered = {r["questionnaire"]: r for r in resources(body, "QuestionnaireResponse")}
    assert set(answered) == {
        "http://loinc.org/q/44249-1",
        "http://loinc.org/q/55757-9",
        "http://loinc.org/q/69737-5",
        "http://loinc.org/q/91148-7",
        "http://testserver/fhir/Questionnaire/gad2",
    }
    phq = answered["http://loinc.org/q/44249-1"]
    assert phq["status"] == "completed"
    assert [item["linkId"] for item in phq["item"]] == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
        "69722-7",
    ]
    assert phq["item"][8]["answer"][0]["valueCoding"] == {
        "system": LOINC,
        "code": "LA6569-3",
        "display": "Several days",
    }
    assert phq["item"][9]["answer"][0]["valueCoding"]["code"] == "LA6575-0"  # "Very difficult"
    peg = answered["http://loinc.org/q/91148-7"]
    assert [(i["linkId"], i["answer"][0]["valueInteger"]) for i in peg["item"]] == [
        ("75893-8", 5),
        ("91145-3", 5),
        ("91146-1", 6),
    ]
    scores = {
        o["code"]["coding"][0]["code"]: o
        for o in resources(body, "Observation")
        if o["category"][0]["coding"][0]["code"] == "survey" and "derivedFrom" in o
    }
    assert set(scores) == {"44261-6", "55758-7", "70274-6", "91147-9", "gad2-score"}
    assert scores["44261-6"]["valueQuantity"] == {
        "value": 9.0,
        "unit": "{score}",
        "system": "http://unitsofmeasure.org",
        "code": "{score}",
    }
    assert scores["44261-6"]["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{phq['id']}"}]
    assert scores["44261-6"]["interpretation"] == [
        {
            "coding": [
                {
                    "system": "http://testserver/fhir/CodeSystem/questionnaire-band",
                    "code": "phq9-mild",
                    "display": "PHQ-9 mild (5–9)",
                }
            ],
            "text": "mild",
        }
    ]
    assert scores["91147-9"]["valueQuantity"]["value"] == 5  # 16 / 3, rounded as LOINC states the PEG


def test_the_clinician_download_is_logged_ranged_and_leaves_out_what_is_not_shared(
    clinician_client, share, patient, today, make_checkin
):
    for n in range(10):
        make_checkin(patient, today - datetime.timedelta(days=n), note=f"note {n}")
    body = download(clinician_client, f"/clinician/patients/{share.pk}/fhir/?days=7")
    observations = resources(body, "Observation")
    assert {o["effectiveDateTime"] for o in observations} == {
        (today - datetime.timedelta(days=n)).isoformat() for n in range(7)
    }
    assert not by_code(observations, "note")
    [person] = resources(body, "Patient")
    assert "name" not in person and "telecom" not in person
    assert AccessLog.objects.filter(patient=patient, what__startswith="downloaded a FHIR file of the 7 days").exists()
    share.include_notes = True
    share.save()
    body = download(clinician_client, f"/clinician/patients/{share.pk}/fhir/?days=all")
    assert len(by_code(resources(body, "Observation"), "note")) == 10


def test_the_same_patient_has_the_same_id_for_patient_and_clinician(patient_client, clinician_client, share):
    own = resources(download(patient_client, "/account/export/?format=fhir"), "Patient")[0]["id"]
    shared = resources(download(clinician_client, f"/clinician/patients/{share.pk}/fhir/"), "Patient")[0]["id"]
    assert own == shared and len(own) == 32


def test_a_bad_range_is_named_in_json(clinician_client, share):
    response = clinician_client.get(f"/clinician/patients/{share.pk}/fhir/?days=forever")
    assert response.status_code == 400
    assert response.json()["errors"]["days"] == ["Length: choose 7, 30, 90, 365, all."]


def test_strangers_get_404(other_clinician, share, other_patient):
    client = Client()
    sign_in(client, other_clinician)
    assert client.get(f"/clinician/patients/{share.pk}/fhir/").status_code == 404
    sign_in(client, other_patient)
    assert client.get(f"/clinician/patients/{share.pk}/fhir/").status_code == 404


def test_logged_out_visitors_must_log_in(client):
    assert client.get("/account/export/?format=fhir").status_code == 302


def test_every_mend_code_resolves_to_its_code_system(client, patient_client, patient, today, make_checkin):
    make_checkin(patient, today, symptoms=["fever"], exercise_kind="yoga")
    respond(patient, "phq9", today, 17, {f"item{n}": 2 for n in range(1, 9)} | {"item9": 1}, "moderately severe")
    respond(patient, "gad7", today, 18, {f"item{n}": 3 for n in range(1, 7)} | {"item7": 0}, "severe")
    body = download(patient_client, "/account/export/?format=fhir")
    codings = [o["code"]["coding"][0] for o in resources(body, "Observation")]
    codings += [
        o["valueCodeableConcept"]["coding"][0] for o in resources(body, "Observation") if "valueCodeableConcept" in o
    ]
    codings += [
        flag["coding"][0]
        for o in resources(body, "Observation")
        for flag in o.get("interpretation", [])
        if "coding" in flag
    ]
    assert {c["code"] for c in codings} >= {"phq9-moderately-severe", "gad7-severe"}
    for coding in codings:
        if coding["system"].startswith("http://testserver/"):
            system = client.get(coding["system"].removeprefix("http://testserver"))
            assert system["Content-Type"] == "application/fhir+json"
            concepts = {c["code"]: c["display"] for c in system.json()["concept"]}
            assert concepts[coding["code"]] == coding["display"]
    assert client.get("/fhir/CodeSystem/nothing").status_code == 404


def test_every_questionnaire_a_response_names_is_loincs_or_served_here_as_r4(client, patient_client, patient, today):
    respond(patient, "gad2", today, 4, {"item1": 2, "item2": 2})
    respond(patient, "phq9", today - datetime.timedelta(days=1), 9, {f"item{n}": 1 for n in range(1, 10)}, "mild")
    body = download(patient_client, "/account/export/?format=fhir")
    for answered in resources(body, "QuestionnaireResponse"):
        canonical = answered["questionnaire"]
        if canonical.startswith(LOINC):
            continue
        served = client.get(canonical.removeprefix("http://testserver"))
        assert served.status_code == 200 and served["Content-Type"] == "application/fhir+json"
        resource = served.json()
        Questionnaire.parse_obj(resource)
        assert resource["url"] == canonical
        # Each item the response answers is one the questionnaire asks, with the same words.
        asked = {item["linkId"]: item["text"] for item in resource["item"]}
        assert {item["linkId"] for item in answered["item"]} <= set(asked)
        assert asked["69725-0"] == "Feeling nervous, anxious, or on edge"
    phq9 = client.get("/fhir/Questionnaire/phq9").json()
    Questionnaire.parse_obj(phq9)
    assert phq9["item"][-1]["linkId"] == "69722-7" and len(phq9["item"]) == 10
    assert client.get("/fhir/Questionnaire/nothing").status_code == 404


@override_settings(ALLOWED_HOSTS=["localhost", "127.0.0.1", "testserver"])
def test_identifiers_and_code_systems_are_the_same_whatever_host_name_the_request_came_on(
    patient_client, patient, today, make_checkin
):
    make_checkin(patient, today, exercise_kind="yoga")
    respond(patient, "gad2", today, 4, {"item1": 2, "item2": 2})

    def urls(host):
        response = patient_client.get("/account/export/?format=fhir", HTTP_HOST=host)
        body = json.loads(b"".join(response.streaming_content))
        systems = sorted({c["system"] for o in resources(body, "Observation") for c in o["code"]["coding"]})
        return [entry["fullUrl"] for entry in body["entry"]], systems, resources(body, "Patient")[0]["identifier"]

    assert urls("localhost") == urls("127.0.0.1")
    full_urls, systems, _ = urls("localhost")
    assert "http://testserver/fhir/CodeSystem/observation" in systems


def test_a_long_history_streams_in_a_constant_number_of_queries(
    patient_client, patient, today, django_assert_max_num_queries
):
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=5,
            mood=5,
            sleep_hours=7,
            sleep_quality=3,
            exercise_minutes=0,
            exercise_kind="none",
        )
        for n in range(1200)
    )
    with django_assert_max_num_queries(10):
        body = download(patient_client, "/account/export/?format=fhir")
    assert len(resources(body, "Observation")) == 1200 * 6
