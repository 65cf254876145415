"""The trends page's insights: plain sentences about a patient's own days.

Pure Python (no Django). Computed from ``totals.Totals`` (sums the
database may have kept for ten years of check-ins) with the formulas in
``stats``, the same ones the pattern detectors use.
"""

from __future__ import annotations

from collections.abc import Iterable

from checkin.domain.days import Day
from checkin.insights.stats import correlation_words, pearson, slope, split_means
from checkin.insights.totals import SHORT_SLEEP_HOURS, Totals
from checkin.insights.trends import unique_days

STEADY_SLOPE = 0.1  # pain change per week below which we call it steady

# The insights' sentences in two voices. The patient reads about "your pain";
# a clinician reading a shared trend reads about "pain" (the page already says
# whose), so neither has to translate the other's wording.
PATIENT, CLINICIAN = "patient", "clinician"
INSIGHT_WORDS = {
    PATIENT: {
        "no_link": "Your pain and mood did not clearly move together",
        "mood_lower": "On days with more pain your mood was lower",
        "mood_higher": "On days with more pain your mood was higher",
        "short_sleep": "After nights under {hours} hours of sleep your pain averaged",
        "exercise": "On days you exercised your pain averaged {pain:.1f} and your mood {mood:.1f}",
        "steady": "Your pain has stayed about level",
        "moving": "Your pain has been {direction}",
        # A patient reads the strength in words; a clinician also gets Pearson's r.
        "link": "{strength} over {days} days",
    },
    CLINICIAN: {
        "no_link": "Pain and mood did not clearly move together",
        "mood_lower": "On days with more pain, mood was lower",
        "mood_higher": "On days with more pain, mood was higher",
        "short_sleep": "After nights under {hours} hours of sleep, pain averaged",
        "exercise": "On days with exercise, pain averaged {pain:.1f} and mood {mood:.1f}",
        "steady": "Pain has stayed about level",
        "moving": "Pain has been {direction}",
        "link": "{strength} (r = {r:.2f}) over {days} days",
    },
}


def insights(days: Iterable[Day], min_pairs: int = 14, min_side: int = 5, voice: str = PATIENT) -> list[dict]:
    """Plain-English observations about the given days, most basic first.

    Each item is ``{"kind", "text", "days", ...figures}`` and appears only
    with enough data: at least ``min_pairs`` days overall and, for
    comparisons, at least ``min_side`` days in each group. Kinds, in order:
    "pain_mood", "short_sleep_pain", "exercise", "pain_trend". Text numbers
    use 1 dp, except r which uses 2 dp because 1 dp hides too much of it.
    These describe the person's own records; they are observations, not
    proof of cause. ``voice`` is ``PATIENT`` ("your pain", the default) or
    ``CLINICIAN`` ("pain"): the same findings and figures, worded for who
    reads them (``INSIGHT_WORDS``). Computed from the days' ``Totals``: see
    ``insights_from_totals``.
    """
    return insights_from_totals(Totals.of(unique_days(days)), min_pairs, min_side, voice)


def insights_from_totals(totals: Totals, min_pairs: int = 14, min_side: int = 5, voice: str = PATIENT) -> list[dict]:
    """``insights`` from the totals of the days rather than the days themselves.

    Same rules, same words: correlation and slope come from exact integer
    sums (n, sum of x, of x squared, of x times y), which is how the
    statistics module's textbook formulas read too.
    """
    if totals.n < min_pairs:
        return []
    words = INSIGHT_WORDS[voice]
    found = [
        _pain_mood_insight(totals, words),
        _short_sleep_insight(totals, min_side, words),
        _exercise_insight(totals, min_side, words),
        _pain_trend_insight(totals, words),
    ]
    return [item for item in found if item is not None]


def _insight(kind: str, text: str, t: Totals, **figures) -> dict:
    """One insight: its kind, its sentence, the days it is over, and its figures."""
    return {"kind": kind, "text": text, "days": t.n, **figures}


