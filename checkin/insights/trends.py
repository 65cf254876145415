"""Trends over daily check-ins: series for charts and weekly summaries.

Pure Python on purpose (no Django, no ORM): ``insights/pages.py`` hands in
``Day`` objects read from the database, so everything here is easy to test.

Conventions used throughout:

* Dates are calendar dates (``datetime.date``), never datetimes, so
  daylight-saving changes cannot shift or duplicate a day.
* A day without a check-in is ``None`` in a series, never 0: a gap is
  "no data", not "no pain".
* Duplicate dates: the database keeps one check-in per date, but if a
  caller passes duplicates anyway, the last one given wins.
* Input order does not matter; functions sort by date themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from checkin.domain.days import Day, week_monday
from checkin.insights.stats import rolling_mean
from checkin.insights.totals import MEAN_COUNTS, WEEK_SUMS, Totals

SERIES_FIELDS = {
    # series key -> Day attribute
    "pain": "pain",
    "mood": "mood",
    "sleep": "sleep_hours",
    "exercise": "exercise_minutes",
}

DAILY_AVG_WINDOW = 7  # days in the daily rolling average
WEEKLY_AVG_WINDOW = 4  # weeks in the rolling average of a weekly series
LONGEST_DAILY_RANGE = 366  # more calendar days than this -> weekly points

_ONE_WEEK = timedelta(weeks=1)


# --- small helpers -------------------------------------------------------


def unique_days(days: Iterable[Day]) -> list[Day]:
    """Return the days sorted by date with one Day per date (last one wins).

    Every calculation starts here so callers may pass unsorted input.
    """
    by_date = {}
    for day in days:
        by_date[day.date] = day
    return [by_date[d] for d in sorted(by_date)]


def split_days(days: Iterable[Day], test: Callable[[Day], bool]) -> tuple[list[Day], list[Day]]:
    """Split days into (those passing ``test``, the rest).

    Used for "with vs without" comparisons such as short sleep or exercise.
    """
    matching: list[Day] = []
    rest: list[Day] = []
    for day in days:
        (matching if test(day) else rest).append(day)
    return matching, rest


def week_start(day: date) -> date:
    """Return the Monday of the ISO week containing ``day``."""
    return day - timedelta(days=day.weekday())


def numbered_weeks(known: Iterable[tuple[int, Totals]], first: int, stop: int) -> list[tuple[date, Totals]]:
    """Weeks ``first`` to ``stop - 1`` by ``week_number`` as ``[(monday, Totals), ...]``, oldest first.

    ``known`` gives some weeks' totals (stored ones, say); every other week
    gets empty ``Totals``, so a chart or table built from the list has no holes.
    """
    totals = dict(known)
    weeks = []
    monday = week_monday(first)
    for n in range(first, stop):
        weeks.append((monday, totals.get(n) or Totals()))
        monday += _ONE_WEEK
    return weeks


def first_weekday(weekdays: int) -> int:
    """The earliest weekday (0 = Monday) in a bit set where bit d means weekday d."""
    return (weekdays & -weekdays).bit_length() - 1


def last_weekday(weekdays: int) -> int:
    """The latest weekday (6 = Sunday) in a bit set where bit d means weekday d."""
    return weekdays.bit_length() - 1


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


# --- public API ------------------------------------------------------------


def date_range(start: date, end: date) -> list[date]:
    """Every calendar day from ``start`` to ``end`` inclusive ([] if end < start).

    Built by adding whole days to a date, so DST and leap days need no care.
    """
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def daily_series(days: Iterable[Day], start: date, end: date) -> dict:
    """Chart-ready lists with one slot per calendar day from start to end.

    Returns ``{"dates": [iso str], "pain": [...], "mood": [...],
    "sleep": [...], "exercise": [...]}``, all the same length. A day with
    no check-in is ``None`` (drawn as a gap), never 0. Days outside the
    range are ignored.
    """
    by_date = {day.date: day for day in unique_days(days)}
    dates = date_range(start, end)
    series: dict[str, list] = {"dates": [d.isoformat() for d in dates]}
    for key, attr in SERIES_FIELDS.items():
        series[key] = [getattr(by_date[d], attr) if d in by_date else None for d in dates]
    return series


def weeks_of(days: Iterable[Day], start: date, end: date) -> list[tuple[date, list[Day]]]:
    """Group the days inside start..end by ISO week: ``[(monday, [Day, ...]), ...]``, oldest first.

    Every week overlapping the range is listed, an empty list for a week
    without check-ins; ``[]`` when end < start. One pass over the days, so
    ten years of history costs no more than reading it (a nested
    week-by-day loop would be quadratic).
    """
    if end < start:
        return []
    first = week_start(start)
    weeks: list[tuple[date, list[Day]]] = []
    monday = first
    while monday <= end:
        weeks.append((monday, []))
        monday += timedelta(days=7)
    for day in unique_days(days):
        if start <= day.date <= end:
            weeks[(day.date - first).days // 7][1].append(day)
    return weeks


def week_totals(days: Iterable[Day], start: date, end: date) -> list[tuple[date, Totals]]:
    """``weeks_of`` with each week's ``WEEK_SUMS``: ``[(monday, Totals), ...]``, oldest first."""
    return [(monday, Totals.of(week, only=WEEK_SUMS)) for monday, week in weeks_of(days, start, end)]


