"""A clinician asks a sharing patient to answer a questionnaire, once or every
N days: home shows it as due, saying who asked; the patient answers or
declines; the clinician sees when it was asked, answered or declined."""

import datetime
import html

import pytest

from checkin.models import AccessLog, Assignment, Share
from checkin.questionnaires.schedule import asked_due
from tests.questionnaires.test_pages import items, make_response

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def test_a_request_once_is_due_until_answered_on_or_after_the_day_it_was_asked():
    asked = [("phq9", ago(3), None)]
    assert asked_due(asked, [], TODAY) == ["phq9"]
    assert asked_due(asked, [("phq9", ago(5), 9)], TODAY) == ["phq9"]  # answered before it was asked
    assert asked_due(asked, [("phq9", ago(3), 9)], TODAY) == []
    assert asked_due(asked, [("phq2", ago(1), 1)], TODAY) == ["phq9"]  # the screener is not what was asked


def test_a_request_every_n_days_comes_back_n_days_after_each_answer():
    asked = [("peg", ago(30), 14)]
    assert asked_due(asked, [("peg", ago(13), 5)], TODAY) == []
    assert asked_due(asked, [("peg", ago(14), 5)], TODAY) == ["peg"]
    assert asked_due(asked, [], TODAY) == ["peg"]


def ask(clinician_client, share, instrument="phq9", every_days=""):
    return clinician_client.post(
        f"/clinician/patients/{share.pk}/ask/", {"instrument": instrument, "every_days": every_days}
    )


def home(client):
    return html.unescape(client.get("/").content.decode())


def test_asked_it_shows_on_home_saying_who_asked_and_is_in_the_patients_log(
    clinician_client, patient_client, share, patient
):
    assert ask(clinician_client, share, "phq9", "14").status_code == 302
    page = home(patient_client)
    assert "Mood these past two weeks" in page or "PHQ-9" in page
    assert "Dr Chen asked you to answer this every 14 days." in page
    assert "Decline" in page
    assert AccessLog.objects.filter(patient=patient, what="asked you to answer the PHQ-9 every 14 days").exists()


def test_answered_it_is_no_longer_due_and_the_clinician_sees_when(clinician_client, patient_client, share, patient):
    ask(clinician_client, share, "gad7")
    patient_client.post("/measures/gad7/", items(1, 1, 1, 1, 0, 0, 0))
    assert "asked you to answer this" not in home(patient_client)
    page = " ".join(html.unescape(clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()).split())
    assert "GAD-7</strong> once, asked" in page and "by Dr Chen: last answered" in page


def test_declined_it_is_no_longer_due_and_the_clinician_sees_that(clinician_client, patient_client, share, patient):
    ask(clinician_client, share, "peg", "7")
    request = Assignment.objects.get()
    assert patient_client.post(f"/home/decline/{request.pk}/").status_code == 302
    assert "asked you to answer this" not in home(patient_client)
    page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    assert "declined by Pat on" in page
    assert "Stop asking" not in page


def test_nobody_else_can_decline_it(clinician_client, share, other_patient, client):
    ask(clinician_client, share)
    request = Assignment.objects.get()
    client.force_login(other_patient)
    assert client.post(f"/home/decline/{request.pk}/").status_code == 404
    assert Assignment.objects.get().declined_at is None


def test_the_clinician_can_stop_asking_and_a_stranger_cannot(
    clinician_client, patient_client, share, other_clinician, client
):
    ask(clinician_client, share)
    request = Assignment.objects.get()
    from tests.conftest import sign_in

    sign_in(client, other_clinician)
    assert client.post(f"/clinician/patients/{share.pk}/ask/{request.pk}/stop/").status_code == 404
    assert clinician_client.post(f"/clinician/patients/{share.pk}/ask/{request.pk}/stop/").status_code == 302
    assert "asked you to answer this" not in home(patient_client)
    assert clinician_client.post(f"/clinician/patients/{share.pk}/ask/{request.pk}/stop/").status_code == 404


def test_asking_again_replaces_the_open_request(clinician_client, share):
    ask(clinician_client, share, "phq9")
    ask(clinician_client, share, "phq9", "28")
    assert Assignment.objects.filter(stopped_at__isnull=True).get().every_days == 28
    assert Assignment.objects.count() == 2


def test_a_wrong_choice_is_a_400_naming_the_field_and_nothing_is_asked(clinician_client, share):
    response = ask(clinician_client, share, "phq2", "5")
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Questionnaire: choose the PEG, the PHQ-9 or the GAD-7." in page
    assert "How often: choose once, or every 7, 14 or 28 days." in page
    assert not Assignment.objects.exists()


def test_when_the_share_ends_the_request_is_no_longer_due(clinician_client, patient_client, share):
    ask(clinician_client, share, "phq9")
    Share.objects.filter(pk=share.pk).update(revoked_at=share.created_at)
    assert "asked you to answer this" not in home(patient_client)


def test_the_measures_page_lists_it_first_saying_who_asked(clinician_client, patient_client, share, patient):
    make_response(patient, "peg", patient.today() - datetime.timedelta(days=30), 5)  # the PEG is due by schedule too
    ask(clinician_client, share, "gad7")
    page = html.unescape(patient_client.get("/measures/").content.decode())
    ready = page[page.index("Ready for you") :]
    assert ready.index("Dr Chen asked you to answer this once.") < ready.index("Pain this past week")
