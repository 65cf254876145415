"""A check-in as plain data, and how days are numbered.

Pure Python (no Django): the one shape every insights module reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Day:
    """One check-in as plain data.

    ``sleep_hours`` and ``sleep_quality`` describe the night *before*
    ``date``, so pairing sleep with pain inside one Day already compares
    a night with the day that followed it.
    """

    date: date
    pain: int
    mood: int
    # None on a bad-day check-in (pain and mood only): missing, never zero.
    sleep_hours: float | None
    sleep_quality: int | None
    exercise_minutes: int | None
    symptoms: tuple[str, ...] = ()
    # PHQ-9 item 9 asked with the check-in (0-3), None when it was not asked.
    self_harm: int | None = None


# Day numbers count whole days from this Monday, which comes before any
# check-in (they start in 2000): day_number // 7 is then the ISO week and
# day_number % 7 the weekday (0 = Monday). The database uses the same epoch.
EPOCH_MONDAY = date(1999, 12, 27)


def day_number(day: date) -> int:
    """Whole days from ``EPOCH_MONDAY`` to ``day``."""
    return (day - EPOCH_MONDAY).days


def week_number(day: date) -> int:
    """Whole weeks from ``EPOCH_MONDAY`` to the Monday of ``day``'s ISO week."""
    return day_number(day) // 7


def week_monday(number: int) -> date:
    """The Monday of week ``number``: the inverse of ``week_number``."""
    return EPOCH_MONDAY + timedelta(weeks=number)


def age_on(born: date, day: date) -> int:
    """Whole years from ``born`` to ``day``: 58 on the day before the 59th birthday."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
