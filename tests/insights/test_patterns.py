"""Unit tests for checkin.insights.patterns: detector registry, validation and every detector."""

import json
from datetime import date, timedelta

import pytest

from checkin.domain.days import Day
from checkin.insights.patterns import (
    REGISTRY,
    SAFETY_DETECTORS,
    Finding,
    Param,
    detect,
    register,
    validate_params,
)

TODAY = date(2024, 11, 21)  # a Thursday


def day(d, pain=4, mood=6, sleep=7.0, quality=3, exercise=0, symptoms=()):
    """A Day with unremarkable defaults: no detector fires on these alone."""
    return Day(d, pain, mood, sleep, quality, exercise, tuple(symptoms))


def ago(n, today=TODAY):
    return today - timedelta(days=n)


def days_ending(today=TODAY, pains=None, moods=None, sleeps=None, exercise=None, step=1):
    """Check-ins every ``step`` days ending on ``today``; lists run oldest to newest."""
    n = len(next(v for v in (pains, moods, sleeps, exercise) if v is not None))
    pains = pains or [4] * n
    moods = moods or [6] * n
    sleeps = sleeps or [7.0] * n
    exercise = exercise or [0] * n
    return [
        day(ago((n - 1 - i) * step, today), pain=pains[i], mood=moods[i], sleep=sleeps[i], exercise=exercise[i])
        for i in range(n)
    ]


def run(key, days, today=TODAY, **params):
    """Run one detector directly with validated params."""
    return REGISTRY[key].func(days, today, validate_params(key, params))


# --- registry -------------------------------------------------------------------------

EXPECTED_KEYS = {
    "high_pain_streak",
    "low_mood_run",
    "pain_mood_linked",
    "short_sleep_pain",
    "inactivity",
    "exercise_helps",
    "pain_rising",
    "improving",
    "red_flag",
    "very_low_mood",
}


def test_registry_holds_every_detector_under_its_stable_key():
    assert set(REGISTRY) == EXPECTED_KEYS
    assert all(detector.key == key for key, detector in REGISTRY.items())


def test_only_the_safety_detectors_are_always_urgent():
    assert SAFETY_DETECTORS == ("red_flag", "very_low_mood")
    assert {key for key, d in REGISTRY.items() if d.always_urgent} == set(SAFETY_DETECTORS)


def test_every_detector_has_a_label_a_docstring_and_sane_params():
    for key, detector in REGISTRY.items():
        assert detector.label, key
        assert detector.func.__doc__ and len(detector.func.__doc__.strip()) > 40, key
        for param in detector.params:
            assert param.kind in (int, float), (key, param.name)
            assert isinstance(param.default, param.kind), (key, param.name)
            assert param.min <= param.default <= param.max, (key, param.name)
            assert param.help, (key, param.name)


def test_register_adds_a_detector_and_refuses_a_duplicate_key():
    try:

        @register("test_only", "Test only", Param("n", int, 1, 0, 2, "n"))
        def test_only(days, today, params):
            """Returns nothing; exists to test registration."""
            return None

        assert REGISTRY["test_only"].func is test_only
        assert REGISTRY["test_only"].always_urgent is False
        assert validate_params("test_only", {}) == {"n": 1}
        with pytest.raises(ValueError, match="already registered"):
            register("test_only", "Again")(test_only)
    finally:
        REGISTRY.pop("test_only", None)


# --- validate_params ------------------------------------------------------------------------


def test_validate_params_fills_in_defaults():
    assert validate_params("high_pain_streak", {}) == {"threshold": 7, "min_days": 3, "window": 14}
    assert validate_params("high_pain_streak", None) == {"threshold": 7, "min_days": 3, "window": 14}


def test_validate_params_coerces_form_strings_and_whole_floats():
    assert validate_params("high_pain_streak", {"min_days": "5", "window": 21.0}) == {
        "threshold": 7,
        "min_days": 5,
        "window": 21,
    }
    assert isinstance(validate_params("high_pain_streak", {"window": 21.0})["window"], int)
    assert validate_params("low_mood_run", {"min_share": "0.6"})["min_share"] == 0.6
    min_diff = validate_params("exercise_helps", {"min_diff": 1})["min_diff"]
    assert min_diff == 1.0 and isinstance(min_diff, float)


