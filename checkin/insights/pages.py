"""What the trends pages show: charts, weekly summaries, insights and home's sparkline.

``trends_context`` turns one patient's check-ins (a queryset the caller has
already obtained through ``checkin.access``) into everything the
``insights/_charts.html`` partial and the JSON API need, so the patient's
trends page, the clinician's patient page and the printed report share it.
"""

import datetime

from checkin.core.charts import Plot, runs
from checkin.core.dates import WEEKDAY_ABBRS
from checkin.domain.days import week_monday, week_number
from checkin.insights import sentences, trends
from checkin.insights.totals import TOTALS_FIELDS, WEEK_SUMS, Totals

# The range buttons, in order: ?days= value -> (button label, calendar days).
# None means "everything since the first check-in".
PERIODS = {
    "7": ("7 days", 7),
    "30": ("30 days", 30),
    "90": ("90 days", 90),
    "365": ("1 year", 365),
    "all": ("All", None),
}
DEFAULT_RANGE = "30"

# Insights need at least this many check-ins in the range.
INSIGHT_MIN_DAYS = 14
SPARKLINE_DAYS = 7


def range_key(value) -> str:
    """The ``?days=`` value if it is one of the range buttons, else the default.

    Anything else (negative, huge, text, missing) quietly means 30 days: a
    chart range is not worth an error message.
    """
    return value if value in PERIODS else DEFAULT_RANGE


# Columns of a stored week (checkin.models.WeekTotals), in the order
# _stored_weeks unpacks them: the first fields of Totals, with their names.
WEEK_COLUMNS = ("week", "weekdays", *WEEK_SUMS)


def _stored_weeks(week_totals) -> list[tuple[int, int, Totals]]:
    """Every stored week with check-ins, oldest first: (week number, weekdays, Totals of its WEEK_SUMS)."""
    rows = week_totals.filter(n__gt=0).order_by("week").values_list(*WEEK_COLUMNS)
    return [(week, weekdays, Totals(**dict(zip(WEEK_SUMS, sums)))) for week, weekdays, *sums in rows]


def _history_totals(history_totals) -> Totals:
    row = history_totals.values(*TOTALS_FIELDS).first()
    return Totals(**row) if row else Totals()


# A range that starts this many days or more before the first check-in starts at it instead.
HISTORY_GAP_DAYS = 7


