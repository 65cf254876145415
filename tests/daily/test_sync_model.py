"""The sync rules against a small model of them: random sequences of offline
edits on two phones, sends in any order, replays and deletions end exactly
as docs/offline.md says. A few sequences in the quick run, hundreds in the
slow one; CI runs both on SQLite and PostgreSQL."""

import datetime
import uuid
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin.core.sync import Outcome, store_client_checkin
from checkin.models import CheckIn

DAYS = [datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)]
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)

# A phone edits (its clock may run behind or ahead of the server's), a phone
# sends any check-in it ever queued (so sends come in any order, and again),
# or the patient deletes a day on the web.
edit = st.tuples(
    st.just("edit"),
    st.sampled_from("AB"),
    st.sampled_from(DAYS),
    st.integers(0, 10),
    st.sampled_from([-120, -5, 0, 5, 120]),
)
send = st.tuples(st.just("send"), st.sampled_from("AB"), st.integers(0, 20))
delete = st.tuples(st.just("delete"), st.sampled_from(DAYS))
SEQUENCES = st.lists(st.one_of(edit, send, delete), min_size=1, max_size=25)


@dataclass
class Queued:
    uuid: uuid.UUID
    day: datetime.date
    pain: int
    edited_at: datetime.datetime


class Model:
    """The documented rules, on plain data."""

    def __init__(self):
        self.rows = {}  # day -> [uuid, pain, updated_at]
        self.tombstones = {}  # uuid of a deleted row -> when
        self.last_deleted = {}  # day -> when

    def send(self, item: Queued, now) -> str:
        edited = min(item.edited_at, now)
        if any(row[0] == item.uuid for row in self.rows.values()) or item.uuid in self.tombstones:
            return Outcome.ALREADY_STORED
        row = self.rows.get(item.day)
        if row is not None:
            if edited <= row[2]:
                return Outcome.KEPT_NEWER
            self.rows[item.day] = [item.uuid, item.pain, edited]
            return Outcome.UPDATED
        if item.day in self.last_deleted and edited <= self.last_deleted[item.day]:
            return Outcome.DELETED
        self.rows[item.day] = [item.uuid, item.pain, edited]
        return Outcome.CREATED

    def delete(self, day, now):
        row = self.rows.pop(day, None)
        if row is not None:
            self.tombstones[row[0]] = now
            self.last_deleted[day] = now


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, moved on by hand: a minute a step."""

    class Clock:
        now = START

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def run(sequence, patient, clock):
    model, phones = Model(), {"A": [], "B": []}
    clock.now = START
    with transaction.atomic():
        for step in sequence:
            clock.now += datetime.timedelta(minutes=1)
            if step[0] == "edit":
                _, phone, day, pain, skew = step
                phones[phone].append(Queued(uuid.uuid4(), day, pain, clock.now + datetime.timedelta(minutes=skew)))
            elif step[0] == "send":
                _, phone, index = step
                if not phones[phone]:
                    continue
                item = phones[phone][index % len(phones[phone])]
                values = dict(pain=item.pain, mood=5, sleep_hours=7, sleep_quality=3, exercise_minutes=0)
                _, outcome = store_client_checkin(patient, item.day, values, item.uuid, item.edited_at)
                assert outcome == model.send(item, clock.now), step
            else:
                row = CheckIn.objects.filter(patient=patient, date=step[1]).first()
                if row is not None:
                    row.delete()
                model.delete(step[1], clock.now)
        stored = {c.date: [c.client_uuid, c.pain] for c in CheckIn.objects.filter(patient=patient)}
        assert stored == {day: row[:2] for day, row in model.rows.items()}
        transaction.set_rollback(True)  # the next sequence starts from nothing
    return stored


def check_sequences(patient, clock, examples):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(SEQUENCES)
    def check(sequence):
        run(sequence, patient, clock)

    check()


@pytest.mark.django_db
def test_a_few_random_sequences_end_as_the_rules_say(patient, clock):
    check_sequences(patient, clock, examples=30)


@pytest.mark.slow
@pytest.mark.django_db
def test_hundreds_of_random_sequences_end_as_the_rules_say(patient, clock):
    check_sequences(patient, clock, examples=400)


@pytest.mark.django_db
def test_a_deleted_day_stays_deleted_whatever_either_phone_replays(patient, clock):
    # The case that once brought deleted days back, spelled out.
    stored = run(
        [
            ("edit", "A", DAYS[0], 4, 0),
            ("send", "A", 0),
            ("edit", "B", DAYS[0], 9, 0),
            ("delete", DAYS[0]),
            ("send", "B", 0),
            ("send", "A", 0),
            ("send", "B", 0),
        ],
        patient,
        clock,
    )
    assert stored == {}