def test_validate_params_accepts_both_ends_of_the_range():
    assert validate_params("high_pain_streak", {"min_days": 2})["min_days"] == 2
    assert validate_params("high_pain_streak", {"min_days": 30})["min_days"] == 30


@pytest.mark.parametrize("bad", [1, 31, 3.5, "abc", "", None, True, float("nan"), float("inf")])
def test_validate_params_error_names_the_param_and_its_range(bad):
    with pytest.raises(ValueError) as error:
        validate_params("high_pain_streak", {"min_days": bad})
    assert str(error.value) == "min_days: must be a whole number between 2 and 30"


def test_validate_params_refuses_true_and_false_as_numbers():
    with pytest.raises(ValueError, match="threshold: must be a whole number between 1 and 10"):
        validate_params("high_pain_streak", {"threshold": True})


def test_validate_params_error_for_a_decimal_param_says_number():
    with pytest.raises(ValueError) as error:
        validate_params("low_mood_run", {"min_share": 0.95})
    assert str(error.value) == "min_share: must be a number between 0.1 and 0.9"


def test_validate_params_rejects_unknown_settings_by_name():
    with pytest.raises(ValueError) as error:
        validate_params("inactivity", {"size": 1, "colour": 2, "window": 7})
    assert str(error.value) == "unknown setting(s) for inactivity: colour, size"


def test_validate_params_rejects_an_unknown_detector():
    with pytest.raises(ValueError, match="unknown detector: 'nope'"):
        validate_params("nope", {})


def test_very_low_mood_cannot_be_tuned_down_to_nothing():
    for bad in ({"threshold": 0}, {"threshold": -1}, {"window": 0}, {"window": 2}):
        with pytest.raises(ValueError):
            validate_params("very_low_mood", bad)
    with pytest.raises(ValueError, match="window"):
        validate_params("red_flag", {"window": 0})


# --- detect -------------------------------------------------------------------------------


def test_detect_with_no_days_finds_nothing():
    assert detect([], TODAY) == []


def test_detect_runs_all_detectors_and_reports_in_registry_order():
    days = days_ending(pains=[8] * 7, moods=[6] * 6 + [1])  # high pain, no exercise, mood 1 today
    days[-1] = Day(TODAY, 8, 1, 7.0, 3, 0, ("fever",))
    found = [f.detector for f in detect(days, TODAY)]
    assert found == ["red_flag", "very_low_mood", "high_pain_streak", "inactivity"]
    assert found == [key for key in REGISTRY if key in found]  # registry order


def test_detect_runs_the_safety_detectors_whatever_keys_are_chosen():
    days = days_ending(pains=[8] * 7)
    days[-1] = Day(TODAY, 8, 1, 7.0, 3, 0, ("numbness",))
    assert [f.detector for f in detect(days, TODAY, keys=["inactivity"])] == ["red_flag", "very_low_mood", "inactivity"]
    assert [f.detector for f in detect(days, TODAY, keys=[])] == ["red_flag", "very_low_mood"]


def test_detect_applies_params_per_detector():
    days = days_ending(pains=[8] * 7)
    assert "high_pain_streak" in [f.detector for f in detect(days, TODAY)]
    tuned = detect(days, TODAY, params_by_key={"high_pain_streak": {"threshold": 9}})
    assert "high_pain_streak" not in [f.detector for f in tuned]


def test_detect_rejects_bad_params_unknown_keys_and_unknown_detectors():
    with pytest.raises(ValueError, match="threshold"):
        detect([], TODAY, params_by_key={"high_pain_streak": {"threshold": 11}})
    with pytest.raises(ValueError, match="unknown detector"):
        detect([], TODAY, keys=["nope"])
    with pytest.raises(ValueError, match="unknown detector"):
        detect([], TODAY, params_by_key={"nope": {}})


def test_detect_ignores_check_ins_after_today():
    tomorrow = Day(TODAY + timedelta(days=1), 9, 0, 7.0, 3, 0, ("fever",))
    assert detect([tomorrow], TODAY) == []
    # Two high days up to today plus a later one must not make a 3-day streak.
    days = days_ending(pains=[8, 8]) + [day(TODAY + timedelta(days=1), pain=8)]
    assert detect(days, TODAY, keys=["high_pain_streak"]) == []


