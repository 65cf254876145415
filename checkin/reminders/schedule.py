"""When a patient's next reminder is due. Pure: no Django.

A reminder is for one of the patient's own days: one they chose, not paused,
with no check-in yet and no reminder yet, at their chosen local time. A day
whose time has passed without a check-in is still due (the sender is late,
not the patient); the day after it is not.
"""

import datetime
from zoneinfo import ZoneInfo

from checkin.core.dates import WEEKDAYS


def next_reminder(
    now: datetime.datetime,
    zone: ZoneInfo,
    at: datetime.time | None,
    days: list[int],
    paused_until: datetime.date | None,
    done_on: datetime.date | None,
) -> datetime.datetime | None:
    """The next reminder's moment in UTC, or None when none is planned.

    ``done_on`` is the latest of the patient's days that needs no reminder:
    the day of their latest check-in, or the day last reminded, whichever
    is later.
    """
    if at is None or not days:
        return None
    first = now.astimezone(zone).date()
    if paused_until and paused_until >= first:
        first = paused_until + datetime.timedelta(days=1)
    if done_on and done_on >= first:
        first = done_on + datetime.timedelta(days=1)
    for offset in range(7):
        day = first + datetime.timedelta(days=offset)
        if day.weekday() in days:
            return datetime.datetime.combine(day, at, tzinfo=zone).astimezone(datetime.timezone.utc)
    return None


def end_of_day(moment: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    """The end of the patient's day that ``moment`` falls on: a reminder not
    delivered by then is dropped rather than shown the next morning."""
    day = moment.astimezone(zone).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=zone)


def in_words(at: datetime.time | None, days: list[int], push: bool, email: bool) -> str:
    """What saved reminder settings will do, in one sentence, or why they will
    do nothing: "You'll get a notification at 19:00 on weekdays, only on days
    without a check-in." """
    if not (push or email):
        if at is not None:
            return "Reminders are off: tick “A notification” or “An email” to turn them on."
        return "Reminders are off."
    how = " and ".join(way for way, wanted in (("a notification", push), ("an email", email)) if wanted)
    return f"You'll get {how} at {at:%H:%M} {_on(days)}, only on days without a check-in."


def _on(days: list[int]) -> str:
    days = sorted(days)
    if days == list(range(7)):
        return "every day"
    if days == list(range(5)):
        return "on weekdays"
    if days == [5, 6]:
        return "at weekends"
    names = [WEEKDAYS[day] + "s" for day in days]
    return "on " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])