def _sides(group_n: int, answered_n: int, min_side: int) -> tuple[int, int] | None:
    """The days in a comparison's group and outside it, among the days that
    answered; None unless each side has ``min_side`` days."""
    sides = (group_n, answered_n - group_n)
    return sides if min(sides) >= min_side else None


def _pain_mood_insight(t: Totals, words: dict) -> dict | None:
    r = pearson(t.n, t.pain, t.mood, t.pain_sq, t.mood_sq, t.pain_mood)
    if r is None:
        return None
    r = round(r, 2)
    strength = correlation_words(r)
    if strength == "no clear link":
        opening = words["no_link"]
    else:
        opening = words["mood_lower" if r < 0 else "mood_higher"]
    text = f"{opening}: {words['link'].format(strength=strength, r=r, days=t.n)}."
    return _insight("pain_mood", text, t, r=r, strength=strength)


def _short_sleep_insight(t: Totals, min_side: int, words: dict) -> dict | None:
    # sleep_hours is the night before the Day, so this pairs a night with
    # the pain of the day after it. Only nights that were answered count on
    # either side (a bad day may not say).
    if not (sides := _sides(t.short_n, t.sleep_n, min_side)):
        return None
    short_days, long_days = sides
    if (means := split_means(t.short_n, t.short_pain, t.sleep_n, t.slept_pain)) is None:
        return None
    short_mean, long_mean = means
    # Round away float noise so a difference of exactly 0.5 on paper counts.
    if round(abs(short_mean - long_mean), 9) < 0.5:
        return None
    text = (
        f"{words['short_sleep'].format(hours=SHORT_SLEEP_HOURS)} {short_mean:.1f}, against {long_mean:.1f} "
        f"after longer nights ({short_days} and {long_days} days)."
    )
    return _insight(
        "short_sleep_pain",
        text,
        t,
        short_mean=round(short_mean, 1),
        long_mean=round(long_mean, 1),
        short_days=short_days,
        long_days=long_days,
    )


def _exercise_insight(t: Totals, min_side: int, words: dict) -> dict | None:
    if not (sides := _sides(t.active_n, t.exercise_n, min_side)):
        return None
    active, rest = sides
    pain = split_means(active, t.active_pain, t.exercise_n, t.moved_pain)
    mood = split_means(active, t.active_mood, t.exercise_n, t.moved_mood)
    if pain is None or mood is None:
        return None
    (with_pain, without_pain), (with_mood, without_mood) = pain, mood
    text = (
        f"{words['exercise'].format(pain=with_pain, mood=with_mood)}, against pain "
        f"{without_pain:.1f} and mood {without_mood:.1f} on days without ({active} and {rest} days)."
    )
    figures = {
        "with_pain": with_pain,
        "without_pain": without_pain,
        "with_mood": with_mood,
        "without_mood": without_mood,
    }
    return _insight(
        "exercise",
        text,
        t,
        **{name: round(value, 1) for name, value in figures.items()},
        with_days=active,
        without_days=rest,
    )


def _pain_trend_insight(t: Totals, words: dict) -> dict | None:
    # Least squares of pain on day number, as ``stats.slope_per_week`` does.
    per_day = slope(t.n, t.day, t.pain, t.day_sq, t.day_pain)
    if per_day is None:
        return None
    # Decide the direction from the rounded figure so words and number agree.
    per_week = round(per_day * 7, 2)
    if abs(per_week) < STEADY_SLOPE:
        direction = "steady"
        text = f"{words['steady']} (less than {STEADY_SLOPE:.1f} points a week) over {t.n} days."
    else:
        direction = "rising" if per_week > 0 else "falling"
        text = (
            f"{words['moving'].format(direction=direction)} by about {abs(per_week):.1f} points a week over {t.n} days."
        )
    return _insight("pain_trend", text, t, slope=per_week, direction=direction)
