"""Dates in words, the one way Mend writes them everywhere.

``FORMATS`` names each way a date or time is written, as a Django date
format: templates write ``{{ value|when:"medium" }}`` (the ``when`` filter,
checkin/templatetags/mend_dates.py), Python ``dateformat.format(value,
FORMATS["day"])``, and the page scripts take the month and weekday names
from the page (``DATE_WORDS``, in every page's config). A second language
changes this one module.

The functions below write the commonest forms in plain Python (no locale, no
Django) for the pure insights modules, several times faster than a
formatter on the long weekly tables; a test holds each to its format.
"""

from datetime import date, timedelta

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ABBRS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# For the page scripts: the same words, Monday first.
DATE_WORDS = {"months": MONTHS, "monthNames": MONTH_NAMES, "weekdays": WEEKDAYS, "weekdayAbbrs": WEEKDAY_ABBRS}

FORMATS = {
    "short": "j M",  # 8 Nov
    "medium": "j M Y",  # 8 Nov 2026
    "day_month": "j F",  # 8 November
    "full": "j F Y",  # 8 November 2026
    "weekday": "l",  # Sunday
    "weekday_day": "D j",  # Sun 8
    "day": "l j F",  # Sunday 8 November
    "long": "l j F Y",  # Sunday 8 November 2026
    "day_medium": "D j M Y",  # Sun 8 Nov 2026
    "short_time": "j M, H:i",  # 8 Nov, 14:30
    "medium_time": "j M Y, H:i",  # 8 Nov 2026, 14:30
    "medium_time_zone": "j M Y, H:i T",  # 8 Nov 2026, 14:30 GMT
    "day_time": "l j F, H:i",  # Sunday 8 November, 14:30
    "weekday_time": "D H:i",  # Sun 14:30
    "day_medium_time": "D j M Y, H:i",  # Sun 8 Nov 2026, 14:30
    "full_time": "j F Y \\a\\t H:i",  # 8 November 2026 at 14:30
}


def short_date(day: date) -> str:
    """ "8 Nov": day and short month, no leading zero."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def medium_date(day: date) -> str:
    """ "8 Nov 2026"."""
    return f"{short_date(day)} {day.year}"


def day_name(day: date) -> str:
    """ "Sunday 8 November"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def long_date(day: date) -> str:
    """ "Sunday 8 November 2026"."""
    return f"{day_name(day)} {day.year}"


def date_span(start: date, end: date) -> str:
    """A span of days: "21 Nov", "18–21 Nov", "30 Nov – 2 Dec", "30 Dec 2024 – 2 Jan 2025"."""
    if start == end:
        return short_date(start)
    if start.year != end.year:
        return f"{medium_date(start)} – {medium_date(end)}"
    if start.month != end.month:
        return f"{short_date(start)} – {short_date(end)}"
    return f"{start.day}–{short_date(end)}"


def duration(delta: timedelta) -> str:
    """A length of time in the largest whole unit: "15 minutes", "2 hours", "1 day"."""
    minutes = int(delta.total_seconds() // 60)
    units = ((24 * 60, "day"), (60, "hour"))
    size, unit = next(((size, unit) for size, unit in units if minutes and minutes % size == 0), (1, "minute"))
    count = minutes // size
    return f"{count} {unit}{'' if count == 1 else 's'}"