def test_detect_does_not_depend_on_input_order_or_duplicates():
    days = days_ending(pains=[8] * 7, moods=[3] * 7)
    assert detect(list(reversed(days)) + [days[0]], TODAY) == detect(days, TODAY)


def test_findings_have_strength_between_0_and_1_and_json_friendly_figures():
    # A busy fortnight that trips many detectors at once.
    pains = [2, 3] * 7 + [7, 8, 9, 9, 9, 9, 9]
    moods = [7, 6] * 7 + [2, 2, 1, 2, 2, 2, 2]
    days = days_ending(pains=pains, moods=moods)
    days[-1] = Day(TODAY, 9, 2, 4.0, 1, 0, ("weakness",))
    findings = detect(days, TODAY)
    assert len(findings) >= 5
    for finding in findings:
        assert isinstance(finding, Finding)
        assert 0.0 <= finding.strength <= 1.0, finding.detector
        assert finding.start <= finding.end <= TODAY, finding.detector
        assert finding.summary, finding.detector
        json.dumps(finding.figures)  # raises if a date or set slipped in


# --- red_flag ---------------------------------------------------------------------------------


def test_red_flag_names_the_symptom_in_words_and_its_date():
    finding = run("red_flag", [day(TODAY, symptoms=["numbness"])])
    assert finding.summary == "numbness in the legs, buttocks or groin on 21 Nov"
    assert (finding.start, finding.end, finding.strength) == (TODAY, TODAY, 1.0)
    assert finding.figures["symptoms"] == ["numbness"]


def test_red_flag_lists_every_symptom_in_date_order():
    days = [day(TODAY, symptoms=["bladder_bowel", "fever"]), day(ago(2), symptoms=["weakness"])]
    finding = run("red_flag", days)
    assert (
        finding.summary
        == "leg weakness on 19 Nov; new bladder or bowel trouble on 21 Nov; a high temperature on 21 Nov"
    )
    assert (finding.start, finding.end) == (ago(2), TODAY)
    assert finding.figures["reports"][0] == {"date": "2024-11-19", "symptom": "weakness", "words": "leg weakness"}
    assert finding.figures["symptoms"] == ["bladder_bowel", "fever", "weakness"]


def test_red_flag_stays_30_days_until_a_later_check_in_has_no_warning_signs():
    assert run("red_flag", [day(ago(29), symptoms=["fever"])]) is not None  # inside the 30 days
    assert run("red_flag", [day(ago(30), symptoms=["fever"])]) is None  # outside
    assert run("red_flag", [day(ago(30), symptoms=["fever"])], window=31) is not None
    # A later check-in that answered the question with none ends it.
    assert run("red_flag", [day(ago(5), symptoms=["fever"]), day(ago(4))]) is None
    later = run("red_flag", [day(ago(9), symptoms=["fever"]), day(ago(5)), day(ago(3), symptoms=["night_pain"])])
    assert later.figures["symptoms"] == ["night_pain"]


def test_red_flag_stays_quiet_without_symptoms():
    assert run("red_flag", []) is None
    assert run("red_flag", days_ending(pains=[9] * 3)) is None


def test_red_flag_always_runs_even_when_no_rule_picks_it():
    findings = detect([day(TODAY, symptoms=["fever"])], TODAY, keys=[])
    assert [f.detector for f in findings] == ["red_flag"]


# --- very_low_mood -------------------------------------------------------------------------------


def test_very_low_mood_flags_a_mood_of_one():
    finding = run("very_low_mood", [day(TODAY, mood=1)])
    assert finding.summary == "mood 1 on 21 Nov"
    assert finding.strength == 1.0
    assert finding.figures == {"threshold": 1, "dates": ["2024-11-21"], "lowest_mood": 1}


def test_very_low_mood_lists_each_very_low_day():
    finding = run("very_low_mood", [day(ago(1), mood=0), day(TODAY, mood=1)])
    assert finding.summary == "mood 0 on 20 Nov and 1 on 21 Nov"
    assert (finding.start, finding.end) == (ago(1), TODAY)


def test_very_low_mood_ignores_a_mood_of_two_by_default():
    assert run("very_low_mood", [day(TODAY, mood=2)]) is None
    assert run("very_low_mood", [day(TODAY, mood=2)], threshold=2) is not None


