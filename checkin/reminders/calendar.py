"""A daily check-in reminder as a calendar file (iCalendar, RFC 5545).

For a patient who would rather Mend sent nothing at all (web push passes
through the browser maker's servers, email through mail servers): they add
a repeating event to their own calendar, which reminds them on the phone
without Mend being involved.
"""

import datetime

from icalendar import Alarm, Calendar, Event

# All the event says besides its link: a calendar may be synced or seen by others.
SUMMARY = "Daily check-in"
DURATION = datetime.timedelta(minutes=5)


def daily_reminder(start: datetime.date, at: datetime.time, url: str, uid: str) -> bytes:
    """An .ics file with one event at ``at`` every day from ``start``, with an alert.

    The times are "floating" (no time zone): the reminder rings at that hour
    wherever the phone is, as an alarm clock does. ``uid`` should stay the
    same for one person, so that a calendar can tell a new file replaces the
    reminder it already has.
    """
    begins = datetime.datetime.combine(start, at)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
    event.add("summary", SUMMARY)
    event.add("description", url)
    event.add("url", url)
    event.add("dtstart", begins)
    event.add("dtend", begins + DURATION)
    event.add("rrule", {"freq": "daily"})
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", SUMMARY)
    alarm.add("trigger", datetime.timedelta(0))
    event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", "-//Mend//daily check-in reminder//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical()
