"""Which questionnaires are due today. Pure: no Django.

A scheduled questionnaire is due when nothing standing in for it was answered
in the last ``every_days`` days (a clinician's request: ``asked_due``); a screener and its full scale stand in for
each other (a PHQ-9 answered last week means no PHQ-2 this week). A positive
screener makes its full scale due at once, until that is answered.
"""

import datetime
from collections.abc import Iterable

from checkin.domain.instruments import INSTRUMENTS, SCREENER_OF, score_is_positive

# PEG weekly; PHQ-2 and GAD-2 fortnightly, each stepping up to its full scale
# when positive. Admins change them in /admin/ (load_guidance makes the rows);
# an instrument without a row keeps its default here.
DEFAULT_SCHEDULES = {"peg": 7, "phq2": 14, "gad2": 14}


def stands_in_for(slug: str) -> set[str]:
    """The instruments whose answer counts as having answered ``slug``."""
    instrument = INSTRUMENTS[slug]
    return (
        {slug}
        | ({instrument.steps_up_to} if instrument.steps_up_to is not None else set())
        | ({SCREENER_OF[slug]} if slug in SCREENER_OF else set())
    )


def due(
    schedules: dict[str, int], recent: Iterable[tuple[str, datetime.date, object]], today: datetime.date
) -> list[str]:
    """The slugs due on ``today``, step-ups first, then in ``schedules``' order.

    ``schedules`` maps each enabled instrument to its every-how-many-days;
    ``recent`` holds (instrument, date, score) of the patient's responses
    covering at least the longest schedule, in any order.
    """
    last = _latest(recent)
    result = []
    for screener, (day, value) in last.items():
        full = INSTRUMENTS[screener].steps_up_to
        if full and score_is_positive(INSTRUMENTS[screener], value) and (full not in last or last[full][0] < day):
            result.append(full)
    for slug, every_days in schedules.items():
        answered = [last[other][0] for other in stands_in_for(slug) if other in last]
        if answered and (today - max(answered)).days < every_days:
            continue
        if not stands_in_for(slug) & set(result):
            result.append(slug)
    return result


def asked_due(
    asked: Iterable[tuple[str, datetime.date, int | None]],
    recent: Iterable[tuple[str, datetime.date, object]],
    today: datetime.date,
) -> list[str]:
    """The questionnaires clinicians asked for that are due on ``today``.

    ``asked`` holds (instrument, day asked, every_days or None for once) of the
    open requests; ``recent`` the responses since the earliest of those days.
    Asked once: due until answered on or after the day it was asked. Asked
    every N days: due then too, and again N days after each answer. Only the
    instrument itself counts (a PHQ-2 is not the PHQ-9 a clinician asked for).
    """
    last = _latest(recent)
    result = []
    for slug, asked_on, every_days in asked:
        answered = last[slug][0] if slug in last else None
        unanswered = answered is None or answered < asked_on
        again = every_days is not None and answered is not None and (today - answered).days >= every_days
        if (unanswered or again) and slug not in result:
            result.append(slug)
    return result


def _latest(recent: Iterable[tuple[str, datetime.date, object]]) -> dict[str, tuple[datetime.date, object]]:
    """Each instrument's latest (date, score)."""
    last: dict[str, tuple[datetime.date, object]] = {}
    for slug, day, value in recent:
        if slug not in last or day > last[slug][0]:
            last[slug] = (day, value)
    return last


def window_days(schedules: dict[str, int]) -> int:
    """How many days of responses ``due`` needs to see."""
    return max(schedules.values(), default=1)
