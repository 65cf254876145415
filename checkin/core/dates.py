"""Dates in words, the one way Mend writes them everywhere: "8 Nov",
"8 Nov 2026", "Sunday 8 November", "Sunday 8 November 2026", "18–21 Nov".

Plain Python (no locale, no Django): the pure insights modules use it too,
and it is several times faster than strftime on the long weekly tables.
"""

from datetime import date

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
