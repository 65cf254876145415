"""Pattern detectors: small rules that look at recent check-ins and report findings.

Pure Python (no Django). Each detector is a plain function registered with
``@register``, which records its key, label and tunable parameters. Rules
stored elsewhere pick detectors by key and pass parameter values; this
module validates those values (``validate_params``) and runs the detectors
(``detect``).

Shared conventions:

* ``today`` is the patient's local calendar date; check-ins after it are
  ignored. "The last N days" means today and the N-1 days before it.
* Each detector returns one ``Finding`` or ``None``.
* ``Finding.figures`` holds only JSON-friendly values (numbers, strings,
  lists; dates as iso strings) so it can be stored as is.
* Keys are stable: stored rules refer to them. Do not rename.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from checkin.insights.trends import Day, correlation, correlation_words, mean, slope_per_week, split_days, unique_days

# These run whatever the configured rules say: they are about safety.
SAFETY_DETECTORS = ("red_flag", "very_low_mood")

# The red-flag card looks back at least this many days, today included.
RED_FLAG_MIN_WINDOW = 3

SYMPTOM_WORDS = {
    "numbness": "numbness",
    "weakness": "leg weakness",
    "bladder_bowel": "bladder or bowel changes",
    "fever": "fever",
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Param:
    """One tunable setting of a detector, with its allowed range."""

    name: str
    kind: type  # int or float
    default: int | float
    min: int | float
    max: int | float
    help: str


@dataclass(frozen=True)
class Finding:
    """What a detector found: plain-words evidence, the dates it covers, its figures."""

    detector: str
    summary: str
    start: date
    end: date
    strength: float  # 0..1
    figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Detector:
    """A registered detector: its key, label, parameters and function."""

    key: str
    label: str
    params: tuple[Param, ...]
    func: Callable[[list[Day], date, dict], Finding | None]
    always_urgent: bool = False


REGISTRY: dict[str, Detector] = {}


def register(key: str, label: str, params: Iterable[Param] = (), always_urgent: bool = False):
    """Decorator adding a detector function to ``REGISTRY`` under ``key``.

    Registration order is the order ``detect`` reports findings in. A key
    can be registered only once, so a copy-paste slip cannot silently
    replace a detector.
    """

    def decorator(func):
        if key in REGISTRY:
            raise ValueError(f"detector {key!r} is already registered")
        REGISTRY[key] = Detector(key=key, label=label, params=tuple(params), func=func, always_urgent=always_urgent)
        return func

    return decorator


# --- parameter validation ---------------------------------------------------


def _range_message(param: Param) -> str:
    if param.kind is int:
        return f"{param.name}: must be a whole number between {param.min} and {param.max}"
    return f"{param.name}: must be a number between {param.min:g} and {param.max:g}"


def _coerce(param: Param, value) -> int | float:
    """Turn a raw value (from a form, JSON or code) into the param's type, or raise."""
    error = ValueError(_range_message(param))
    if isinstance(value, bool):  # bool is an int subclass; True is not "1 day"
        raise error
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise error from None
    if not math.isfinite(number):
        raise error
    if param.kind is int:
        if not number.is_integer():
            raise error
        number = int(number)
    if not param.min <= number <= param.max:
        raise error
    return number


def validate_params(key: str, raw: dict | None) -> dict:
    """Check and complete the settings for detector ``key``.

    Returns every parameter of the detector, defaults filled in, values
    coerced to int or float (strings such as "5" are accepted). Raises
    ValueError for an unknown detector, for unknown setting names (named in
    the message) and for a bad value, e.g. "min_days: must be a whole number
    between 3 and 30".
    """
    if key not in REGISTRY:
        raise ValueError(f"unknown detector: {key!r}")
    detector = REGISTRY[key]
    raw = raw or {}
    known = {p.name for p in detector.params}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"unknown setting(s) for {key}: {', '.join(map(str, unknown))}")
    return {p.name: _coerce(p, raw[p.name]) if p.name in raw else p.default for p in detector.params}


