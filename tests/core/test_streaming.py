"""Keyset chunks (checkin/core/streaming.py): every row once, in order, a
chunk per query, with ties on the first field across a chunk's edge."""

import datetime

import pytest

from checkin.core.streaming import in_chunks
from checkin.models import AccessLog, CheckIn, QuestionnaireResponse


@pytest.mark.django_db
def test_every_check_in_comes_once_oldest_first_a_chunk_per_query(patient, django_assert_num_queries):
    start = datetime.date(2020, 1, 1)
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=start + datetime.timedelta(days=n),
            pain=n % 11,
            mood=5,
            sleep_hours=7,
            sleep_quality=3,
            exercise_minutes=0,
        )
        for n in range(25)
    )
    with django_assert_num_queries(3):  # 10, 10, then 5: the short chunk says it is the last
        days = [c.date for c in in_chunks(CheckIn.objects.filter(patient=patient), ("date", "pk"), size=10)]
    assert days == [start + datetime.timedelta(days=n) for n in range(25)]


@pytest.mark.django_db
def test_rows_sharing_a_date_are_split_across_chunks_without_loss(patient):
    # Three instruments a day: a chunk of 4 ends in the middle of a day.
    day = datetime.date(2026, 1, 1)
    for n in range(5):
        for slug, score in (("peg", 5), ("phq9", 4), ("gad7", 3)):
            QuestionnaireResponse.objects.create(
                patient=patient, instrument=slug, date=day + datetime.timedelta(days=n), score=score, answers={}
            )
    rows = [
        (r.date, r.instrument)
        for r in in_chunks(QuestionnaireResponse.objects.all(), ("date", "instrument", "pk"), size=4)
    ]
    assert rows == sorted(rows) and len(set(rows)) == 15


@pytest.mark.django_db
def test_newest_first_with_equal_times(patient, clinician):
    at = datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.timezone.utc)
    logs = [AccessLog.objects.create(patient=patient, clinician=clinician, what="trend") for _ in range(7)]
    AccessLog.objects.filter(pk__in=[log.pk for log in logs[:4]]).update(viewed_at=at)
    AccessLog.objects.filter(pk__in=[log.pk for log in logs[4:]]).update(viewed_at=at - datetime.timedelta(hours=1))
    read = [log.pk for log in in_chunks(AccessLog.objects.all(), ("-viewed_at", "-pk"), size=3)]
    assert read == [log.pk for log in reversed(logs[:4])] + [log.pk for log in reversed(logs[4:])]
