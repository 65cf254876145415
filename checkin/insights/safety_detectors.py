"""The safety detectors: red-flag symptoms and very low mood.

They run whatever the rules say (``detecting.SAFETY_DETECTORS``) and their
cards are always urgent; their settings can widen what they look at, never
narrow it. Pure Python, registered like every detector.
"""

from __future__ import annotations

from datetime import date

from checkin.core.dates import short_date
from checkin.domain import triage
from checkin.domain.days import Day
from checkin.insights.detecting import (
    RED_FLAG_MIN_WINDOW,
    Finding,
    Param,
    found,
    last_days,
    register,
    window_param,
)
from checkin.safety import signals


@register(
    "red_flag",
    "Symptoms that need prompt medical advice",
    # The window can be widened, never narrowed.
    window_param(RED_FLAG_MIN_WINDOW, RED_FLAG_MIN_WINDOW, 90),
    always_urgent=True,
)
def red_flag(days: list[Day], today: date, params: dict) -> Finding | None:
    """The warning signs (checkin/domain/triage.py) of the latest check-ins
    that noted any, back to the last one that answered the question with
    none, in the last ``window`` days; ``level`` in the figures is the most
    serious one's.

    With back pain these can mean pressure on nerves, an infection or a
    fracture, which need help today or at once: one report is enough, the
    advice stays until a later check-in says the signs have gone, and the
    detector always runs.
    """
    recent = signals.current_run(last_days(days, today, params["window"]))
    if not recent:
        return None
    reports, parts = [], []
    for d in recent:
        for symptom in d.symptoms:
            words = triage.words_of(symptom)
            reports.append({"date": d.date.isoformat(), "symptom": symptom, "words": words})
            parts.append(f"{words} on {short_date(d.date)}")
    symptoms = sorted({r["symptom"] for r in reports})
    return found(
        "red_flag", recent, "; ".join(parts), 1.0, reports=reports, symptoms=symptoms, level=triage.level_of(symptoms)
    )


@register(
    "very_low_mood",
    "Very low mood",
    # Range starts at the default so the check cannot be made less sensitive.
    Param("threshold", int, 1, 1, 3, "Mood at or below this counts as very low."),
    window_param(3, 3, 14),
    always_urgent=True,
)
def very_low_mood(days: list[Day], today: date, params: dict) -> Finding | None:
    """Mood at or below ``threshold`` (default 1 of 10) on any check-in in the
    last ``window`` days.

    A single very low day is worth a prompt, caring check-in and pointers to
    support, so this always runs and cannot be switched off.
    """
    low = [d for d in last_days(days, today, params["window"]) if d.mood <= params["threshold"]]
    if not low:
        return None
    summary = "mood " + " and ".join(f"{d.mood} on {short_date(d.date)}" for d in low)
    dates = [d.date.isoformat() for d in low]
    return found(
        "very_low_mood",
        low,
        summary,
        1.0,
        threshold=params["threshold"],
        dates=dates,
        lowest_mood=min(d.mood for d in low),
    )