def detect(
    days: Iterable[Day],
    today: date,
    params_by_key: dict[str, dict] | None = None,
    keys: Iterable[str] | None = None,
) -> list[Finding]:
    """Run detectors over the check-ins up to ``today`` and return their findings.

    ``keys`` picks detectors (default: all); the SAFETY_DETECTORS run in any
    case. ``params_by_key`` maps detector key -> raw settings, validated
    with ``validate_params``. Unknown keys in either raise ValueError.
    Findings come back in registry order.
    """
    params_by_key = params_by_key or {}
    for key in list(params_by_key) + list(keys or []):
        if key not in REGISTRY:
            raise ValueError(f"unknown detector: {key!r}")
    wanted = set(REGISTRY) if keys is None else set(keys) | set(SAFETY_DETECTORS)
    days = unique_days(days)  # each detector keeps only its window up to today
    findings = []
    for key, detector in REGISTRY.items():
        if key not in wanted:
            continue
        finding = detector.func(days, today, validate_params(key, params_by_key.get(key)))
        if finding is not None:
            findings.append(finding)
    return findings


# --- helpers for detectors --------------------------------------------------


def _last_days(days: Iterable[Day], today: date, window: int) -> list[Day]:
    """Check-ins from the last ``window`` calendar days up to today, sorted, unique."""
    first = today - timedelta(days=window - 1)
    return [d for d in unique_days(days) if first <= d.date <= today]


def _short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _date_span(start: date, end: date) -> str:
    """Readable span: "21 Nov", "18–21 Nov", "30 Nov – 2 Dec", "30 Dec 2024 – 2 Jan 2025"."""
    if start == end:
        return _short_date(start)
    if start.year != end.year:
        return f"{_short_date(start)} {start.year} – {_short_date(end)} {end.year}"
    if start.month != end.month:
        return f"{_short_date(start)} – {_short_date(end)}"
    return f"{start.day}–{_short_date(end)}"


def _tidy(value: float) -> float:
    """Drop float noise before comparing with a threshold.

    Means such as 17/3 - 14/3 come out a hair away from 1.0; a difference
    that is exactly at the threshold on paper must count as reaching it.
    """
    return round(value, 9)


def _clamp(value: float) -> float:
    return round(max(0.0, min(1.0, value)), 2)


def _window(default: int, low: int, high: int) -> Param:
    return Param("window", int, default, low, high, "How many recent days to look at, today included.")


# --- safety detectors (always run) -------------------------------------------


@register(
    "red_flag",
    "Symptoms that need prompt medical advice",
    params=(_window(RED_FLAG_MIN_WINDOW, RED_FLAG_MIN_WINDOW, 14),),  # can be widened, never narrowed
    always_urgent=True,
)
def red_flag(days: list[Day], today: date, params: dict) -> Finding | None:
    """Any red-flag symptom (numbness, leg weakness, bladder or bowel changes,
    fever) logged in the last ``window`` days.

    With back pain these can mean nerve compression or infection, which need
    prompt medical attention, so one report is enough and the detector
    always runs.
    """
    recent = [d for d in _last_days(days, today, params["window"]) if d.symptoms]
    if not recent:
        return None
    reports, parts = [], []
    for d in recent:
        for symptom in d.symptoms:
            words = SYMPTOM_WORDS.get(symptom, symptom.replace("_", " "))
            reports.append({"date": d.date.isoformat(), "symptom": symptom, "words": words})
            parts.append(f"{words} on {_short_date(d.date)}")
    summary = "; ".join(parts)
    return Finding(
        detector="red_flag",
        summary=summary,
        start=recent[0].date,
        end=recent[-1].date,
        strength=1.0,
        figures={"reports": reports, "symptoms": sorted({r["symptom"] for r in reports})},
    )


@register(
    "very_low_mood",
    "Very low mood",
    params=(
        # Range starts at the default so the check cannot be made less sensitive.
        Param("threshold", int, 1, 1, 3, "Mood at or below this counts as very low."),
        _window(3, 3, 14),
    ),
    always_urgent=True,
)
def very_low_mood(days: list[Day], today: date, params: dict) -> Finding | None:
    """Mood at or below ``threshold`` (default 1 of 10) on any check-in in the
    last ``window`` days.

    A single very low day is worth a prompt, caring check-in and pointers to
    support, so this always runs and cannot be switched off.
    """
    low = [d for d in _last_days(days, today, params["window"]) if d.mood <= params["threshold"]]
    if not low:
        return None
    summary = "mood " + " and ".join(f"{d.mood} on {_short_date(d.date)}" for d in low)
    return Finding(
        detector="very_low_mood",
        summary=summary,
        start=low[0].date,
        end=low[-1].date,
        strength=1.0,
        figures={
            "threshold": params["threshold"],
            "dates": [d.date.isoformat() for d in low],
            "lowest_mood": min(d.mood for d in low),
        },
    )