def test_very_low_mood_looks_back_three_days_including_today():
    assert run("very_low_mood", [day(ago(2), mood=1)]) is not None
    assert run("very_low_mood", [day(ago(3), mood=1)]) is None


def test_very_low_mood_always_runs_even_when_no_rule_picks_it():
    assert [f.detector for f in detect([day(TODAY, mood=0)], TODAY, keys=["inactivity"])] == ["very_low_mood"]


# --- high_pain_streak --------------------------------------------------------------------------------


def test_high_pain_streak_reports_the_run_and_its_dates():
    days = days_ending(pains=[3, 4, 7, 8, 9, 7])  # 7+ on 18-21 Nov
    finding = run("high_pain_streak", days)
    assert finding.summary == "pain 7 or more on 4 days running (18–21 Nov)"
    assert (finding.start, finding.end) == (date(2024, 11, 18), TODAY)
    assert finding.strength == 0.29  # 4 / 14 = 0.2857
    assert finding.figures == {"threshold": 7, "run_days": 4, "highest_pain": 9}


def test_high_pain_streak_fires_at_exactly_min_days():
    assert run("high_pain_streak", days_ending(pains=[2, 7, 7, 7])) is not None


def test_high_pain_streak_needs_one_more_day_when_a_day_short():
    assert run("high_pain_streak", days_ending(pains=[2, 7, 7, 2])) is None


def test_high_pain_streak_does_not_count_pain_just_below_threshold():
    assert run("high_pain_streak", days_ending(pains=[7, 6, 7, 7])) is None


def test_a_missing_day_breaks_a_high_pain_streak():
    days = [day(ago(4), pain=8), day(ago(3), pain=8), day(ago(1), pain=8), day(TODAY, pain=8)]  # 19 Nov missing
    assert run("high_pain_streak", days) is None
    assert run("high_pain_streak", days, min_days=2).figures["run_days"] == 2


def test_high_pain_streak_only_counts_days_inside_the_window():
    # 6-9 Nov are high; the 14-day window starts on 8 Nov, so only 2 days count.
    days = [day(date(2024, 11, d), pain=9) for d in (6, 7, 8, 9)]
    assert run("high_pain_streak", days) is None
    assert run("high_pain_streak", days, window=16).figures["run_days"] == 4


def test_high_pain_streak_reports_the_longest_run_and_the_latest_on_ties():
    longest = days_ending(pains=[8, 8, 8, 8, 2, 8, 8, 8])
    assert run("high_pain_streak", longest).figures["run_days"] == 4
    tie = days_ending(pains=[8, 8, 8, 2, 9, 9, 9])
    finding = run("high_pain_streak", tie)
    assert (finding.start, finding.end) == (ago(2), TODAY)


def test_high_pain_streak_dates_read_well_across_months_and_years():
    across_month = run("high_pain_streak", days_ending(date(2024, 12, 2), pains=[8, 8, 8]), today=date(2024, 12, 2))
    assert across_month.summary.endswith("(30 Nov – 2 Dec)")
    across_year = run("high_pain_streak", days_ending(date(2025, 1, 1), pains=[8, 8, 8]), today=date(2025, 1, 1))
    assert across_year.summary.endswith("(30 Dec 2024 – 1 Jan 2025)")


def test_high_pain_streak_runs_through_a_dst_change_and_a_leap_day():
    dst = days_ending(date(2024, 4, 1), pains=[8, 8, 8])  # 30 Mar, 31 Mar (clocks change), 1 Apr
    assert run("high_pain_streak", dst, today=date(2024, 4, 1)).figures["run_days"] == 3
    leap = days_ending(date(2024, 3, 1), pains=[8, 8, 8])  # 28 Feb, 29 Feb, 1 Mar
    assert run("high_pain_streak", leap, today=date(2024, 3, 1)).summary.endswith("(28 Feb – 1 Mar)")


def test_high_pain_streak_with_no_days_or_one_day_finds_nothing():
    assert run("high_pain_streak", []) is None
    assert run("high_pain_streak", [day(TODAY, pain=10)]) is None


# --- low_mood_run ---------------------------------------------------------------------------------------