def weekly_summary(days: Iterable[Day], start: date, end: date) -> list[dict]:
    """One row per ISO week (Monday to Sunday) overlapping start..end, newest first.

    Only days inside start..end count, even when a week sticks out of the
    range. Row: ``{"week_start": date, "week_end": date, "mean_pain",
    "mean_mood", "mean_sleep": float (1 dp) or None, "total_exercise": int,
    "days_checked_in": int}``. Weeks without check-ins are included with
    ``None`` means, 0 exercise and 0 days, so the table has no holes.
    """
    return summary_rows(week_totals(days, start, end))


def summary_rows(weeks: list[tuple[date, Totals]]) -> list[dict]:
    """``weekly_summary``'s rows from weekly totals given oldest first (rows come newest first)."""
    rows = [
        {
            "week_start": monday,
            "week_end": monday + timedelta(days=6),
            "mean_pain": _round(totals.mean("pain"), 1),
            "mean_mood": _round(totals.mean("mood"), 1),
            "mean_sleep": _round(totals.mean("sleep"), 1),
            "total_exercise": totals.exercise,
            "days_checked_in": totals.n,
        }
        for monday, totals in weeks
    ]
    rows.reverse()  # newest first, as the page lists them
    return rows


def build_series(days: Iterable[Day], start: date, end: date, max_points: int = 530) -> dict:
    """Everything a chart needs for start..end: values plus rolling averages.

    Daily resolution (``"resolution": "day"``) for up to 366 calendar days
    (a leap year) and no more than ``max_points`` days: the lists of
    ``daily_series`` plus "pain_avg", "mood_avg", "sleep_avg",
    "exercise_avg", each a 7-day trailing mean (at least 4 check-ins). The
    average at the start of the range also uses the 6 days before it, so
    the line does not start blank. ``"avg_window": 7``.

    Longer ranges switch to ``"resolution": "week"``: the lists of
    ``weekly_means`` and a 4-week trailing mean of the check-ins behind
    them (at least 2 weeks with data; see ``weekly_series``),
    ``"avg_window": 4``. Ten years is ~523 weeks; if the weeks still exceed
    ``max_points`` only the newest ``max_points`` are kept.
    """
    days = unique_days(days)
    if weekly_resolution(start, end, max_points):
        return _weekly_with_averages(days, start, end, max_points)
    return _daily_with_averages(days, start, end)


def weekly_resolution(start: date, end: date, max_points: int = 530) -> bool:
    """True when ``build_series`` draws start..end as weekly points rather than days."""
    return (end - start).days + 1 > min(LONGEST_DAILY_RANGE, max_points)


def _daily_with_averages(days: list[Day], start: date, end: date) -> dict:
    lookback = DAILY_AVG_WINDOW - 1
    wide = daily_series(days, start - timedelta(days=lookback), end)
    result = {key: values[lookback:] for key, values in wide.items()}
    for key in SERIES_FIELDS:
        result[f"{key}_avg"] = rolling_mean(wide[key], window=DAILY_AVG_WINDOW, min_count=4)[lookback:]
    result["resolution"] = "day"
    result["avg_window"] = DAILY_AVG_WINDOW
    return result


def _weekly_with_averages(days: list[Day], start: date, end: date, max_points: int) -> dict:
    # The same numbers as weekly_means(daily_series(...)), computed from the
    # weeks' check-ins directly: ten years of daily slots would cost ~10x more.
    return weekly_series(week_totals(days, start, end), max_points)


def weekly_series(weeks: list[tuple[date, Totals]], max_points: int = 530) -> dict:
    """``build_series``'s weekly form from weekly totals given oldest first.

    Each point is the mean of its week's check-ins (``None`` for a week
    without any). Each ``*_avg`` point is the mean of the check-ins in its
    week and the ``WEEKLY_AVG_WINDOW - 1`` weeks before it, once at least 2
    of those weeks have check-ins: counted by check-in, as the daily chart's
    7-day average is, so a week with one check-in weighs less than a full
    week. Window totals are differences of running totals, which are exact
    (whole numbers, and sleep in half hours), so ten years of weeks cost
    one pass per measure. Lets a caller that already has each week's totals
    (the trends view reads stored ones on long histories) draw the same
    chart as ``build_series`` would from the days.
    """
    result: dict[str, Any] = {"dates": [monday.isoformat() for monday, _ in weeks]}
    for key in SERIES_FIELDS:
        # The Totals fields share the series keys: pain, mood, sleep, exercise.
        # Each is averaged over the check-ins that answered it (MEAN_COUNTS).
        sums = [getattr(t, key) for _, t in weeks]
        counts = [getattr(t, MEAN_COUNTS[key]) for _, t in weeks]
        sums_to, counts_to = [0, *accumulate(sums)], [0, *accumulate(counts)]
        filled_to = [0, *accumulate(n > 0 for n in counts)]  # weeks with answers before each position
        result[key] = [round(total / n, 2) if n else None for total, n in zip(sums, counts)]
        averages = []
        for stop in range(1, len(weeks) + 1):
            begin = max(stop - WEEKLY_AVG_WINDOW, 0)
            enough = filled_to[stop] - filled_to[begin] >= 2
            averages.append(
                round((sums_to[stop] - sums_to[begin]) / (counts_to[stop] - counts_to[begin]), 2) if enough else None
            )
        result[f"{key}_avg"] = averages
    if len(weeks) > max_points:
        result = {key: values[-max_points:] for key, values in result.items()}
    result["resolution"] = "week"
    result["avg_window"] = WEEKLY_AVG_WINDOW
    return result
