"""Who a shared patient is: the date of birth the patient chooses to give, and
the clinic's own number for them (an NHS number, a hospital number), set by
the clinician. Both file the report and the downloads, and match the FHIR
Bundle to the clinic's record; the patient sees the number on their share page."""

import datetime
import json
import re

import pytest
from django.test import Client, override_settings
from fhir.resources.bundle import Bundle

from checkin.domain.days import age_on
from checkin.domain.identifiers import NHS_NUMBER_SYSTEM, is_nhs_number
from checkin.models import AccessLog, Share
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

BORN = datetime.date(1968, 3, 12)


def account_data(**overrides):
    return {"name": "Pat", "time_zone": "Europe/London", "date_of_birth": "", **overrides}


def fhir_patient(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    body = json.loads(b"".join(response.streaming_content))
    Bundle.parse_obj(body)  # the R4 models: raises on any structural error
    return next(e["resource"] for e in body["entry"] if e["resource"]["resourceType"] == "Patient")


@pytest.mark.parametrize(
    ("born", "day", "years"),
    [
        (BORN, datetime.date(2026, 3, 11), 57),
        (BORN, datetime.date(2026, 3, 12), 58),
        (datetime.date(2000, 2, 29), datetime.date(2001, 2, 28), 0),
        (datetime.date(2000, 2, 29), datetime.date(2001, 3, 1), 1),
    ],
)
def test_age_counts_whole_years_up_to_the_birthday(born, day, years):
    assert age_on(born, day) == years


def test_a_patient_gives_a_date_of_birth_on_their_account_page(patient_client, patient):
    response = patient_client.post("/account/", account_data(date_of_birth="1968-03-12"))
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.date_of_birth == BORN
    page = patient_client.get("/account/").content.decode()
    assert 'type="date"' in page and 'value="1968-03-12"' in page
    assert "Only clinicians you share with see it" in page

    patient_client.post("/account/", account_data())  # emptied: gone
    patient.refresh_from_db()
    assert patient.date_of_birth is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2999-01-01", "Date of birth: must be today"),
        ("1850-06-01", "Date of birth: must be 1 January 1900 or later."),
        ("1968-02-30", "Date of birth: enter a real date, such as 31 January 1970, or leave it empty."),
    ],
)
def test_a_date_of_birth_that_cannot_be_is_named_and_nothing_typed_is_lost(patient_client, patient, typed, message):
    response = patient_client.post("/account/", account_data(name="Patricia", date_of_birth=typed))
    page = response.content.decode()
    assert message in page
    assert 'value="Patricia"' in page
    patient.refresh_from_db()
    assert (patient.name, patient.date_of_birth) == ("Pat", None)


def test_a_clinicians_own_account_page_asks_no_date_of_birth(clinician_client):
    assert "Date of birth" not in clinician_client.get("/account/").content.decode()


def test_the_clinician_files_the_patient_under_their_number_and_the_patient_sees_it(
    clinician_client, share, patient, client
):
    page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "Add your clinic number for Pat" in page

    response = clinician_client.post(
        f"/clinician/patients/{share.pk}/clinic-number/", {"clinic_number": " 943  476 5919 "}
    )
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.clinic_number == "943 476 5919"  # spaces tidied, as typed otherwise
    assert AccessLog.objects.filter(share=share, what="noted their clinic's number for you").exists()
    page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "Clinic number: <strong>943 476 5919</strong>" in page
    assert "Change the clinic number" in page

    own = Client()
    sign_in(own, patient)
    assert re.search(r"Their number for you</dt><dd>943 476 5919<", own.get("/share/").content.decode())


@pytest.mark.parametrize("typed", ["943$476", "<b>1</b>", "-12", "x" * 41])
def test_a_number_that_is_not_allowed_comes_back_named_with_what_was_typed(clinician_client, share, typed):
    response = clinician_client.post(f"/clinician/patients/{share.pk}/clinic-number/", {"clinic_number": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(
        r"Clinic number: (up to 40 letters, digits, spaces, hyphens or slashes|at most 40 characters)", page
    )
    assert 'value="' + typed.replace("<", "&lt;").replace(">", "&gt;") + '"' in page
    assert '<details class="clinic-number mb-2" open>' in page  # the form stays open at its message
    share.refresh_from_db()
    assert share.clinic_number == ""


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("943 476 5919", True),
        ("9434765919", True),
        ("401 023 2137", True),
        ("943 476 5918", False),
        ("94347659", False),
    ],
)
def test_an_nhs_number_adds_up_to_its_check_digit(number, valid):
    assert is_nhs_number(number) is valid


@override_settings(MEND_CLINIC_NUMBER_LABEL="NHS number", MEND_CLINIC_NUMBER_SYSTEM=NHS_NUMBER_SYSTEM)
def test_a_clinic_sending_nhs_numbers_has_each_checked_and_a_mistyped_one_comes_back(clinician_client, share):
    url = f"/clinician/patients/{share.pk}/clinic-number/"
    response = clinician_client.post(url, {"clinic_number": "943 476 5918"})  # one digit wrong
    assert response.status_code == 400
    assert "NHS number: 10 digits whose last is the check digit" in response.content.decode()
    assert Share.objects.get(pk=share.pk).clinic_number == ""
    assert clinician_client.post(url, {"clinic_number": "943 476 5919"}).status_code == 302
    assert Share.objects.get(pk=share.pk).clinic_number == "943 476 5919"


def test_a_clinic_number_of_its_own_kind_is_not_checked_as_an_nhs_number(clinician_client, share):
    assert (
        clinician_client.post(
            f"/clinician/patients/{share.pk}/clinic-number/", {"clinic_number": "MRN-0042"}
        ).status_code
        == 302
    )


