"""The detectors' machinery: registering a detector, its settings, running them.

Pure Python (no Django). Each detector is a plain function registered with
``@register``, which records its key, label and tunable parameters
(``detectors.py`` and ``safety_detectors.py`` hold them; ``patterns.py`` is
the face the rest of Mend imports, with every detector registered). Rules
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

from checkin.domain.days import Day
from checkin.insights.trends import unique_days

# These run whatever the configured rules say: they are about safety.
SAFETY_DETECTORS = ("red_flag", "very_low_mood")

# The red-flag card looks back at least this many days, today included: as
# long as a clinician's list keeps an unseen signal (safety/signals.py).
RED_FLAG_MIN_WINDOW = 30


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


def register(key: str, label: str, *params: Param, always_urgent: bool = False):
    """Decorator adding a detector function to ``REGISTRY`` under ``key``,
    with its tunable ``params``.

    Registration order is the order ``detect`` reports findings in. A key
    can be registered only once, so a copy-paste slip cannot silently
    replace a detector.
    """

    def decorator(func):
        if key in REGISTRY:
            raise ValueError(f"detector {key!r} is already registered")
        REGISTRY[key] = Detector(key=key, label=label, params=params, func=func, always_urgent=always_urgent)
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


# --- helpers the detectors share ----------------------------------------------


def last_days(days: Iterable[Day], today: date, window: int) -> list[Day]:
    """Check-ins from the last ``window`` calendar days up to today, sorted, unique."""
    first = today - timedelta(days=window - 1)
    return [d for d in unique_days(days) if first <= d.date <= today]


def tidy(value: float) -> float:
    """Drop float noise before comparing with a threshold.

    Means such as 17/3 - 14/3 come out a hair away from 1.0; a difference
    that is exactly at the threshold on paper must count as reaching it.
    """
    return round(value, 9)


def found(detector: str, over: list[Day], summary: str, strength: float, **figures) -> Finding:
    """What a detector found over the days ``over`` (first to last), its
    strength kept within 0..1."""
    return Finding(detector, summary, over[0].date, over[-1].date, clamp(strength), figures)


def clamp(value: float) -> float:
    return round(max(0.0, min(1.0, value)), 2)


# Settings several detectors share, with one wording in the admin.
def window_param(default: int, low: int, high: int) -> Param:
    return Param("window", int, default, low, high, "How many recent days to look at, today included.")


def min_days_param(default: int, low: int, high: int) -> Param:
    return Param("min_days", int, default, low, high, "Check-ins needed in the window before judging.")


# The with/without comparisons: each side needs enough days to mean anything.
MIN_SIDE_PARAM = Param("min_side", int, 5, 2, 30, "Days needed in each group.")
