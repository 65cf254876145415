"""When the next reminder is due, in the patient's own time zone. Pure."""

import datetime
from zoneinfo import ZoneInfo

from checkin.reminders.schedule import end_of_day, next_reminder

LONDON, AUCKLAND, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("Pacific/Auckland"), ZoneInfo("America/New_York")
EVENING = datetime.time(20, 0)
EVERY_DAY = list(range(7))
UTC = datetime.timezone.utc


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def test_today_at_the_chosen_time_when_nothing_is_done_yet():
    # Saturday 5 Dec 2026, 09:00 in London.
    assert next_reminder(at(2026, 12, 5, 9), LONDON, EVENING, EVERY_DAY, None, None) == at(2026, 12, 5, 20)


def test_the_chosen_time_is_the_patients_own():
    # 20:00 in Auckland (UTC+13 in December) is 07:00 UTC the same day.
    assert next_reminder(at(2026, 12, 4, 22), AUCKLAND, EVENING, EVERY_DAY, None, None) == at(2026, 12, 5, 7)
    # 20:00 in New York (UTC-5) is 01:00 UTC the next day.
    assert next_reminder(at(2026, 12, 5, 12), NEW_YORK, EVENING, EVERY_DAY, None, None) == at(2026, 12, 6, 1)


def test_a_check_in_today_moves_it_to_tomorrow():
    done = datetime.date(2026, 12, 5)
    assert next_reminder(at(2026, 12, 5, 12), LONDON, EVENING, EVERY_DAY, None, done) == at(2026, 12, 6, 20)


def test_a_time_passed_without_a_check_in_is_still_due_that_day():
    assert next_reminder(at(2026, 12, 5, 21), LONDON, EVENING, EVERY_DAY, None, None) == at(2026, 12, 5, 20)


def test_days_turned_off_are_skipped():
    weekdays = [0, 1, 2, 3, 4]  # 5 Dec 2026 is a Saturday
    assert next_reminder(at(2026, 12, 5, 9), LONDON, EVENING, weekdays, None, None) == at(2026, 12, 7, 20)


def test_a_pause_skips_its_days():
    paused = datetime.date(2026, 12, 11)
    assert next_reminder(at(2026, 12, 5, 9), LONDON, EVENING, EVERY_DAY, paused, None) == at(2026, 12, 12, 20)


def test_no_time_or_no_days_means_no_reminder():
    assert next_reminder(at(2026, 12, 5, 9), LONDON, None, EVERY_DAY, None, None) is None
    assert next_reminder(at(2026, 12, 5, 9), LONDON, EVENING, [], None, None) is None


def test_summer_time_keeps_the_local_hour():
    # 20:00 in London in July is 19:00 UTC.
    assert next_reminder(at(2026, 7, 1, 9), LONDON, EVENING, EVERY_DAY, None, None) == at(2026, 7, 1, 19)


def test_a_reminder_lives_until_the_patients_midnight():
    assert end_of_day(at(2026, 12, 5, 20), LONDON) == datetime.datetime(2026, 12, 6, tzinfo=LONDON)
    assert end_of_day(at(2026, 12, 6, 1), NEW_YORK) == datetime.datetime(2026, 12, 6, tzinfo=NEW_YORK)


def test_saved_settings_are_said_in_words_of_what_will_happen():
    from checkin.reminders.schedule import in_words

    seven = datetime.time(19)
    assert in_words(seven, list(range(5)), True, False) == (
        "You'll get a notification at 19:00 on weekdays, only on days without a check-in."
    )
    assert in_words(seven, list(range(7)), True, True).startswith(
        "You'll get a notification and an email at 19:00 every day"
    )
    assert "at weekends" in in_words(seven, [6, 5], False, True)
    assert "on Mondays, Wednesdays and Fridays" in in_words(seven, [4, 0, 2], False, True)
    assert "on Tuesdays," in in_words(seven, [1], False, True)
    # A time with no way to remind is off, and says what turns it on.
    assert in_words(seven, [0], False, False) == (
        "Reminders are off: tick “A notification” or “An email” to turn them on."
    )
    assert in_words(None, [], False, False) == "Reminders are off."
