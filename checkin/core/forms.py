"""Form plumbing every form shares: messages that name the field and what is
allowed, and the day an answer is for."""

import datetime

from django import forms

from checkin.core.dates import medium_date
from checkin.models import FIRST_DATE


def one_message(message: str) -> dict:
    """The same words for a missing answer and for one that is not a choice."""
    return {"required": message, "invalid_choice": message}


def number_messages(required: str, invalid: str, *, out_of_range: str, **more: str) -> dict:
    """A number answer's messages: one for missing, one for not a number, one
    for outside its range (too many digits is outside it too), plus ``more``."""
    too_far = {key: out_of_range for key in ("min_value", "max_value", "max_digits", "max_whole_digits")}
    return {"required": required, "invalid": invalid, **too_far, **more}


def past_day(
    day: datetime.date, today: datetime.date, too_late: str, too_early: str, first: datetime.date = FIRST_DATE
) -> datetime.date:
    """``day`` when it is from ``first`` (1 Jan 2000) to ``today``, else a
    ValidationError: ``too_late`` (its ``{today}`` filled in) or ``too_early``."""
    if day > today:
        raise forms.ValidationError(too_late.format(today=medium_date(today)))
    if day < first:
        raise forms.ValidationError(too_early)
    return day


def answer_day(day: datetime.date | None, today: datetime.date) -> datetime.date | None:
    """The "Day" of a check-in or questionnaire sent with one: from 2000 to today."""
    if day is None:
        return None
    return past_day(
        day,
        today,
        "Day: must be today ({today}) or earlier, not a future day.",
        "Day: must be 1 January 2000 or later.",
    )
