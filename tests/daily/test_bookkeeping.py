"""Nothing lost to bookkeeping: what a patient saves commits on its own; the
derived rows (the clinicians' summaries, the next reminder) are worked out
after commit, a failure there is logged with the patient and the day, and
`manage.py repair_derived` puts the derived rows right.

Transactional: the derived steps run after a real commit, as in production."""

import datetime
import json
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from checkin.models import CheckIn, PatientSummary, QuestionnaireResponse, Reminder
from checkin.reminders import plan
from checkin.sharing import summaries
from tests.conftest import checkin_values, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def broken(patient_id):
    raise RuntimeError("a bug in a detector, or a lock timeout on the summary row")


@pytest.fixture
def sharing_patient(patient, share):
    client = Client()
    sign_in(client, patient)
    return client


@pytest.fixture
def reminded(patient):
    reminder = Reminder(patient=patient, time=datetime.time(20, 0), days=list(range(7)), email=True)
    plan.plan(reminder)
    reminder.save()
    return reminder


def summary_of(patient):
    return PatientSummary.objects.filter(patient=patient).first()


def test_a_check_in_is_stored_when_the_summary_step_fails_and_the_next_pass_repairs_it(
    sharing_patient, patient, today, monkeypatch, caplog
):
    monkeypatch.setattr(summaries, "refresh", broken)
    with caplog.at_level(logging.ERROR, logger="mend.derived"):
        response = sharing_patient.post("/checkin/", checkin_values(symptoms=["fever"]))
    assert response.status_code == 302
    assert CheckIn.objects.get(patient=patient, date=today).symptoms == ["fever"]
    [record] = [r for r in caplog.records if r.name == "mend.derived"]
    assert f"patient {patient.pk} (day {today})" in record.getMessage() and "clinicians' summary" in record.getMessage()
    assert summary_of(patient) is None or summary_of(patient).signal_level == ""  # stale
    monkeypatch.undo()
    call_command("repair_derived", stdout=StringIO())
    assert (summary_of(patient).signal_level, summary_of(patient).last_checkin) == ("urgent", today)


def test_a_check_in_is_stored_when_the_reminder_step_fails_and_the_next_pass_repairs_it(
    sharing_patient, patient, today, reminded, monkeypatch
):
    before = Reminder.objects.get(pk=reminded.pk).next_at
    monkeypatch.setattr(plan, "replan", broken)
    assert sharing_patient.post("/checkin/", checkin_values()).status_code == 302
    assert CheckIn.objects.filter(patient=patient, date=today).exists()
    assert Reminder.objects.get(pk=reminded.pk).next_at == before  # stale: today still looks due
    monkeypatch.undo()
    call_command("repair_derived", stdout=StringIO())
    after = Reminder.objects.get(pk=reminded.pk).next_at
    assert after.astimezone(patient.zone).date() > today  # today has its check-in: not before tomorrow


def test_the_offline_queue_and_questionnaires_are_stored_whatever_a_derived_step_does(
    sharing_patient, patient, today, monkeypatch
):
    monkeypatch.setattr(summaries, "refresh", broken)
    monkeypatch.setattr(plan, "replan", broken)
    body = {
        "date": today.isoformat(),
        "pain": 3,
        "mood": 6,
        "symptoms": [],
        "note": "",
        "client_uuid": "7d3c2b1a-0e9f-4a8b-b7c6-d5e4f3a2b1c0",
    }
    response = sharing_patient.post("/api/checkins/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201 and CheckIn.objects.filter(patient=patient).count() == 1
    answers = {f"item{n}": 1 for n in range(1, 10)}
    response = sharing_patient.post("/measures/phq9/", {**answers, "difficulty": "1"})
    assert response.status_code in (200, 302)
    assert QuestionnaireResponse.objects.filter(patient=patient, instrument="phq9").exists()


def test_repair_derived_is_safe_to_run_again_and_changes_nothing_that_is_right(sharing_patient, patient, today):
    sharing_patient.post("/checkin/", checkin_values(mood="0"))
    first = PatientSummary.objects.values().get(patient=patient)
    call_command("repair_derived", stdout=StringIO())
    call_command("repair_derived", stdout=StringIO())
    assert PatientSummary.objects.values().get(patient=patient) == first
