"""The safety plan: private, saved as it is typed, shared only when ticked,
and logged whenever a clinician reads it."""

import json

import pytest

from checkin.models import AccessLog, SafetyPlan, Share
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PLAN = {
    "warning_signs": "Not sleeping, staying in bed all day",
    "coping": "A slow walk round the block; the playlist",
    "distractions": "The library; Aunt May's kitchen",
    "helpers": "Sam 07700 900123\nMum 01632 960001",
    "professionals": "Dr Patel at the surgery 01632 960500",
    "safer_surroundings": "Give the tablets to Sam to keep",
    "reasons": "Seeing Lily grow up; the allotment in spring",
}


def test_the_page_asks_the_seven_parts_with_their_credit(patient_client):
    html = patient_client.get("/safety-plan/").content.decode()
    for n, heading in enumerate(
        (
            "My warning signs",
            "Things I can do on my own to get through",
            "People and places that take my mind off things",
            "People I can ask for help",
            "Professionals and services",
            "Making my surroundings safer",
            "What matters most to me",
        ),
        start=1,
    ):
        assert f"{n}. {heading}" in html
    assert 'href="tel:999"' in html  # the region's emergency number, and its lines before professionals
    # Medicines kept safe, with no word on doses; written with a clinician if the patient likes; credited.
    assert "ask your pharmacist about safe storage and returning unused medicines" in html
    assert "dose" not in html.lower()
    assert "You can fill it in with your clinician, or on your own." in html
    assert "Based on the Safety Planning Intervention of Barbara Stanley and Gregory K. Brown (2012)." in html


def test_it_saves_and_the_helpers_numbers_become_buttons_to_call(patient_client, patient):
    response = patient_client.post("/safety-plan/", PLAN)
    assert response.status_code == 302
    plan = SafetyPlan.objects.get(patient=patient)
    assert plan.helpers == PLAN["helpers"]
    html = patient_client.get("/safety-plan/").content.decode()
    assert '<a class="btn btn-call" href="tel:07700900123">Call: Sam 07700 900123</a>' in html
    assert "Give the tablets to Sam to keep" in html


def test_the_page_saves_as_it_is_typed_through_json(patient_client, patient):
    response = patient_client.post("/safety-plan/", {"coping": "Breathe slowly"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "saved_at" in response.json()
    assert SafetyPlan.objects.get(patient=patient).coping == "Breathe slowly"


def test_a_part_too_long_is_named_and_nothing_is_lost(patient_client, patient):
    response = patient_client.post("/safety-plan/", {**PLAN, "coping": "x" * 4001})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Things I can do on my own to get through: at most 4,000 characters" in html
    assert "Aunt May&#x27;s kitchen" in html  # everything typed comes back
    assert not SafetyPlan.objects.filter(patient=patient).exists()


def test_each_patient_sees_only_their_own_plan(patient_client, other_patient, client):
    patient_client.post("/safety-plan/", PLAN)
    sign_in(client, other_patient)
    assert "Aunt May" not in client.get("/safety-plan/").content.decode()


def test_a_clinician_without_the_tick_gets_404(patient_client, clinician_client, share):
    patient_client.post("/safety-plan/", PLAN)
    assert clinician_client.get(f"/clinician/patients/{share.pk}/safety-plan/").status_code == 404
    assert not AccessLog.objects.filter(what__contains="safety plan").exists()


def test_with_the_tick_the_clinician_reads_it_and_the_view_is_logged(patient_client, clinician_client, share, patient):
    patient_client.post("/safety-plan/", PLAN)
    patient_client.post(f"/share/{share.pk}/safety-plan/", {"include_safety_plan": "1"})
    assert Share.objects.get(pk=share.pk).include_safety_plan
    html = clinician_client.get(f"/clinician/patients/{share.pk}/safety-plan/").content.decode()
    assert "Give the tablets to Sam to keep" in html
    assert "Mend does not watch this plan or alert anyone" in html
    assert AccessLog.objects.filter(patient=patient, what="read your safety plan").count() == 1
    patient_client.post(f"/share/{share.pk}/safety-plan/", {"include_safety_plan": "0"})
    assert clinician_client.get(f"/clinician/patients/{share.pk}/safety-plan/").status_code == 404


def test_an_invitation_can_include_the_plan_from_the_start(patient_client, patient):
    patient_client.post("/share/", {"include_safety_plan": "on"})
    assert Share.objects.get(patient=patient).include_safety_plan


def test_get_help_now_and_home_lead_to_the_plan(patient_client, patient, loaded_guidance):
    assert 'href="/safety-plan/">Write my safety plan' in patient_client.get("/help/").content.decode()
    patient_client.post("/safety-plan/", PLAN)
    assert 'href="/safety-plan/">Open my safety plan' in patient_client.get("/help/").content.decode()
    assert 'href="/safety-plan/">My safety plan' in patient_client.get("/").content.decode()


def test_deleting_the_account_deletes_the_plan(patient_client, patient):
    patient_client.post("/safety-plan/", PLAN)
    patient.delete()
    assert not SafetyPlan.objects.exists()


def test_the_export_holds_the_plan_under_its_parts_names(patient_client):
    patient_client.post("/safety-plan/", PLAN)
    response = patient_client.get("/account/export/")
    exported = json.loads(b"".join(response.streaming_content))["safety_plan"]
    assert {name: exported[name] for name in PLAN} == PLAN
