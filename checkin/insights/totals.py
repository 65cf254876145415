"""Sums over check-ins, defined once for Python and for the database.

``SUMS`` says, for each total, what one check-in adds to it: the product of
some of its values (none: it counts 1). ``Totals.of`` computes them in
Python; ``sql_adds`` writes the same products as SQL for the triggers that
keep ``WeekTotals`` and ``HistoryTotals`` (migration 0004), so the two can
never say different things. Every total is a plain sum, so adding a
check-in and taking one away commute. Changing ``SUMS`` needs a migration
that drops and recreates the triggers and rebuilds the stored rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import mul

from checkin.domain.days import Day, day_number

SHORT_SLEEP_HOURS = 6  # "a short night" for the sleep/pain insight

# What one check-in adds to each total: the product of these values.
# Sleep and activity may be missing (a bad-day check-in has pain and mood
# only): they add 0 to their sums and are counted apart (sleep_n,
# exercise_n), so a mean of sleep is over the nights that were answered.
SUMS = {
    "n": (),
    "pain": ("pain",),
    "mood": ("mood",),
    "sleep": ("sleep_hours",),
    "exercise": ("exercise_minutes",),
    "sleep_n": ("slept",),
    "exercise_n": ("moved",),
    "pain_sq": ("pain", "pain"),
    "mood_sq": ("mood", "mood"),
    "pain_mood": ("pain", "mood"),
    "day": ("day",),
    "day_sq": ("day", "day"),
    "day_pain": ("day", "pain"),
    "short_n": ("short",),
    "short_pain": ("short", "pain"),
    "active_n": ("active",),
    "active_pain": ("active", "pain"),
    "active_mood": ("active", "mood"),
    # Days whose sleep, or activity, was answered: the other side of the short/active comparisons.
    "slept_pain": ("slept", "pain"),
    "moved_pain": ("moved", "pain"),
    "moved_mood": ("moved", "mood"),
}
# What a week's point and table row show: the sums WeekTotals keeps.
WEEK_SUMS = ("n", "pain", "mood", "sleep", "exercise", "sleep_n", "exercise_n")
# The count each mean divides by.
MEAN_COUNTS = {"pain": "n", "mood": "n", "sleep": "sleep_n", "exercise": "exercise_n"}
# Kept only per week: bit d set when weekday d (0 = Monday) has a check-in
# (one check-in a day, so adding the bits sets them).
WEEKDAYS = {"weekdays": ("weekday_bit",)}

# Each value a product may use: in Python, its list over the days (given
# their day numbers); in SQL, its expression for one check-in row {r} whose
# day number is {day}.
VALUES = {
    "pain": (lambda days, numbers: [d.pain for d in days], "{r}.pain"),
    "mood": (lambda days, numbers: [d.mood for d in days], "{r}.mood"),
    "sleep_hours": (lambda days, numbers: [d.sleep_hours or 0 for d in days], "COALESCE({r}.sleep_hours, 0)"),
    "exercise_minutes": (
        lambda days, numbers: [d.exercise_minutes or 0 for d in days],
        "COALESCE({r}.exercise_minutes, 0)",
    ),
    "slept": (
        lambda days, numbers: [0 if d.sleep_hours is None else 1 for d in days],
        "CASE WHEN {r}.sleep_hours IS NULL THEN 0 ELSE 1 END",
    ),
    "moved": (
        lambda days, numbers: [0 if d.exercise_minutes is None else 1 for d in days],
        "CASE WHEN {r}.exercise_minutes IS NULL THEN 0 ELSE 1 END",
    ),
    # BIGINT: squares of day numbers outgrow 32 bits in the 22nd century.
    "day": (lambda days, numbers: numbers, "CAST({day} AS BIGINT)"),
    "short": (
        lambda days, numbers: [
            1 if d.sleep_hours is not None and d.sleep_hours < SHORT_SLEEP_HOURS else 0 for d in days
        ],
        f"CASE WHEN {{r}}.sleep_hours < {SHORT_SLEEP_HOURS} THEN 1 ELSE 0 END",
    ),
    "active": (
        lambda days, numbers: [1 if d.exercise_minutes else 0 for d in days],
        "CASE WHEN {r}.exercise_minutes > 0 THEN 1 ELSE 0 END",
    ),
    "weekday_bit": (lambda days, numbers: [1 << (x % 7) for x in numbers], "(1 << ({day} % 7))"),
}


@dataclass(slots=True)
class Totals:
    """The ``SUMS`` of a set of check-ins: all that weekly means and insights need.

    ``day_*`` sums use ``day_number``; ``short_*`` are nights under
    ``SHORT_SLEEP_HOURS``; ``active_*`` are days with any exercise;
    ``slept_*`` and ``moved_*`` days whose sleep or activity was answered. Integer
    fields stay integers, so variances computed from them are exact.
    """

    n: int = 0
    pain: int = 0
    mood: int = 0
    sleep: float = 0.0
    exercise: int = 0
    sleep_n: int = 0
    exercise_n: int = 0
    pain_sq: int = 0
    mood_sq: int = 0
    pain_mood: int = 0
    day: int = 0
    day_sq: int = 0
    day_pain: int = 0
    short_n: int = 0
    short_pain: int = 0
    active_n: int = 0
    active_pain: int = 0
    active_mood: int = 0
    slept_pain: int = 0
    moved_pain: int = 0
    moved_mood: int = 0

    @classmethod
    def of(cls, days: Iterable[Day], only: Iterable[str] = tuple(SUMS)) -> Totals:
        """The totals of the given days (pass unique days: nothing is deduplicated here).

        ``only`` names the totals to compute (the rest stay 0): a week's
        point needs ``WEEK_SUMS`` alone, and ten years has 520 weeks.
        """
        days = list(days)
        only = tuple(only)
        needed = _values_for(only)
        # Day numbers only where a sum uses them: a week's point does not.
        numbers = [day_number(d.date) for d in days] if "day" in needed else None
        # One list per value, then each sum in one pass at C speed.
        columns = {name: VALUES[name][0](days, numbers) for name in needed}
        return cls(**{field: _sum(columns, SUMS[field], len(days)) for field in only})

    def mean(self, field: str) -> float | None:
        """Mean of one summed field (pain, mood, sleep, exercise) over the days
        that answered it; ``None`` with none."""
        count = getattr(self, MEAN_COUNTS[field])
        return getattr(self, field) / count if count else None


TOTALS_FIELDS = tuple(Totals.__dataclass_fields__)
if TOTALS_FIELDS != tuple(SUMS):
    raise ImportError("Totals' fields must be SUMS' keys, in the same order")


@cache
def _values_for(only: tuple[str, ...]) -> frozenset[str]:
    """The VALUES the sums ``only`` multiply (the same few tuples, asked 520 times for ten years of weeks)."""
    return frozenset(name for field in only for name in SUMS[field])


def _sum(columns: dict, factors: tuple[str, ...], count: int):
    if not factors:
        return count
    if len(factors) == 1:
        return sum(columns[factors[0]])
    first, second = factors
    return sum(map(mul, columns[first], columns[second]))


# Each value's SQL alone: what the database's triggers compute. A migration
# that installs triggers freezes a copy of it (with the sums), and a test
# holds the newest copy equal to this one: changing a threshold above (say
# SHORT_SLEEP_HOURS) fails that test until a migration installs the new SQL.
VALUE_SQL = {name: sql for name, (_python, sql) in VALUES.items()}


def sql_adds(
    row: str, day: str, columns: Iterable[str], sums: dict = SUMS, value_sql: dict = VALUE_SQL
) -> dict[str, str]:
    """For each of ``columns`` (``sums`` or WEEKDAYS keys), the SQL of what one
    check-in ``row`` adds, given the SQL of its day number. (A migration
    passes the ``sums`` and ``value_sql`` of its own day.)"""
    products = {**sums, **WEEKDAYS}
    return {
        column: " * ".join(value_sql[name].format(r=row, day=day) for name in products[column]) or "1"
        for column in columns
    }
