"""The one list of safety signals that every surface reads.

Home, the check-in's saved page, history, trends, the clinician's list and
patient page, the printed report, the CSV, the JSON export and FHIR each
show the signals this module finds, and nothing else decides what counts:

- each warning sign (``triage.SIGNS``), at its triage level;
- thoughts of self-harm: PHQ-9 item 9, or the check-in's direct question,
  answered above "Not at all";
- a severe score: PHQ-9 of 20 or more, GAD-7 of 15 or more;
- very low mood: mood 0 or 1 on 2 of the last 3 check-ins.

A signal stays "unseen" for a clinician until one who shares with the
patient marks it seen, or for ``KEEP_DAYS`` after it was last reported.
Mend watches nothing and alerts nobody: a signal waits for a person to open
the page. Pure Python (no Django); words for people are composed by the
templates from ``key`` and ``level``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from checkin.domain import triage

EMERGENCY, URGENT = triage.EMERGENCY, triage.URGENT
SOON = "soon"  # talk to their doctor this week
LEVELS = (EMERGENCY, URGENT, SOON)  # most serious first

SELF_HARM = "self_harm"
SEVERE_PHQ9 = "severe_phq9"
SEVERE_GAD7 = "severe_gad7"
LOW_MOOD = "very_low_mood"

# The cut-offs, each from the instrument's own bands (Kroenke 2001, Spitzer 2006).
SEVERE_PHQ9_FROM = 20
SEVERE_GAD7_FROM = 15
LOW_MOOD_AT_MOST = 1
LOW_MOOD_RUN = (2, 3)  # 2 of the last 3 check-ins
# What makes the next check-in ask the direct question about self-harm.
ASK_AFTER_PHQ2_FROM = 3
ASK_AFTER_PHQ9_FROM = 15
# A trigger older than this no longer makes the check-in ask.
ASK_WITHIN_DAYS = 14
# How long an unseen signal stays at the top of a clinician's list.
KEEP_DAYS = 30
# How long home keeps a quiet "Your safety plan and crisis lines" card after a self-harm answer.
SELF_HARM_CARD_DAYS = 14


@dataclass(frozen=True)
class Measure:
    """One questionnaire response as plain data.

    ``instrument`` is its slug ("phq9", "gad7", ...); ``item9`` the PHQ-9's
    answer (0-3) to "thoughts that you would be better off dead or of
    hurting yourself", None otherwise. (The check-in's own question about
    self-harm is a check-in's ``self_harm``.)"""

    instrument: str
    date: date
    score: float | None = None
    item9: int | None = None
    self_harm: bool = False  # item 9 above "Not at all", as stored with the response


@dataclass(frozen=True)
class Signal:
    """One kind of signal and every day it was reported in the range read."""

    key: str  # a warning sign's stored value, or SELF_HARM, SEVERE_PHQ9, SEVERE_GAD7, LOW_MOOD
    level: str  # one of LEVELS
    dates: tuple[date, ...]  # oldest first
    detail: int | None = None  # the highest score, or item 9's highest answer

    @property
    def first(self) -> date:
        return self.dates[0]

    @property
    def last(self) -> date:
        return self.dates[-1]

    @property
    def days(self) -> int:
        return len(self.dates)

    @property
    def is_warning_sign(self) -> bool:
        return self.key not in (SELF_HARM, SEVERE_PHQ9, SEVERE_GAD7, LOW_MOOD)


def _order(signal: Signal) -> tuple:
    # Most serious first; self-harm before a warning sign of the same level;
    # then the most recent.
    return LEVELS.index(signal.level), signal.key != SELF_HARM, -signal.last.toordinal(), signal.key