def test_low_mood_run_fires_when_most_check_ins_are_low():
    days = days_ending(moods=[3, 2, 6, 3, 7, 1, 6, 3, 7, 2])  # 6 of 10 at 3 or below
    finding = run("low_mood_run", days)
    assert finding.summary == "mood 3 or lower on 6 of 10 check-ins in the last 14 days"
    assert finding.strength == 0.6
    assert (finding.start, finding.end) == (ago(9), TODAY)  # first and last low day
    assert finding.figures == {"threshold": 3, "low_days": 6, "checked_in": 10, "share": 0.6}


def test_low_mood_run_needs_more_than_half_not_exactly_half():
    assert run("low_mood_run", days_ending(moods=[3, 6] * 5)) is None  # 5 of 10
    assert run("low_mood_run", days_ending(moods=[3, 6] * 5 + [3])) is not None  # 6 of 11


def test_low_mood_run_does_not_count_mood_just_above_threshold():
    assert run("low_mood_run", days_ending(moods=[4] * 10)) is None


def test_low_mood_run_needs_five_check_ins():
    assert run("low_mood_run", days_ending(moods=[1] * 4)) is None
    assert run("low_mood_run", days_ending(moods=[1] * 5)) is not None


def test_low_mood_run_ignores_low_days_before_the_window():
    old_low = [day(ago(20 + i), mood=1) for i in range(10)]
    assert run("low_mood_run", old_low + days_ending(moods=[6] * 5)) is None


# --- pain_mood_linked -------------------------------------------------------------------------------------


def linked_days(repeats=5):
    # Pain 1, 2, 3 with mood 9, 7, 8: deviations pain -1, 0, 1 and mood 1, -1, 0,
    # sxy = -1, sxx = syy = 2 -> r = -0.5, unchanged by repeating the pattern.
    return days_ending(pains=[1, 2, 3] * repeats, moods=[9, 7, 8] * repeats)


def test_pain_mood_linked_fires_when_mood_falls_as_pain_rises():
    finding = run("pain_mood_linked", linked_days())
    assert finding.summary == "mood was lower on days with more pain: a moderate link over 15 days"
    assert finding.strength == 0.5
    assert finding.figures == {"r": -0.5, "pairs": 15}
    assert (finding.start, finding.end) == (ago(14), TODAY)


def test_pain_mood_linked_fires_with_r_exactly_at_the_limit():
    assert run("pain_mood_linked", linked_days(), min_r=0.5) is not None
    assert run("pain_mood_linked", linked_days(), min_r=0.51) is None


def test_pain_mood_linked_needs_min_pairs_days():
    assert run("pain_mood_linked", linked_days(), min_pairs=15) is not None
    assert run("pain_mood_linked", linked_days(), min_pairs=16) is None
    assert run("pain_mood_linked", linked_days(repeats=4)) is None  # 12 < 14


def test_pain_mood_linked_ignores_pain_and_mood_rising_together():
    days = days_ending(pains=[1, 2, 3] * 5, moods=[1, 3, 2] * 5)  # r = +0.5
    assert run("pain_mood_linked", days) is None


def test_pain_mood_linked_ignores_a_mood_that_never_changes():
    assert run("pain_mood_linked", days_ending(pains=[1, 5, 9] * 6, moods=[5] * 18)) is None


# --- short_sleep_pain ---------------------------------------------------------------------------------------


def test_short_sleep_pain_fires_when_pain_is_higher_after_short_nights():
    days = days_ending(pains=[7] * 5 + [5] * 9, sleeps=[5.0] * 5 + [6.0] + [8.0] * 8)  # 6.0 counts as long
    finding = run("short_sleep_pain", days)
    assert (
        finding.summary
        == "pain averaged 7.0 after nights under 6 hours, against 5.0 after longer nights (5 and 9 days)"
    )
    assert finding.strength == 0.2  # 2 points of 10
    assert finding.figures == {
        "short_mean": 7.0,
        "long_mean": 5.0,
        "short_days": 5,
        "long_days": 9,
        "difference": 2.0,
        "group_days": [5, 9],
    }