# --- pattern detectors -------------------------------------------------------


def _longest_run(days: list[Day], test: Callable[[Day], bool]) -> list[Day]:
    """Longest run of consecutive calendar days passing ``test`` (latest wins ties).

    A missing day breaks a run: we cannot assume what we were not told.
    """
    best, run = [], []
    for day in days:
        continues = run and day.date - run[-1].date == timedelta(days=1)
        if test(day):
            run = run + [day] if continues else [day]
            if len(run) >= len(best):
                best = run
        else:
            run = []
    return best


@register(
    "high_pain_streak",
    "Several high-pain days in a row",
    params=(
        Param("threshold", int, 7, 1, 10, "Pain at or above this counts as high."),
        Param("min_days", int, 3, 2, 30, "How many days in a row are needed."),
        _window(14, 3, 60),
    ),
)
def high_pain_streak(days: list[Day], today: date, params: dict) -> Finding | None:
    """Pain at or above ``threshold`` on ``min_days`` or more consecutive
    calendar days within the last ``window`` days.

    A run of bad days, rather than one, is when a flare plan or a change in
    approach is most useful. A day without a check-in breaks the run.
    """
    threshold = params["threshold"]
    run = _longest_run(_last_days(days, today, params["window"]), lambda d: d.pain >= threshold)
    if len(run) < params["min_days"]:
        return None
    start, end = run[0].date, run[-1].date
    return Finding(
        detector="high_pain_streak",
        summary=f"pain {threshold} or more on {len(run)} days running ({_date_span(start, end)})",
        start=start,
        end=end,
        strength=_clamp(len(run) / params["window"]),
        figures={"threshold": threshold, "run_days": len(run), "highest_pain": max(d.pain for d in run)},
    )


@register(
    "low_mood_run",
    "Mostly low mood lately",
    params=(
        Param("threshold", int, 3, 0, 10, "Mood at or below this counts as low."),
        Param("min_share", float, 0.5, 0.1, 0.9, "Share of check-ins that must be low (more than this)."),
        Param("min_days", int, 5, 1, 60, "Check-ins needed in the window before judging."),
        _window(14, 7, 60),
    ),
)
def low_mood_run(days: list[Day], today: date, params: dict) -> Finding | None:
    """Mood at or below ``threshold`` on more than ``min_share`` of the
    check-ins in the last ``window`` days, given at least ``min_days`` check-ins.

    Low mood on most days for a couple of weeks is a common sign of
    depression worth raising; a share (not a count) copes with skipped days.
    """
    recent = _last_days(days, today, params["window"])
    if len(recent) < params["min_days"]:
        return None
    low = [d for d in recent if d.mood <= params["threshold"]]
    share = len(low) / len(recent)
    if share <= params["min_share"]:
        return None
    return Finding(
        detector="low_mood_run",
        summary=(
            f"mood {params['threshold']} or lower on {len(low)} of {len(recent)} check-ins "
            f"in the last {params['window']} days"
        ),
        start=low[0].date,
        end=low[-1].date,
        strength=_clamp(share),
        figures={
            "threshold": params["threshold"],
            "low_days": len(low),
            "checked_in": len(recent),
            "share": round(share, 2),
        },
    )


@register(
    "pain_mood_linked",
    "Pain and mood moving together",
    params=(
        Param("min_r", float, 0.4, 0.1, 0.9, "How strong the opposite-direction link must be (|r|)."),
        Param("min_pairs", int, 14, 3, 365, "Check-ins needed before judging."),
        _window(30, 7, 365),
    ),
)
def pain_mood_linked(days: list[Day], today: date, params: dict) -> Finding | None:
    """Over the last ``window`` days, mood tends to be lower on higher-pain
    days: Pearson r <= -``min_r`` over at least ``min_pairs`` check-ins.

    When pain drags mood down, pain coping and mood support help each other,
    which is worth pointing out.
    """
    recent = _last_days(days, today, params["window"])
    if len(recent) < params["min_pairs"]:
        return None
    r = correlation([d.pain for d in recent], [d.mood for d in recent])
    if r is None or _tidy(r) > -params["min_r"]:
        return None
    r = round(r, 2)
    return Finding(
        detector="pain_mood_linked",
        summary=f"mood was lower on days with more pain: {correlation_words(r)} over {len(recent)} days",
        start=recent[0].date,
        end=recent[-1].date,
        strength=_clamp(abs(r)),
        figures={"r": r, "pairs": len(recent)},
    )


