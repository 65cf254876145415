"""The pattern detectors: each a small rule over recent check-ins.

Pure Python (no Django). Each is registered with ``detecting.register``
under a stable key (stored rules refer to it: do not rename); see
``checkin/insights/detecting.py`` for the conventions they share.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from statistics import fmean

from checkin.core.dates import date_span
from checkin.domain.days import Day
from checkin.insights.detecting import (
    MIN_SIDE_PARAM,
    Finding,
    Param,
    found,
    last_days,
    min_days_param,
    register,
    tidy,
    window_param,
)
from checkin.insights.stats import (
    correlation,
    correlation_words,
    slope_per_week,
    split_means,
)
from checkin.insights.trends import split_days


def _longest_run(days: list[Day], test: Callable[[Day], bool]) -> list[Day]:
    """Longest run of consecutive calendar days passing ``test`` (latest wins ties).

    A missing day breaks a run: we cannot assume what we were not told.
    """
    best: list[Day] = []
    run: list[Day] = []
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
    Param("threshold", int, 7, 1, 10, "Pain at or above this counts as high."),
    Param("min_days", int, 3, 2, 30, "How many days in a row are needed."),
    window_param(14, 3, 60),
)
def high_pain_streak(days: list[Day], today: date, params: dict) -> Finding | None:
    """Pain at or above ``threshold`` on ``min_days`` or more consecutive
    calendar days within the last ``window`` days.

    A run of bad days, rather than one, is when a flare plan or a change in
    approach is most useful. A day without a check-in breaks the run.
    """
    threshold = params["threshold"]
    run = _longest_run(last_days(days, today, params["window"]), lambda d: d.pain >= threshold)
    if len(run) < params["min_days"]:
        return None
    summary = f"pain {threshold} or more on {len(run)} days running ({date_span(run[0].date, run[-1].date)})"
    strength = len(run) / params["window"]
    return found(
        "high_pain_streak",
        run,
        summary,
        strength,
        threshold=threshold,
        run_days=len(run),
        highest_pain=max(d.pain for d in run),
    )


@register(
    "low_mood_run",
    "Mostly low mood lately",
    Param("threshold", int, 3, 0, 10, "Mood at or below this counts as low."),
    Param("min_share", float, 0.5, 0.1, 0.9, "Share of check-ins that must be low (more than this)."),
    min_days_param(5, 1, 60),
    window_param(14, 7, 60),
)
def low_mood_run(days: list[Day], today: date, params: dict) -> Finding | None:
    """Mood at or below ``threshold`` on more than ``min_share`` of the
    check-ins in the last ``window`` days, given at least ``min_days`` check-ins.

    Low mood on most days for a couple of weeks is a common sign of
    depression worth raising; a share (not a count) copes with skipped days.
    """
    recent = last_days(days, today, params["window"])
    if len(recent) < params["min_days"]:
        return None
    low = [d for d in recent if d.mood <= params["threshold"]]
    share = len(low) / len(recent)
    if share <= params["min_share"]:
        return None
    summary = (
        f"mood {params['threshold']} or lower on {len(low)} of {len(recent)} check-ins "
        f"in the last {params['window']} days"
    )
    return found(
        "low_mood_run",
        low,
        summary,
        share,
        threshold=params["threshold"],
        low_days=len(low),
        checked_in=len(recent),
        share=round(share, 2),
    )


@register(
    "pain_mood_linked",
    "Pain and mood moving together",
    Param("min_r", float, 0.4, 0.1, 0.9, "How strong the opposite-direction link must be (|r|)."),
    Param("min_pairs", int, 14, 3, 365, "Check-ins needed before judging."),
    window_param(30, 7, 365),
)
def pain_mood_linked(days: list[Day], today: date, params: dict) -> Finding | None:
    """Over the last ``window`` days, mood tends to be lower on higher-pain
    days: Pearson r <= -``min_r`` over at least ``min_pairs`` check-ins.

    When pain drags mood down, pain coping and mood support help each other,
    which is worth pointing out.
    """
    recent = last_days(days, today, params["window"])
    if len(recent) < params["min_pairs"]:
        return None
    r = correlation([d.pain for d in recent], [d.mood for d in recent])
    if r is None or tidy(r) > -params["min_r"]:
        return None
    r = round(r, 2)
    summary = f"mood was lower on days with more pain: {correlation_words(r)} over {len(recent)} days"
    return found("pain_mood_linked", recent, summary, abs(r), r=r, pairs=len(recent))


def _pain_difference(
    key: str,
    days: list[Day],
    today: date,
    params: dict,
    measure: str,
    test,
    higher_in: bool,
    summary: str,
    names: tuple[str, str, str, str],
) -> Finding | None:
    """A "with and without" finding: mean pain on the days passing ``test``
    against the rest, over the last ``window`` days that answered
    ``measure`` (a bad-day check-in may not have), with ``min_side`` days
    on each side, higher (or lower) on the test's side by ``min_diff`` or more.

    ``summary`` is filled with in_mean, out_mean, in_days and out_days;
    ``names`` are the figures' names for those four. Strength is the
    difference over the 10-point scale.
    """
    recent = [d for d in last_days(days, today, params["window"]) if getattr(d, measure) is not None]
    group = [d for d in recent if test(d)]
    in_days, out_days = len(group), len(recent) - len(group)
    if in_days < params["min_side"] or out_days < params["min_side"]:
        return None
    if (means := split_means(in_days, sum(d.pain for d in group), len(recent), sum(d.pain for d in recent))) is None:
        return None
    in_mean, out_mean = means
    diff = tidy(in_mean - out_mean if higher_in else out_mean - in_mean)
    if diff < params["min_diff"]:
        return None
    in_name, out_name, in_days_name, out_days_name = names
    text = summary.format(in_mean=in_mean, out_mean=out_mean, in_days=in_days, out_days=out_days)
    figures = {in_name: round(in_mean, 1), out_name: round(out_mean, 1), in_days_name: in_days, out_days_name: out_days}
    return found(key, recent, text, diff / 10, **figures, difference=round(diff, 1), group_days=[in_days, out_days])


@register(
    "short_sleep_pain",
    "More pain after short nights",
    Param("short_hours", float, 6.0, 3.0, 9.0, "Nights shorter than this count as short."),
    Param("min_diff", float, 1.0, 0.1, 5.0, "How much higher pain must be after short nights."),
    MIN_SIDE_PARAM,
    window_param(30, 7, 365),
)
def short_sleep_pain(days: list[Day], today: date, params: dict) -> Finding | None:
    """Over the last ``window`` days, mean pain after nights shorter than
    ``short_hours`` exceeds the mean after longer nights by ``min_diff`` or
    more, with at least ``min_side`` days in each group.

    Sleep is recorded against the day after the night, so each Day pairs a
    night with the pain that followed. Poor sleep and pain feed each other;
    seeing it in one's own data motivates working on sleep.
    """
    summary = (
        f"pain averaged {{in_mean:.1f}} after nights under {params['short_hours']:g} hours, against "
        "{out_mean:.1f} after longer nights ({in_days} and {out_days} days)"
    )
    names = ("short_mean", "long_mean", "short_days", "long_days")
    return _pain_difference(
        "short_sleep_pain",
        days,
        today,
        params,
        "sleep_hours",
        lambda d: d.sleep_hours < params["short_hours"],
        True,
        summary,
        names,
    )


@register("inactivity", "No exercise lately", min_days_param(4, 1, 60), window_param(7, 3, 60))
def inactivity(days: list[Day], today: date, params: dict) -> Finding | None:
    """No exercise logged on any check-in in the last ``window`` days, given
    at least ``min_days`` check-ins there.

    Gentle activity is one of the best-supported things for chronic back
    pain and for mood, so a quiet week deserves a nudge. Requiring check-ins
    avoids nagging people who simply did not log.
    """
    # A bad-day check-in that did not say is no evidence either way.
    recent = [d for d in last_days(days, today, params["window"]) if d.exercise_minutes is not None]
    if len(recent) < params["min_days"] or any((d.exercise_minutes or 0) > 0 for d in recent):
        return None
    summary = f"no exercise logged on any of the {len(recent)} check-ins in the last {params['window']} days"
    return found("inactivity", recent, summary, len(recent) / params["window"], checked_in=len(recent))


@register(
    "exercise_helps",
    "Less pain on exercise days",
    Param("min_diff", float, 0.5, 0.1, 5.0, "How much lower pain must be on exercise days."),
    MIN_SIDE_PARAM,
    window_param(30, 7, 365),
)
def exercise_helps(days: list[Day], today: date, params: dict) -> Finding | None:
    """Over the last ``window`` days, mean pain on days with exercise is lower
    than on days without by ``min_diff`` or more, with at least ``min_side``
    days in each group.

    Good news from one's own data is the strongest encouragement to keep moving.
    """
    # Neutral, like every summary: the clinician's pages show it too.
    summary = (
        "pain averaged {in_mean:.1f} on days with exercise, against {out_mean:.1f} "
        "on days without ({in_days} and {out_days} days)"
    )
    names = ("with_mean", "without_mean", "with_days", "without_days")
    return _pain_difference(
        "exercise_helps",
        days,
        today,
        params,
        "exercise_minutes",
        lambda d: d.exercise_minutes > 0,
        False,
        summary,
        names,
    )


@register(
    "pain_rising",
    "Pain creeping up",
    Param("min_slope", float, 0.3, 0.1, 5.0, "Rise in pain points per week that counts."),
    min_days_param(10, 3, 365),
    window_param(28, 7, 365),
)
def pain_rising(days: list[Day], today: date, params: dict) -> Finding | None:
    """Pain trending upwards over the last ``window`` days: least-squares
    slope of at least ``min_slope`` points per week over ``min_days`` or
    more check-ins.

    A slow rise is easy to miss day to day but worth acting on early.
    Strength reaches 1 at a rise of 2 points a week.
    """
    recent = last_days(days, today, params["window"])
    if len(recent) < params["min_days"]:
        return None
    slope = slope_per_week([d.date for d in recent], [d.pain for d in recent])
    if slope is None or tidy(slope) < params["min_slope"]:
        return None
    summary = (
        f"pain rising by about {slope:.1f} points a week over the last {params['window']} days "
        f"({len(recent)} check-ins)"
    )
    return found("pain_rising", recent, summary, slope / 2, slope=round(slope, 2), checked_in=len(recent))


@register(
    "improving",
    "Things are getting better",
    Param("min_drop", float, 1.0, 0.5, 5.0, "Fall in mean pain, or rise in mean mood, that counts."),
    Param("min_days", int, 4, 1, 30, "Check-ins needed in each period."),
    window_param(7, 3, 30),
)
def improving(days: list[Day], today: date, params: dict) -> Finding | None:
    """Good news: compared with the ``window`` days before, the last ``window``
    days show mean pain lower by ``min_drop`` or more, or mean mood higher by
    ``min_drop`` or more. Each period needs ``min_days`` check-ins.

    Noticing progress matters as much as noticing problems. Strength is the
    larger change over the 10-point scale.
    """
    window = params["window"]
    both = last_days(days, today, 2 * window)
    split_at = today - timedelta(days=window - 1)  # first day of the recent period
    recent, previous = split_days(both, lambda d: d.date >= split_at)
    if len(recent) < params["min_days"] or len(previous) < params["min_days"]:
        return None
    # Both periods have check-ins (min_days above): plain means.
    recent_pain, previous_pain = fmean(d.pain for d in recent), fmean(d.pain for d in previous)
    recent_mood, previous_mood = fmean(d.mood for d in recent), fmean(d.mood for d in previous)
    pain_drop, mood_rise = tidy(previous_pain - recent_pain), tidy(recent_mood - previous_mood)
    parts = []
    if pain_drop >= params["min_drop"]:
        parts.append(f"pain averaged {recent_pain:.1f}, down from {previous_pain:.1f}")
    if mood_rise >= params["min_drop"]:
        parts.append(f"mood averaged {recent_mood:.1f}, up from {previous_mood:.1f}")
    if not parts:
        return None
    summary = f"{' and '.join(parts)}, over the last {window} days compared with the {window} before"
    figures = {
        "recent_pain": recent_pain,
        "previous_pain": previous_pain,
        "recent_mood": recent_mood,
        "previous_mood": previous_mood,
        "pain_drop": pain_drop,
        "mood_rise": mood_rise,
    }
    return found(
        "improving",
        both,
        summary,
        max(pain_drop, mood_rise) / 10,
        **{name: round(value, 1) for name, value in figures.items()},
        recent_days=len(recent),
        previous_days=len(previous),
    )