def test_short_sleep_pain_fires_at_exactly_min_diff_and_not_below():
    sleeps = [5.0] * 5 + [8.0] * 5
    assert run("short_sleep_pain", days_ending(pains=[6] * 5 + [5] * 5, sleeps=sleeps)) is not None  # 6 - 5 = 1.0
    # (6*4 + 5) / 5 = 5.8 -> 0.8 below the 1.0 needed
    assert run("short_sleep_pain", days_ending(pains=[6, 6, 6, 6, 5] + [5] * 5, sleeps=sleeps)) is None


def test_short_sleep_pain_needs_five_days_on_each_side():
    days = days_ending(pains=[9] * 4 + [2] * 10, sleeps=[4.0] * 4 + [8.0] * 10)
    assert run("short_sleep_pain", days) is None
    assert run("short_sleep_pain", days, min_side=4) is not None


def test_short_sleep_pain_ignores_less_pain_after_short_nights():
    days = days_ending(pains=[2] * 5 + [8] * 5, sleeps=[4.0] * 5 + [8.0] * 5)
    assert run("short_sleep_pain", days) is None


def test_short_sleep_pain_uses_the_short_hours_setting():
    days = days_ending(pains=[8] * 5 + [4] * 5, sleeps=[6.5] * 5 + [8.0] * 5)
    assert run("short_sleep_pain", days) is None  # 6.5 h is not short at the default 6
    assert run("short_sleep_pain", days, short_hours=7).summary.startswith(
        "pain averaged 8.0 after nights under 7 hours"
    )


# --- inactivity -----------------------------------------------------------------------------------------------


def test_inactivity_fires_after_a_week_of_check_ins_without_exercise():
    finding = run("inactivity", days_ending(exercise=[0] * 4))
    assert finding.summary == "no exercise logged on any of the 4 check-ins in the last 7 days"
    assert finding.strength == 0.57  # 4 / 7
    assert (finding.start, finding.end) == (ago(3), TODAY)


def test_inactivity_needs_four_check_ins():
    assert run("inactivity", days_ending(exercise=[0] * 3)) is None


def test_inactivity_stays_quiet_after_any_exercise_in_the_window():
    assert run("inactivity", days_ending(exercise=[0, 0, 10, 0, 0])) is None


def test_inactivity_ignores_exercise_before_the_window():
    days = [day(ago(7), exercise=60)] + days_ending(exercise=[0] * 5)  # 14 Nov is 8 days back
    assert run("inactivity", days) is not None


# --- exercise_helps ----------------------------------------------------------------------------------------------


def test_exercise_helps_fires_when_pain_is_lower_on_exercise_days():
    days = days_ending(pains=[3] * 5 + [5] * 5, exercise=[30] * 5 + [0] * 5)
    finding = run("exercise_helps", days)
    assert finding.summary == "pain averaged 3.0 on days with exercise, against 5.0 on days without (5 and 5 days)"
    assert finding.strength == 0.2
    assert finding.figures["with_mean"] == 3.0
    assert finding.figures["without_mean"] == 5.0


def test_exercise_helps_fires_at_exactly_min_diff_and_not_below():
    exercise = [20] * 10 + [0] * 5
    # with: (4*5 + 5*5) / 10 = 4.5 vs without 5.0 -> 0.5, fires
    assert run("exercise_helps", days_ending(pains=[4] * 5 + [5] * 5 + [5] * 5, exercise=exercise)) is not None
    # with: (4*4 + 5*6) / 10 = 4.6 -> 0.4, quiet
    assert run("exercise_helps", days_ending(pains=[4] * 4 + [5] * 6 + [5] * 5, exercise=exercise)) is None


def test_exercise_helps_needs_five_days_on_each_side():
    days = days_ending(pains=[2] * 4 + [6] * 10, exercise=[30] * 4 + [0] * 10)
    assert run("exercise_helps", days) is None


def test_exercise_helps_ignores_more_pain_on_exercise_days():
    assert run("exercise_helps", days_ending(pains=[7] * 5 + [3] * 5, exercise=[30] * 5 + [0] * 5)) is None


# --- pain_rising -------------------------------------------------------------------------------------------------


def test_pain_rising_fires_on_an_upward_trend():
    # Daily pain 2 for 7 days then 3 for 7: x = 0..13 (mean 6.5), y mean 2.5,
    # sxy = 0.5 * 24.5 * 2 = 24.5, sxx = 227.5 -> 0.1077 a day = 0.754 a week.
    finding = run("pain_rising", days_ending(pains=[2] * 7 + [3] * 7))
    assert finding.summary == "pain rising by about 0.8 points a week over the last 28 days (14 check-ins)"
    assert finding.figures == {"slope": 0.75, "checked_in": 14}
    assert finding.strength == 0.38  # 0.754 / 2