def _mean_difference_finding(
    key: str, days: list[Day], groups: tuple[list[Day], list[Day]], diff: float, summary: str, figures: dict
) -> Finding:
    """Shared shape for "group A vs group B" findings; strength = difference / 10-point scale."""
    return Finding(
        detector=key,
        summary=summary,
        start=days[0].date,
        end=days[-1].date,
        strength=_clamp(diff / 10),
        figures={**figures, "difference": round(diff, 1), "group_days": [len(groups[0]), len(groups[1])]},
    )


@register(
    "short_sleep_pain",
    "More pain after short nights",
    params=(
        Param("short_hours", float, 6.0, 3.0, 9.0, "Nights shorter than this count as short."),
        Param("min_diff", float, 1.0, 0.1, 5.0, "How much higher pain must be after short nights."),
        Param("min_side", int, 5, 2, 30, "Days needed in each group."),
        _window(30, 7, 365),
    ),
)
def short_sleep_pain(days: list[Day], today: date, params: dict) -> Finding | None:
    """Over the last ``window`` days, mean pain after nights shorter than
    ``short_hours`` exceeds the mean after longer nights by ``min_diff`` or
    more, with at least ``min_side`` days in each group.

    Sleep is recorded against the day after the night, so each Day pairs a
    night with the pain that followed. Poor sleep and pain feed each other;
    seeing it in one's own data motivates working on sleep.
    """
    recent = _last_days(days, today, params["window"])
    short, longer = split_days(recent, lambda d: d.sleep_hours < params["short_hours"])
    if len(short) < params["min_side"] or len(longer) < params["min_side"]:
        return None
    short_mean, long_mean = mean(d.pain for d in short), mean(d.pain for d in longer)
    diff = _tidy(short_mean - long_mean)
    if diff < params["min_diff"]:
        return None
    hours = f"{params['short_hours']:g}"
    return _mean_difference_finding(
        "short_sleep_pain",
        recent,
        (short, longer),
        diff,
        summary=(
            f"pain averaged {short_mean:.1f} after nights under {hours} hours, against "
            f"{long_mean:.1f} after longer nights ({len(short)} and {len(longer)} days)"
        ),
        figures={"short_mean": round(short_mean, 1), "long_mean": round(long_mean, 1),
                 "short_days": len(short), "long_days": len(longer)},
    )


@register(
    "inactivity",
    "No exercise lately",
    params=(
        Param("min_days", int, 4, 1, 60, "Check-ins needed in the window before judging."),
        _window(7, 3, 60),
    ),
)
def inactivity(days: list[Day], today: date, params: dict) -> Finding | None:
    """No exercise logged on any check-in in the last ``window`` days, given
    at least ``min_days`` check-ins there.

    Gentle activity is one of the best-supported things for chronic back
    pain and for mood, so a quiet week deserves a nudge. Requiring check-ins
    avoids nagging people who simply did not log.
    """
    recent = _last_days(days, today, params["window"])
    if len(recent) < params["min_days"] or any(d.exercise_minutes > 0 for d in recent):
        return None
    return Finding(
        detector="inactivity",
        summary=f"no exercise logged on any of the {len(recent)} check-ins in the last {params['window']} days",
        start=recent[0].date,
        end=recent[-1].date,
        strength=_clamp(len(recent) / params["window"]),
        figures={"checked_in": len(recent)},
    )


@register(
    "exercise_helps",
    "Less pain on exercise days",
    params=(
        Param("min_diff", float, 0.5, 0.1, 5.0, "How much lower pain must be on exercise days."),
        Param("min_side", int, 5, 2, 30, "Days needed in each group."),
        _window(30, 7, 365),
    ),
)
def exercise_helps(days: list[Day], today: date, params: dict) -> Finding | None:
    """Over the last ``window`` days, mean pain on days with exercise is lower
    than on days without by ``min_diff`` or more, with at least ``min_side``
    days in each group.

    Good news from one's own data is the strongest encouragement to keep moving.
    """
    recent = _last_days(days, today, params["window"])
    active, rest = split_days(recent, lambda d: d.exercise_minutes > 0)
    if len(active) < params["min_side"] or len(rest) < params["min_side"]:
        return None
    with_mean, without_mean = mean(d.pain for d in active), mean(d.pain for d in rest)
    diff = _tidy(without_mean - with_mean)
    if diff < params["min_diff"]:
        return None
    return _mean_difference_finding(
        "exercise_helps",
        recent,
        (active, rest),
        diff,
        summary=(
            # Neutral, like every summary: the clinician's pages show it too.
            f"pain averaged {with_mean:.1f} on days with exercise, against {without_mean:.1f} "
            f"on days without ({len(active)} and {len(rest)} days)"
        ),
        figures={"with_mean": round(with_mean, 1), "without_mean": round(without_mean, 1),
                 "with_days": len(active), "without_days": len(rest)},
    )