def test_only_the_sharing_clinician_may_set_a_number(other_clinician, share, patient):
    stranger = Client()
    sign_in(stranger, other_clinician)
    assert stranger.post(f"/clinician/patients/{share.pk}/clinic-number/", {"clinic_number": "1"}).status_code == 404
    own = Client()
    sign_in(own, patient)
    assert own.post(f"/clinician/patients/{share.pk}/clinic-number/", {"clinic_number": "1"}).status_code == 404
    assert Share.objects.get(pk=share.pk).clinic_number == ""


@override_settings(MEND_CLINIC_NUMBER_LABEL="NHS number")
def test_the_clinic_names_its_number_and_the_list_finds_it_however_it_is_spaced(
    clinician_client, share, patient, make_share, make_user, clinician
):
    Share.objects.filter(pk=share.pk).update(clinic_number="943 476 5919")
    make_share(make_user("sam@example.com", name="Sam"), clinician)
    for typed in ("9434765919", "476 59", "943 476 5919"):
        page = clinician_client.get("/clinician/", {"q": typed}).content.decode()
        assert "Pat" in page and "Sam" not in page, typed
    page = clinician_client.get("/clinician/").content.decode()
    assert "patient@example.com · 943 476 5919" in page
    assert 'placeholder="Name, email or nhs number"' in page
    patient_page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "NHS number: <strong>943 476 5919</strong>" in patient_page


def test_the_report_names_the_date_of_birth_age_and_number(clinician_client, share, patient):
    patient.date_of_birth = BORN
    patient.save()
    Share.objects.filter(pk=share.pk).update(clinic_number="MRN-0042")
    page = clinician_client.get(f"/clinician/patients/{share.pk}/report/").content.decode()
    header = page.split('class="report-header"')[1].split("</header>")[0]
    age = age_on(BORN, patient.today())
    assert f"Born 12 Mar 1968 (age {age}) · Clinic number: <strong>MRN-0042</strong>" in header


def test_without_either_the_pages_say_nothing_of_them(clinician_client, share):
    page = clinician_client.get(f"/clinician/patients/{share.pk}/report/").content.decode()
    assert "patient-ids" not in page and "Born" not in page


def test_the_downloads_are_filed_under_the_number(clinician_client, share):
    Share.objects.filter(pk=share.pk).update(clinic_number="943 476 5919")
    response = clinician_client.get(f"/clinician/patients/{share.pk}/report.csv?days=30")
    assert re.search(
        r'filename="mend-pat-943-476-5919-30-days-to-\d{4}-\d\d-\d\d-checkins\.csv"', response["Content-Disposition"]
    )
    response = clinician_client.get(f"/clinician/patients/{share.pk}/fhir/?days=30")
    assert "mend-pat-943-476-5919-30-days-to-" in response["Content-Disposition"]


@override_settings(MEND_CLINIC_NUMBER_SYSTEM="https://fhir.nhs.uk/Id/nhs-number")
def test_the_clinicians_fhir_patient_carries_the_number_and_birth_date_not_the_name(clinician_client, share, patient):
    patient.date_of_birth = BORN
    patient.save()
    Share.objects.filter(pk=share.pk).update(clinic_number="9434765919")
    person = fhir_patient(clinician_client, f"/clinician/patients/{share.pk}/fhir/")
    assert person["birthDate"] == "1968-03-12"
    opaque, official = person["identifier"]
    assert opaque["system"].endswith("/fhir/patient-id") and opaque["value"] == person["id"]
    assert official == {"use": "official", "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}
    assert "name" not in person and "telecom" not in person


def test_without_a_system_set_the_number_is_under_the_deployments_own(clinician_client, share):
    Share.objects.filter(pk=share.pk).update(clinic_number="MRN-0042")
    person = fhir_patient(clinician_client, f"/clinician/patients/{share.pk}/fhir/")
    assert person["identifier"][1]["system"] == "http://testserver/fhir/clinic-number"
    assert "birthDate" not in person


def test_the_patients_own_export_has_their_birth_date_and_no_clinics_number(patient_client, patient, share):
    patient.date_of_birth = BORN
    patient.save()
    Share.objects.filter(pk=share.pk).update(clinic_number="MRN-0042")
    person = fhir_patient(patient_client, "/account/export/?format=fhir")
    assert person["birthDate"] == "1968-03-12"
    assert len(person["identifier"]) == 1
    assert person["name"] == [{"text": "Pat"}]


def test_the_patients_own_json_export_holds_both(patient_client, patient, share):
    patient.date_of_birth = BORN
    patient.save()
    Share.objects.filter(pk=share.pk).update(clinic_number="MRN-0042")
    data = json.loads(b"".join(patient_client.get("/account/export/").streaming_content))
    assert data["account"]["date_of_birth"] == "1968-03-12"
    assert data["shares"][0]["clinic_number"] == "MRN-0042"


def test_setting_the_number_changes_nothing_else_the_patient_changed_meanwhile(clinician_client, share, monkeypatch):
    from checkin import access

    opened = access.open_share

    def open_then_patient_acts(*args, **kwargs):
        found = opened(*args, **kwargs)
        Share.objects.filter(pk=found.pk).update(include_notes=True)  # the patient, at the same moment
        return found

    monkeypatch.setattr(access, "open_share", open_then_patient_acts)
    clinician_client.post(f"/clinician/patients/{share.pk}/clinic-number/", {"clinic_number": "MRN-7"})
    share.refresh_from_db()
    assert (share.clinic_number, share.include_notes) == ("MRN-7", True)
