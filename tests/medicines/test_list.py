"""/medicines/: the patient's own list, in their words. Added, changed,
stopped (kept, under Stopped) and deleted (gone, and not brought back by a
phone's replay); bad input keeps what was typed; strangers get 404; and no
page of it says anything about a dose but what the patient wrote."""

import datetime
import re

import pytest
from django.utils import timezone

from checkin.medicines.forms import NOT_ADVICE, MedicineForm
from checkin.models import DeletedDose, DeletedMedicine, Dose, Medicine

pytestmark = pytest.mark.django_db


def form(**overrides):
    return {
        "name": "Paracetamol",
        "dose_text": "500 mg",
        "as_needed": "True",
        "started_on": "",
        "stopped_on": "",
        "note": "",
    } | overrides


def test_a_medicine_added_is_on_the_list_in_the_patients_words(patient_client, patient):
    response = patient_client.post("/medicines/add/", form(note="Two at most, the GP said"))
    assert response.status_code == 302 and response["Location"] == "/medicines/"
    page = patient_client.get("/medicines/").content.decode()
    assert "Paracetamol" in page and "500 mg" in page and "Only when needed" in page
    assert "Two at most, the GP said" in page
    assert NOT_ADVICE in page
    assert Medicine.objects.get(patient=patient).as_needed is True


def test_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(patient_client):
    response = patient_client.post(
        "/medicines/add/", form(name="", dose_text="2 puffs", started_on="2026-11-10", stopped_on="2026-11-01")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Name: write the medicine&#x27;s name (at most 80 characters)." in page
    assert "Stopped: must be on or after the day it started." in page
    assert 'value="2 puffs"' in page and 'value="2026-11-10"' in page
    assert not Medicine.objects.exists()


def test_ive_stopped_keeps_it_under_stopped_from_today(patient_client, patient):
    medicine = Medicine.objects.create(patient=patient, name="Amitriptyline", dose_text="10 mg")
    patient_client.post(f"/medicines/{medicine.pk}/stop/")
    medicine.refresh_from_db()
    assert medicine.stopped_on == patient.today()
    # Stopped today: still taken today; tomorrow it is under Stopped.
    Medicine.objects.filter(pk=medicine.pk).update(stopped_on=patient.today() - datetime.timedelta(days=1))
    page = patient_client.get("/medicines/").content.decode()
    stopped = page.split('<h2 class="h5 mt-4">Stopped</h2>', 1)[1]
    assert "Amitriptyline" in stopped


def test_changing_and_deleting(patient_client, patient):
    medicine = Medicine.objects.create(patient=patient, name="Ibuprofen", dose_text="200 mg", as_needed=True)
    added_at = medicine.updated_at
    patient_client.post(f"/medicines/{medicine.pk}/", form(name="Ibuprofen", dose_text="400 mg"))
    medicine.refresh_from_db()
    assert medicine.dose_text == "400 mg" and medicine.updated_at > added_at
    confirm = patient_client.get(f"/medicines/{medicine.pk}/delete/").content.decode()
    assert "Delete Ibuprofen from your list?" in confirm
    patient_client.post(f"/medicines/{medicine.pk}/delete/")
    assert not Medicine.objects.exists()
    assert DeletedMedicine.objects.filter(client_uuid=medicine.client_uuid, patient=patient).exists()


def test_another_patients_medicine_is_404_and_unchanged(client, make_user, patient):
    theirs = Medicine.objects.create(patient=patient, name="Pregabalin")
    client.force_login(make_user("stranger@example.com"))
    for url in (f"/medicines/{theirs.pk}/", f"/medicines/{theirs.pk}/delete/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/medicines/{theirs.pk}/stop/").status_code == 404
    assert client.post(f"/medicines/{theirs.pk}/delete/").status_code == 404
    assert "Pregabalin" not in client.get("/medicines/").content.decode()
    assert Medicine.objects.get(pk=theirs.pk).stopped_on is None


PATIENTS_NUMBERS = {"30", "5", "2026", "10", "05"}  # "30 mg", started 5 Oct 2026 (2026-10-05 in the form)
EXAMPLES = set(re.findall(r"\d+", " ".join(MedicineForm._meta.help_texts.values())))


def test_no_page_of_the_list_has_a_number_the_patient_did_not_write(patient_client, patient):
    # Mend records and never advises: the only numbers are the patient's own
    # words and the dates they gave (no maximum, no interval, no "next dose"),
    # and the form's examples of how to write a dose.
    medicine = Medicine.objects.create(
        patient=patient, name="Codeine", dose_text="30 mg", as_needed=True, started_on=datetime.date(2026, 10, 5)
    )
    for url in ("/medicines/", f"/medicines/{medicine.pk}/", "/medicines/add/"):
        page = patient_client.get(url).content.decode()
        main = page.split('<main id="main"', 1)[1].split(">", 1)[1].split("</main>", 1)[0]
        main = re.sub(r"<[^>]+>", " ", main)
        numbers = set(re.findall(r"\d+", main))
        assert numbers <= PATIENTS_NUMBERS | EXAMPLES, (url, numbers)
        assert NOT_ADVICE in page


def test_the_json_export_holds_the_list_and_deleting_the_account_deletes_it(patient_client, patient):
    Medicine.objects.create(patient=patient, name="Sertraline", dose_text="50 mg")
    exported = b"".join(patient_client.get("/account/export/").streaming_content).decode()
    assert '"medicines": [{"client_uuid": ' in exported and '"name": "Sertraline"' in exported
    patient.delete()
    assert not Medicine.objects.exists()


def test_i_took_it_now_logs_one_dose_listed_for_48_hours_with_undo(patient_client, patient):
    naproxen = Medicine.objects.create(patient=patient, name="Naproxen", dose_text="250 mg", as_needed=True)
    patient_client.post(f"/medicines/{naproxen.pk}/took/")
    dose = Dose.objects.get(patient=patient)
    assert dose.medicine == naproxen and dose.amount == 1
    assert abs((timezone.now() - dose.taken_at).total_seconds()) < 60
    page = patient_client.get("/medicines/").content.decode()
    assert "Naproxen: logged now." in page
    recent = page.split('id="recent-heading"', 1)[1]
    assert "Naproxen" in recent and "Undo" in recent
    # Older than 48 hours: off the page, still kept.
    Dose.objects.filter(pk=dose.pk).update(taken_at=timezone.now() - datetime.timedelta(hours=49))
    assert 'id="recent-heading"' not in patient_client.get("/medicines/").content.decode()
    Dose.objects.filter(pk=dose.pk).update(taken_at=timezone.now())
    patient_client.post(f"/medicines/doses/{dose.pk}/undo/")
    assert not Dose.objects.exists() and DeletedDose.objects.filter(client_uuid=dose.client_uuid).exists()


def test_a_stopped_medicine_offers_no_i_took_it(patient_client, patient):
    Medicine.objects.create(patient=patient, name="Old", stopped_on=patient.today() - datetime.timedelta(days=3))
    assert "I took it now" not in patient_client.get("/medicines/").content.decode()


def test_someone_elses_dose_cannot_be_undone(client, make_user, patient):
    medicine = Medicine.objects.create(patient=patient, name="Mine")
    dose = Dose.objects.create(patient=patient, medicine=medicine, taken_at=timezone.now())
    client.force_login(make_user("stranger@example.com"))
    assert client.post(f"/medicines/doses/{dose.pk}/undo/").status_code == 404
    assert client.post(f"/medicines/{medicine.pk}/took/").status_code == 404
    assert Dose.objects.count() == 1
