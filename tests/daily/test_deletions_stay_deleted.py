"""A deleted check-in stays deleted: deletions win over older edits from any
phone's queue, replays of a deleted row bring nothing back, and newer edits
create the day afresh."""

import datetime
import uuid

import pytest
from django.utils import timezone

from checkin.models import CheckIn, DeletedCheckIn
from tests.conftest import sign_in
from tests.daily.test_api_checkins import iso, post, queued

pytestmark = pytest.mark.django_db


def test_deleting_a_check_in_leaves_a_tombstone(patient_client, patient, today, make_checkin):
    row = make_checkin(patient, today)
    patient_client.post(f"/history/{today.isoformat()}/delete/")
    assert not CheckIn.objects.filter(patient=patient).exists()
    tombstone = DeletedCheckIn.objects.get(patient=patient)
    assert (tombstone.date, tombstone.client_uuid) == (today, row.client_uuid)


def test_an_older_queued_edit_of_a_deleted_day_is_superseded(patient_client, patient, today, make_checkin):
    make_checkin(patient, today)
    edited = timezone.now() - datetime.timedelta(minutes=5)  # on the other phone, before the deletion
    patient_client.post(f"/history/{today.isoformat()}/delete/")

    response = post(patient_client, queued(today, updated_at=iso(edited)))

    assert response.status_code == 200
    answer = response.json()
    assert answer.pop("stored_at")  # the server's time of the answer, for the phone
    assert answer == {"outcome": "deleted", "winner": None, "checkin": None}
    assert not CheckIn.objects.filter(patient=patient).exists()


def test_a_replay_of_the_deleted_check_in_stays_already_stored(patient_client, patient, today):
    body = queued(today)
    assert post(patient_client, body).status_code == 201
    patient_client.post(f"/history/{today.isoformat()}/delete/")

    response = post(patient_client, body)

    assert response.status_code == 200
    assert response.json()["outcome"] == "already_stored"
    assert not CheckIn.objects.filter(patient=patient).exists()


def test_an_edit_made_after_the_deletion_creates_the_day_afresh(patient_client, patient, today, make_checkin):
    make_checkin(patient, today)
    patient_client.post(f"/history/{today.isoformat()}/delete/")
    later = timezone.now() + datetime.timedelta(seconds=1)

    response = post(patient_client, queued(today, pain=8, updated_at=iso(later)))

    assert response.status_code == 201
    assert CheckIn.objects.get(patient=patient).pain == 8


def test_a_deleted_rows_uuid_stays_the_patients_own(patient_client, other_patient, today):
    body = queued(today)
    post(patient_client, body)
    patient_client.post(f"/history/{today.isoformat()}/delete/")
    sign_in(patient_client, other_patient)
    assert post(patient_client, body).status_code == 400


def test_deleting_the_account_deletes_its_tombstones(patient_client, patient, today, make_checkin):
    make_checkin(patient, today)
    patient_client.post(f"/history/{today.isoformat()}/delete/")
    patient.delete()
    assert not DeletedCheckIn.objects.exists()


def test_deleting_a_day_twice_keeps_one_tombstone_per_row(patient, today, make_checkin):
    first = make_checkin(patient, today)
    first.delete()
    second = make_checkin(patient, today, client_uuid=uuid.uuid4())
    second.delete()
    assert DeletedCheckIn.objects.filter(patient=patient, date=today).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_phones_replaying_older_edits_of_a_deleted_day_at_once_bring_nothing_back(patient, today, make_checkin):
    from django.db import connection

    from checkin.core.sync import Outcome, store_client_checkin
    from tests.daily.test_concurrent_saves import run_together
    from tests.postgres import require_postgresql

    require_postgresql()
    edited = timezone.now() - datetime.timedelta(minutes=5)
    make_checkin(patient, today).delete()
    values = dict(pain=5, mood=5, sleep_hours=7, sleep_quality=3, exercise_minutes=0)
    connection.close()  # the threads open their own connections

    results, errors = run_together(
        *(lambda: store_client_checkin(patient, today, values, uuid.uuid4(), edited) for _ in range(2))
    )

    assert errors == []
    assert [outcome for _, outcome in results] == [Outcome.DELETED, Outcome.DELETED]
    assert not CheckIn.objects.filter(patient=patient).exists()