def test_pain_rising_fires_at_exactly_min_slope_and_not_above_it():
    weekly = days_ending(pains=[1, 2, 3, 4], step=7)  # +1 a week exactly
    assert run("pain_rising", weekly, min_days=4, min_slope=1.0) is not None
    assert run("pain_rising", weekly, min_days=4, min_slope=1.1) is None


def test_pain_rising_needs_ten_check_ins():
    assert run("pain_rising", days_ending(pains=list(range(1, 10)))) is None  # 9
    assert run("pain_rising", days_ending(pains=list(range(1, 11)))) is not None  # 10


def test_pain_rising_ignores_falling_or_flat_pain():
    assert run("pain_rising", days_ending(pains=list(range(10, 0, -1)))) is None
    assert run("pain_rising", days_ending(pains=[5] * 14)) is None


# --- improving -----------------------------------------------------------------------------------------------------


def test_improving_notices_pain_falling_week_on_week():
    finding = run("improving", days_ending(pains=[6] * 7 + [4] * 7))
    assert finding.summary == "pain averaged 4.0, down from 6.0, over the last 7 days compared with the 7 before"
    assert (finding.start, finding.end) == (ago(13), TODAY)
    assert finding.strength == 0.2
    assert finding.figures["pain_drop"] == 2.0
    assert finding.figures["recent_days"] == 7
    assert finding.figures["previous_days"] == 7


def test_improving_notices_mood_rising_week_on_week():
    finding = run("improving", days_ending(moods=[4] * 7 + [6] * 7))
    assert finding.summary == "mood averaged 6.0, up from 4.0, over the last 7 days compared with the 7 before"


def test_improving_fires_at_exactly_min_drop_despite_float_noise():
    # window 10: previous mean 41 / 10 = 4.1, recent 31 / 10 = 3.1; in floats
    # 4.1 - 3.1 = 0.9999999999999996, which must still count as 1.0.
    pains = [5] + [4] * 9 + [4] + [3] * 9
    assert run("improving", days_ending(pains=pains), window=10, min_days=10) is not None


def test_improving_stays_quiet_below_min_drop_or_when_worse():
    assert run("improving", days_ending(pains=[5] * 7 + [4, 4, 4, 4, 4, 4, 5])) is None  # drop 6/7 = 0.86
    assert run("improving", days_ending(pains=[4] * 7 + [6] * 7)) is None


def test_improving_needs_four_check_ins_in_each_week():
    previous = [day(ago(13), pain=6), day(ago(11), pain=6), day(ago(9), pain=6)]  # only 3 check-ins
    days = previous + days_ending(pains=[3] * 7)
    assert run("improving", days) is None
    assert run("improving", days, min_days=3) is not None


def bad_day(d, pain=8, mood=3):
    """A bad-day check-in: pain and mood only."""
    return Day(d, pain, mood, None, None, None)


def test_bad_days_count_on_neither_side_of_the_sleep_comparison():
    # Five short nights with pain 7, five long ones with pain 3, and bad days with
    # pain 9 and no sleep: without them the comparison is 7 against 3.
    days = [day(ago(n), pain=7, sleep=5.0) for n in range(0, 10, 2)]
    days += [day(ago(n), pain=3, sleep=8.0) for n in range(1, 10, 2)]
    days += [bad_day(ago(n), pain=9) for n in range(10, 15)]
    [finding] = [f for f in detect(days, TODAY, keys=["short_sleep_pain"])]
    assert (finding.figures["short_mean"], finding.figures["long_mean"]) == (7.0, 3.0)
    assert (finding.figures["short_days"], finding.figures["long_days"]) == (5, 5)


def test_bad_days_are_no_evidence_of_a_quiet_week():
    recent = [bad_day(ago(n)) for n in range(7)]
    assert not detect(recent, TODAY, keys=["inactivity"])
    assert not detect([*recent, day(ago(1), exercise=0)], TODAY, keys=["inactivity"])  # one answered day is too few