def trends_context(checkins, stored, today: datetime.date, days_param, voice: str = sentences.PATIENT) -> dict:
    """Everything the trends partial and the API show, for one patient and one range.

    ``checkins`` (a CheckIn queryset) and ``stored`` (``access.StoredTotals``)
    are the patient's, already access-checked by the caller; ``today`` is
    the patient's own local date (or the last day of a report, which never
    offers "all"); ``days_param`` is the raw ``?days=`` value; ``voice``
    words the insights for the patient or for a clinician (``sentences.INSIGHT_WORDS``).

    "all" is every check-in stored: from the first to today, or to the last
    one if it is dated later (after a move west, say). It reads the stored
    weeks, which give the first and last days, then either the stored
    history totals (over a year: ten years is ~520 small rows and one) or
    the days since the first. A numeric range reads its days in one query,
    through the (patient, date) index; an empty one asks once more whether
    older days exist. So the number of queries never depends on the size of
    the history.
    """
    key = range_key(days_param)
    calendar_days = PERIODS[key][1]
    end = today
    history_starts = None  # set when the charts start at the first check-in, not the range's first day
    if calendar_days is None:
        weeks_stored = _stored_weeks(stored.weeks)
        if weeks_stored:
            first_week, first_days, _ = weeks_stored[0]
            last_week, last_days, _ = weeks_stored[-1]
            start = week_monday(first_week) + datetime.timedelta(days=trends.first_weekday(first_days))
            last = week_monday(last_week) + datetime.timedelta(days=trends.last_weekday(last_days))
            end = max(today, last)
        else:
            start = today
    else:
        start = today - datetime.timedelta(days=calendar_days - 1)

    days, days_from = None, None  # the check-ins read, and the first day they are complete from
    if trends.weekly_resolution(start, end):
        # Only "all" gets here, with more than a year: its stored weeks, with
        # the empty ones between them, and its stored totals.
        weeks = trends.numbered_weeks(
            ((week, totals) for week, _, totals in weeks_stored), first_week, week_number(end) + 1
        )
        totals = _history_totals(stored.history)
        series = trends.weekly_series(weeks)
        weekly = trends.summary_rows(weeks)
        has_history = True
    else:
        # The days just before the range feed the first rolling averages.
        days = checkins.between(start - datetime.timedelta(days=trends.DAILY_AVG_WINDOW - 1), end).days()
        in_range = [d for d in days if d.date >= start]
        # A range longer than the history (a year, four months in): the chart
        # starts at the first check-in rather than squeezing it into a corner.
        # The one extra question is asked only when the range starts long before it.
        first = min((d.date for d in in_range), default=None)
        days_from = start - datetime.timedelta(days=trends.DAILY_AVG_WINDOW - 1)
        if first and (first - start).days > HISTORY_GAP_DAYS and not checkins.filter(date__lt=start).exists():
            history_starts = start = first
            days_from = datetime.date.min  # nothing before them
        totals = Totals.of(in_range)
        series = trends.build_series(days, start, end)
        weekly = trends.weekly_summary(in_range, start, end)
        if calendar_days is None:
            has_history = bool(weeks_stored)
        else:
            # Only an empty range needs to know whether older days exist (to
            # tell a newcomer from someone back after a break).
            has_history = bool(in_range) or checkins.filter(date__lt=start).exists()

    return {
        "range": key,
        "ranges": [{"key": k, "label": label, "current": k == key} for k, (label, _) in PERIODS.items()],
        "start": start,
        # The range asked for: questionnaire scores may go back further than the check-ins.
        "range_start": today - datetime.timedelta(days=calendar_days - 1) if calendar_days else start,
        "end": end,
        "calendar_days": (end - start).days + 1,
        "days_checked_in": totals.n,
        "has_data": totals.n > 0,
        "has_history": has_history,
        "history_starts": history_starts,
        "series": series,
        # The days read, for a caller that needs them too (None for weekly points).
        "days": days,
        "days_from": days_from,
        "weekly": weekly,
        "insights": sentences.insights_from_totals(totals, min_pairs=INSIGHT_MIN_DAYS, voice=voice),
        "min_insight_days": INSIGHT_MIN_DAYS,
    }


def api_payload(context: dict) -> dict:
    """The JSON form of ``trends_context``: series as lists (null for a gap) and insights."""
    return {
        "days": context["range"],
        "start": context["start"].isoformat(),
        "end": context["end"].isoformat(),
        "days_checked_in": context["days_checked_in"],
        "series": context["series"],
        "insights": context["insights"],
    }


def sparkline(checkins, today: datetime.date, days: int = SPARKLINE_DAYS) -> dict:
    """Geometry and words for the home page's small pain and mood chart.

    ``checkins`` is any iterable of the patient's CheckIn rows (the home page
    passes the list it already read, so this costs no query). Returns the
    SVG ``width``/``height``, per measure the ``segments`` (polyline point
    strings, split at missing days so a gap is never bridged) and ``dots``,
    plus ``label``: the same values in words for screen readers, and each
    day's short name under its point (``days``).
    """
    # The lines above the base; the day names below it, each centred on its
    # point, so the first and last sit ``side`` in from the edges.
    width, height, base, side, top = 280, 66, 48, 14, 6
    plot = Plot(side, top, width - 2 * side, base - 2 - top, 10)
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    by_date = {c.date: c for c in checkins}
    lines, words = {}, []
    for measure in ("pain", "mood"):
        values = [getattr(by_date[d], measure) if d in by_date else None for d in dates]
        points = [None if v is None else (plot.x(i / (days - 1)), plot.y(v)) for i, v in enumerate(values)]
        # A day alone between gaps is a dot only.
        lines[measure] = {"segments": runs(points, shortest=2), "dots": [p for p in points if p is not None]}
        said = ", ".join("none" if v is None else str(v) for v in values)
        words.append(f"{measure.capitalize()}: {said}.")
    return {
        "width": width,
        "height": height,
        "base": base,
        "days": [(plot.x(i / (days - 1)), WEEKDAY_ABBRS[d.weekday()]) for i, d in enumerate(dates)],
        "pain": lines["pain"],
        "mood": lines["mood"],
        "label": f"Pain and mood over the last {days} days, oldest first, out of 10. " + " ".join(words),
        "has_data": any(d in by_date for d in dates),
    }
