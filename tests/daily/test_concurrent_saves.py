"""Two saves of the same day at the same moment, from two connections at once
against PostgreSQL: one row, and neither patient request sees an error."""

import threading

import pytest
from django.db import connection, connections
from django.db.models.query import QuerySet
from django.test import Client

from checkin.models import CheckIn
from tests.conftest import checkin_values, sign_in
from tests.postgres import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inserts_meet(monkeypatch):
    """Hold each thread's INSERT of a check-in until both threads have one ready.

    Both have then looked for the day's row and found none: the race the
    unique (patient, date) constraint has to settle. Returns a list that
    counts the INSERTs that were attempted."""
    barrier = threading.Barrier(2, timeout=10)
    attempts = []
    original = QuerySet.create

    def create(self, **kwargs):
        if self.model is CheckIn:
            attempts.append(threading.get_ident())
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass  # only one thread got this far: nothing left to race
        return original(self, **kwargs)

    monkeypatch.setattr(QuerySet, "create", create)
    return attempts


def run_together(*jobs):
    """Run each job in its own thread (its own database connection); return results and errors."""
    results, errors = [None] * len(jobs), []

    def run(n, job):
        try:
            results[n] = job()
        except Exception as error:  # the test asserts there are none
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results, errors


def test_two_records_of_the_same_day_at_once_leave_one_row_and_no_error(patient, inserts_meet):
    require_postgresql()
    day = patient.today()
    values = [dict(pain=p, mood=5, sleep_hours=7, sleep_quality=3, exercise_minutes=0) for p in (2, 8)]

    results, errors = run_together(*(lambda v=v: CheckIn.objects.save_day(patient, day, v) for v in values))

    assert errors == []
    assert len(inserts_meet) == 2, "both threads should have raced to insert"
    rows = CheckIn.objects.filter(patient=patient, date=day)
    assert rows.count() == 1
    assert sorted(created for _, created in results) == [False, True]
    assert rows.get().pain in (2, 8)


def test_two_check_in_posts_at_once_both_succeed_and_leave_one_row(patient, inserts_meet):
    require_postgresql()
    phone, laptop = Client(), Client()
    sign_in(phone, patient)
    sign_in(laptop, patient)
    connection.close()  # the threads open their own connections

    results, errors = run_together(
        lambda: phone.post("/checkin/", checkin_values(pain="3")),
        lambda: laptop.post("/checkin/", checkin_values(pain="9")),
    )

    assert errors == []
    assert [r.status_code for r in results] == [302, 302]
    assert len(inserts_meet) == 2
    assert CheckIn.objects.filter(patient=patient).count() == 1
    assert CheckIn.objects.get(patient=patient).pain in (3, 9)