def collect(days: Iterable, measures: Iterable[Measure], start: date | None, end: date) -> list[Signal]:
    """Every signal in ``days`` (``insights.days.Day``s: their warning signs,
    moods and answers to the question about self-harm) and ``measures``
    between ``start`` (None: from the first) and ``end``, most serious first."""
    days = sorted((d for d in days if d.date <= end), key=lambda d: d.date)
    found: dict[str, dict] = {}

    def add(key: str, level: str, day: date, detail: int | None = None) -> None:
        if start is not None and day < start:
            return
        entry = found.setdefault(key, {"level": level, "dates": set(), "detail": None})
        entry["dates"].add(day)
        if detail is not None:
            entry["detail"] = detail if entry["detail"] is None else max(detail, entry["detail"])

    for d in days:
        for value in d.symptoms:
            add(value, triage.level_of([value]) or EMERGENCY, d.date)
        if d.self_harm:
            add(SELF_HARM, EMERGENCY, d.date, d.self_harm)
    for day in low_mood_days(days):
        add(LOW_MOOD, URGENT, day)
    for m in measures:
        if m.date > end:
            continue
        if m.item9 or m.self_harm:
            add(SELF_HARM, EMERGENCY, m.date, m.item9 or None)
        if m.instrument == "phq9" and m.score is not None and m.score >= SEVERE_PHQ9_FROM:
            add(SEVERE_PHQ9, SOON, m.date, int(m.score))
        if m.instrument == "gad7" and m.score is not None and m.score >= SEVERE_GAD7_FROM:
            add(SEVERE_GAD7, SOON, m.date, int(m.score))
    signals = [Signal(key, e["level"], tuple(sorted(e["dates"])), e["detail"]) for key, e in found.items()]
    return sorted(signals, key=_order)


def low_mood_days(days: list) -> list[date]:
    """The check-ins (sorted) with mood 0-1 that make 2 of 3 consecutive check-ins."""
    low, run = set(), LOW_MOOD_RUN[1]
    for i in range(len(days)):
        window = days[max(0, i - run + 1) : i + 1]
        lows = [d.date for d in window if d.mood <= LOW_MOOD_AT_MOST]
        if len(lows) >= LOW_MOOD_RUN[0]:
            low.update(lows)
    return sorted(low)


def unseen(signals: list[Signal], seen_through: date | None, today: date) -> list[Signal]:
    """The signals a clinician has not yet marked seen (reported after
    ``seen_through``), reported in the last ``KEEP_DAYS`` up to ``today``."""
    oldest = today - timedelta(days=KEEP_DAYS - 1)
    after = max(oldest, seen_through + timedelta(days=1)) if seen_through else oldest
    return [s for s in signals if s.last >= after]


def most_serious(signals: list[Signal]) -> str | None:
    """The level of the most serious signal, or None."""
    return min((s.level for s in signals), key=LEVELS.index, default=None)


def current_run(days: list) -> list:
    """The latest check-ins (sorted, oldest first) that noted warning signs,
    back to the last one that answered the question with none: what home
    keeps advising on until a later check-in says the signs have gone."""
    run = []
    for d in reversed(days):
        if not d.symptoms:
            break
        run.append(d)
    return run[::-1]


def should_ask(days: list, measures: Iterable[Measure], today: date) -> bool:
    """Whether today's check-in asks the direct question about self-harm:
    after very low mood on 2 of the last 3 check-ins, a PHQ-2 of 3 or more or
    a PHQ-9 of 15 or more, in the last ``ASK_WITHIN_DAYS``, that no check-in
    has asked about since. ``days`` are the check-ins before today."""
    days = sorted((d for d in days if d.date < today), key=lambda d: d.date)
    triggers = low_mood_days(days[-LOW_MOOD_RUN[1] :])
    for m in measures:
        if m.score is not None and (
            (m.instrument == "phq2" and m.score >= ASK_AFTER_PHQ2_FROM)
            or (m.instrument == "phq9" and m.score >= ASK_AFTER_PHQ9_FROM)
        ):
            triggers.append(m.date)
    if not triggers:
        return False
    latest = max(triggers)
    asked = [d.date for d in days if d.self_harm is not None]
    return latest >= today - timedelta(days=ASK_WITHIN_DAYS) and not any(day >= latest for day in asked)