@register(
    "pain_rising",
    "Pain creeping up",
    params=(
        Param("min_slope", float, 0.3, 0.1, 5.0, "Rise in pain points per week that counts."),
        Param("min_days", int, 10, 3, 365, "Check-ins needed in the window before judging."),
        _window(28, 7, 365),
    ),
)
def pain_rising(days: list[Day], today: date, params: dict) -> Finding | None:
    """Pain trending upwards over the last ``window`` days: least-squares
    slope of at least ``min_slope`` points per week over ``min_days`` or
    more check-ins.

    A slow rise is easy to miss day to day but worth acting on early.
    Strength reaches 1 at a rise of 2 points a week.
    """
    recent = _last_days(days, today, params["window"])
    if len(recent) < params["min_days"]:
        return None
    slope = slope_per_week([d.date for d in recent], [d.pain for d in recent])
    if slope is None or _tidy(slope) < params["min_slope"]:
        return None
    return Finding(
        detector="pain_rising",
        summary=(
            f"pain rising by about {slope:.1f} points a week over the last {params['window']} days "
            f"({len(recent)} check-ins)"
        ),
        start=recent[0].date,
        end=recent[-1].date,
        strength=_clamp(slope / 2),
        figures={"slope": round(slope, 2), "checked_in": len(recent)},
    )


@register(
    "improving",
    "Things are getting better",
    params=(
        Param("min_drop", float, 1.0, 0.5, 5.0, "Fall in mean pain, or rise in mean mood, that counts."),
        Param("min_days", int, 4, 1, 30, "Check-ins needed in each period."),
        _window(7, 3, 30),
    ),
)
def improving(days: list[Day], today: date, params: dict) -> Finding | None:
    """Good news: compared with the ``window`` days before, the last ``window``
    days show mean pain lower by ``min_drop`` or more, or mean mood higher by
    ``min_drop`` or more. Each period needs ``min_days`` check-ins.

    Noticing progress matters as much as noticing problems. Strength is the
    larger change over the 10-point scale.
    """
    window = params["window"]
    both = _last_days(days, today, 2 * window)
    split_at = today - timedelta(days=window - 1)  # first day of the recent period
    recent, previous = split_days(both, lambda d: d.date >= split_at)
    if len(recent) < params["min_days"] or len(previous) < params["min_days"]:
        return None
    recent_pain, previous_pain = mean(d.pain for d in recent), mean(d.pain for d in previous)
    recent_mood, previous_mood = mean(d.mood for d in recent), mean(d.mood for d in previous)
    pain_drop, mood_rise = _tidy(previous_pain - recent_pain), _tidy(recent_mood - previous_mood)
    parts = []
    if pain_drop >= params["min_drop"]:
        parts.append(f"pain averaged {recent_pain:.1f}, down from {previous_pain:.1f}")
    if mood_rise >= params["min_drop"]:
        parts.append(f"mood averaged {recent_mood:.1f}, up from {previous_mood:.1f}")
    if not parts:
        return None
    return Finding(
        detector="improving",
        summary=f"{' and '.join(parts)}, over the last {window} days compared with the {window} before",
        start=previous[0].date,
        end=recent[-1].date,
        strength=_clamp(max(pain_drop, mood_rise) / 10),
        figures={
            "recent_pain": round(recent_pain, 1), "previous_pain": round(previous_pain, 1),
            "recent_mood": round(recent_mood, 1), "previous_mood": round(previous_mood, 1),
            "pain_drop": round(pain_drop, 1), "mood_rise": round(mood_rise, 1),
            "recent_days": len(recent), "previous_days": len(previous),
        },
    )
