"""Trend charts, weekly summaries and insights: /trends/ and /api/trends/.

The views only fetch and render. ``trends_context`` turns one patient's
check-ins (a queryset the caller has already obtained through
``checkin.access``) into everything the ``trends/_charts.html`` partial and
the JSON API need, so a clinician's read-only view can reuse it unchanged.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import BigIntegerField, Count, F, FloatField, Func, Min, Q, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from checkin import access, trends
from checkin.trends import Day, Totals

# The range buttons, in order: ?days= value -> (button label, calendar days).
# None means "everything since the first check-in".
RANGES = {
    "7": ("7 days", 7),
    "30": ("30 days", 30),
    "90": ("90 days", 90),
    "365": ("1 year", 365),
    "all": ("All", None),
}
DEFAULT_RANGE = "30"

# Columns read for a range of days: plain tuples rather than model instances,
# which cost several times more to build (see make bench).
DAY_COLUMNS = ("date", "pain", "mood", "sleep_hours", "sleep_quality", "exercise_minutes")

# Insights need this many check-ins in the range (the "at least 14").
INSIGHT_MIN_DAYS = 14
SPARKLINE_DAYS = 7


def range_key(value) -> str:
    """The ``?days=`` value if it is one of the range buttons, else the default.

    Anything else (negative, huge, text, missing) quietly means 30 days: a
    chart range is not worth an error message.
    """
    return value if value in RANGES else DEFAULT_RANGE


def _days(checkins) -> list[Day]:
    rows = checkins.order_by("date").values_list(*DAY_COLUMNS)
    return [Day(day, pain, mood, float(sleep), quality, minutes) for day, pain, mood, sleep, quality, minutes in rows]


class DayNumber(Func):
    """``trends.day_number`` computed by the database: whole days since ``trends.EPOCH_MONDAY``."""

    arity = 1
    output_field = BigIntegerField()
    # PostgreSQL subtracts dates to a whole number of days; SQLite has no
    # date type and counts Julian days instead (both natively: Django's
    # own date functions run as Python on SQLite, once per row).
    template = f"(%(expressions)s - DATE '{trends.EPOCH_MONDAY.isoformat()}')::bigint"

    def as_sqlite(self, compiler, connection, **extra_context):
        template = f"CAST(julianday(%(expressions)s) - julianday('{trends.EPOCH_MONDAY.isoformat()}') AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _history_totals(checkins, today: datetime.date) -> tuple[datetime.date | None, Totals]:
    """The first check-in's date and the ``Totals`` of every check-in up to today, in one query.

    The database does the sums, so ten years of history is one row back
    rather than 3,650 to read and convert.
    """
    number = DayNumber("date")
    short = Q(sleep_hours__lt=trends.SHORT_SLEEP_HOURS)
    active = Q(exercise_minutes__gt=0)
    sums = checkins.filter(date__lte=today).aggregate(
        # Named apart from the fields, which other sums still refer to.
        first=Min("date"),
        t_n=Count("pk"),
        t_pain=Sum("pain"),
        t_mood=Sum("mood"),
        t_sleep=Sum("sleep_hours", output_field=FloatField()),
        t_exercise=Sum("exercise_minutes"),
        t_pain_sq=Sum(F("pain") * F("pain")),
        t_mood_sq=Sum(F("mood") * F("mood")),
        t_pain_mood=Sum(F("pain") * F("mood")),
        t_day=Sum(number),
        t_day_sq=Sum(number * number),
        t_day_pain=Sum(number * F("pain")),
        t_short_n=Count("pk", filter=short),
        t_short_pain=Sum("pain", filter=short),
        t_active_n=Count("pk", filter=active),
        t_active_pain=Sum("pain", filter=active),
        t_active_mood=Sum("mood", filter=active),
    )
    first = sums.pop("first")
    # Sums over no rows are NULL; Totals wants 0 (and a float for sleep).
    totals = Totals(**{name[2:]: value or 0 for name, value in sums.items()})
    totals.sleep = float(totals.sleep)
    return first, totals


def _weekly_totals(checkins, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, Totals]]:
    """Each ISO week's count and sums of pain, mood, sleep and exercise for start..end, in one query.

    Only the fields that ``trends.weekly_series`` and ``trends.summary_rows``
    read are filled in. Weeks without check-ins come back as empty
    ``Totals``, as ``trends.week_totals`` gives them.
    """
    rows = (
        checkins.filter(date__gte=start, date__lte=end)
        .annotate(week=DayNumber("date") / 7)
        .values("week")
        .annotate(
            t_n=Count("pk"),
            t_pain=Sum("pain"),
            t_mood=Sum("mood"),
            t_sleep=Sum("sleep_hours", output_field=FloatField()),
            t_exercise=Sum("exercise_minutes"),
        )
        .order_by("week")
        .values_list("week", "t_n", "t_pain", "t_mood", "t_sleep", "t_exercise")
    )
    by_week = {
        week: Totals(n=n, pain=pain, mood=mood, sleep=float(sleep), exercise=exercise)
        for week, n, pain, mood, sleep, exercise in rows
    }
    weeks = []
    monday = trends.week_start(start)
    while monday <= end:
        weeks.append((monday, by_week.get(trends.day_number(monday) // 7) or Totals()))
        monday += datetime.timedelta(days=7)
    return weeks


def trends_context(checkins, today: datetime.date, days_param) -> dict:
    """Everything the trends partial and the API show, for one patient and one range.

    ``checkins`` is the patient's CheckIn queryset, already access-checked
    by the caller; ``today`` is the patient's own local date; ``days_param``
    is the raw ``?days=`` value. The number of queries never depends on the
    size of the history: a numeric range reads its days in one query
    (through the (patient, date) index; an empty range asks once more
    whether older days exist). "all" sums the whole history and finds its
    first day in one query, then reads either its days (up to a year) or,
    beyond that, weekly sums computed by the database.
    """
    key = range_key(days_param)
    calendar_days = RANGES[key][1]
    if calendar_days is None:
        first, totals = _history_totals(checkins, today)
        start = first or today
        has_history = first is not None
    else:
        start = today - datetime.timedelta(days=calendar_days - 1)

    if trends.weekly_resolution(start, today):
        # Only "all" gets here: its totals are already summed.
        weeks = _weekly_totals(checkins, start, today)
        series = trends.weekly_series(weeks)
        weekly = trends.summary_rows(weeks)
    else:
        # The days just before the range feed the first rolling averages.
        lookback = start - datetime.timedelta(days=trends.DAILY_AVG_WINDOW - 1)
        days = _days(checkins.between(lookback, today))
        in_range = [d for d in days if d.date >= start]
        totals = Totals.of(in_range)
        series = trends.build_series(days, start, today)
        weekly = trends.weekly_summary(in_range, start, today)
        if calendar_days is not None:
            # Only an empty range needs to know whether older days exist (to
            # tell a newcomer from someone back after a break).
            has_history = bool(in_range) or checkins.filter(date__lt=start).exists()

    return {
        "range": key,
        "ranges": [{"key": k, "label": label, "current": k == key} for k, (label, _) in RANGES.items()],
        "start": start,
        "end": today,
        "calendar_days": (today - start).days + 1,
        "days_checked_in": totals.n,
        "has_data": totals.n > 0,
        "has_history": has_history,
        "series": series,
        "weekly": weekly,
        "insights": trends.insights_from_totals(totals, min_pairs=INSIGHT_MIN_DAYS),
        "min_insight_days": INSIGHT_MIN_DAYS,
    }


@login_required
@require_GET
def trends_page(request):
    patient = request.user
    context = trends_context(access.own_checkins(patient), patient.today(), request.GET.get("days"))
    return render(request, "trends/trends.html", {"trends": context, "owner": True})


@require_GET
def trends_api(request):
    # An API answers an anonymous caller with 401 JSON, not a login page.
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Log in to see your trends."}, status=401)
    patient = request.user
    context = trends_context(access.own_checkins(patient), patient.today(), request.GET.get("days"))
    return JsonResponse(api_payload(context))


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
    plus ``label``: the same values in words for screen readers.
    """
    width, height, pad = 280, 64, 6
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    by_date = {c.date: c for c in checkins}
    step = (width - 2 * pad) / (days - 1)
    lines, words = {}, []
    for measure in ("pain", "mood"):
        values = [getattr(by_date[d], measure) if d in by_date else None for d in dates]
        points = [
            None if v is None else (round(pad + i * step, 1), round(pad + (10 - v) / 10 * (height - 2 * pad), 1))
            for i, v in enumerate(values)
        ]
        segments, current = [], []
        for point in points + [None]:
            if point is None:
                if len(current) > 1:
                    segments.append(" ".join(f"{x},{y}" for x, y in current))
                current = []
            else:
                current.append(point)
        lines[measure] = {"segments": segments, "dots": [p for p in points if p is not None]}
        said = ", ".join("none" if v is None else str(v) for v in values)
        words.append(f"{measure.capitalize()}: {said}.")
    return {
        "width": width,
        "height": height,
        "pain": lines["pain"],
        "mood": lines["mood"],
        "label": f"Pain and mood over the last {days} days, oldest first, out of 10. " + " ".join(words),
        "has_data": any(d in by_date for d in dates),
    }
