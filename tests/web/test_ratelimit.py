"""The one rate limiter: fixed windows that do not slide, atomic counts."""

import threading

import pytest

from checkin.core import ratelimit
from checkin.core.ratelimit import Limit
from checkin.models import RateCount
from tests.daily.test_concurrent_saves import run_together
from tests.postgres import require_postgresql

FIVE_PER_QUARTER_HOUR = Limit("test", limit=5, window=15 * 60)
START = 1_800_000_000  # a multiple of 900: a window starts here


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, set by hand: ``clock.now`` in seconds since the epoch."""

    class Clock:
        now = START

    monkeypatch.setattr(ratelimit.time, "time", lambda: Clock.now)
    return Clock


@pytest.mark.django_db
def test_it_allows_the_limit_then_refuses(clock):
    assert [FIVE_PER_QUARTER_HOUR.hit("a") for _ in range(6)] == [True] * 5 + [False]
    assert FIVE_PER_QUARTER_HOUR.is_over("a")
    assert not FIVE_PER_QUARTER_HOUR.is_over("b")  # each value counts apart


@pytest.mark.django_db
def test_a_block_ends_with_its_window_however_often_it_is_tried(clock):
    for _ in range(5):
        FIVE_PER_QUARTER_HOUR.hit("a")
    for minute in range(1, 15):  # tried every minute of the block: it does not slide
        clock.now = START + minute * 60
        assert not FIVE_PER_QUARTER_HOUR.hit("a")
    clock.now = START + 15 * 60
    assert FIVE_PER_QUARTER_HOUR.hit("a")


@pytest.mark.django_db
def test_a_window_longer_than_five_minutes_stays_blocked_past_five_minutes(clock):
    # A cache's incr() once reset the expiry to its 300 s default.
    for _ in range(6):
        FIVE_PER_QUARTER_HOUR.hit("a")
    clock.now = START + 6 * 60
    assert FIVE_PER_QUARTER_HOUR.is_over("a")


@pytest.mark.django_db
def test_forgiving_takes_back_one_use(clock):
    for _ in range(5):
        FIVE_PER_QUARTER_HOUR.hit("a")
    FIVE_PER_QUARTER_HOUR.forgive("a")
    assert not FIVE_PER_QUARTER_HOUR.is_over("a")


@pytest.mark.django_db
def test_ended_windows_are_deleted_and_no_value_is_stored_in_clear(clock):
    FIVE_PER_QUARTER_HOUR.hit("someone@example.com")
    clock.now = START + 3600
    FIVE_PER_QUARTER_HOUR.hit("other@example.com")
    rows = list(RateCount.objects.values_list("key", flat=True))
    assert len(rows) == 1
    assert "example.com" not in rows[0]


@pytest.mark.django_db(transaction=True)
def test_twelve_simultaneous_hits_let_exactly_the_limit_through():
    require_postgresql()
    gate = threading.Barrier(12, timeout=10)

    def hit():
        gate.wait()
        return FIVE_PER_QUARTER_HOUR.hit("clinician-1")

    results, errors = run_together(*[hit] * 12)
    assert errors == []
    assert results.count(True) == 5
