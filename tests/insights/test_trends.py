"""Unit tests for checkin.insights.trends: pure functions, no database needed."""

import random
from datetime import date, timedelta

import pytest

from checkin.domain.days import (
    EPOCH_MONDAY,
    Day,
    day_number,
    week_monday,
    week_number,
)
from checkin.insights.sentences import CLINICIAN, insights, insights_from_totals
from checkin.insights.stats import (
    correlation,
    correlation_words,
    mean,
    rolling_mean,
    slope_per_week,
)
from checkin.insights.totals import Totals
from checkin.insights.trends import (
    build_series,
    daily_series,
    date_range,
    first_weekday,
    last_weekday,
    numbered_weeks,
    split_days,
    unique_days,
    week_start,
    week_totals,
    weekly_resolution,
    weekly_series,
    weekly_summary,
    weeks_of,
)

MONDAY = date(2024, 1, 1)  # 1 Jan 2024 was a Monday


def day(d, pain=5, mood=5, sleep=7.0, quality=3, exercise=0, symptoms=()):
    """A Day with dull defaults, so each test sets only what it is about."""
    return Day(d, pain, mood, sleep, quality, exercise, tuple(symptoms))


def run_of_days(start, pains, moods=None, sleeps=None, exercise=None, step=1):
    """Consecutive Days (every ``step`` days) from lists of values."""
    n = len(pains)
    moods = moods or [5] * n
    sleeps = sleeps or [7.0] * n
    exercise = exercise or [0] * n
    return [
        day(start + timedelta(days=i * step), pain=pains[i], mood=moods[i], sleep=sleeps[i], exercise=exercise[i])
        for i in range(n)
    ]


def by_kind(items):
    return {item["kind"]: item for item in items}


# --- helpers ------------------------------------------------------------------


def test_unique_days_sorts_and_keeps_the_last_of_duplicate_dates():
    first, second = day(MONDAY, pain=1), day(MONDAY, pain=9)
    later = day(MONDAY + timedelta(days=1))
    assert unique_days([later, first, second]) == [second, later]


def test_split_days_separates_matching_days_from_the_rest():
    days = run_of_days(MONDAY, [1, 8, 2, 9])
    high, low = split_days(days, lambda d: d.pain >= 7)
    assert [d.pain for d in high] == [8, 9]
    assert [d.pain for d in low] == [1, 2]


def test_week_start_is_the_monday_of_the_iso_week():
    assert week_start(date(2024, 1, 7)) == MONDAY  # a Sunday
    assert week_start(MONDAY) == MONDAY
    assert week_start(date(2024, 3, 1)) == date(2024, 2, 26)  # week holding 29 Feb


# --- date_range ---------------------------------------------------------------


def test_date_range_includes_both_ends():
    assert date_range(MONDAY, date(2024, 1, 3)) == [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]


def test_date_range_of_one_day_is_that_day():
    assert date_range(MONDAY, MONDAY) == [MONDAY]


def test_date_range_is_empty_when_end_is_before_start():
    assert date_range(date(2024, 1, 5), MONDAY) == []


def test_date_range_counts_the_leap_day():
    assert date_range(date(2024, 2, 28), date(2024, 3, 1)) == [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]
    assert len(date_range(date(2023, 2, 28), date(2023, 3, 1))) == 2  # no 29 Feb in 2023


def test_date_range_has_one_entry_per_day_across_dst_changes():
    # Europe springs forward on 31 Mar 2024, the US falls back on 3 Nov 2024.
    assert date_range(date(2024, 3, 30), date(2024, 4, 1)) == [date(2024, 3, 30), date(2024, 3, 31), date(2024, 4, 1)]
    assert len(date_range(date(2024, 11, 2), date(2024, 11, 4))) == 3
    # Whole year 2024: 366 days, DST twice, no day lost or doubled.
    assert len(set(date_range(date(2024, 1, 1), date(2024, 12, 31)))) == 366


# --- daily_series ---------------------------------------------------------------


def test_it_draws_missing_days_as_gaps_not_zeros():
    days = [day(MONDAY, pain=5, mood=6, sleep=7.5, exercise=20), day(date(2024, 1, 3), pain=0, mood=2, sleep=4.0)]
    series = daily_series(days, MONDAY, date(2024, 1, 3))
    assert series == {
        "dates": ["2024-01-01", "2024-01-02", "2024-01-03"],
        "pain": [5, None, 0],  # a real 0 stays 0, the missing 2 Jan is None
        "mood": [6, None, 2],
        "sleep": [7.5, None, 4.0],
        "exercise": [20, None, 0],
    }


def test_daily_series_ignores_days_outside_the_range():
    days = [day(date(2023, 12, 31), pain=9), day(MONDAY, pain=3), day(date(2024, 1, 3), pain=9)]
    series = daily_series(days, MONDAY, date(2024, 1, 2))
    assert series["dates"] == ["2024-01-01", "2024-01-02"]
    assert series["pain"] == [3, None]


def test_daily_series_does_not_care_about_input_order():
    days = run_of_days(MONDAY, [1, 2, 3])
    assert daily_series(list(reversed(days)), MONDAY, date(2024, 1, 3))["pain"] == [1, 2, 3]


def test_daily_series_uses_the_last_of_duplicate_dates():
    series = daily_series([day(MONDAY, pain=1), day(MONDAY, pain=8)], MONDAY, MONDAY)
    assert series["pain"] == [8]


def test_daily_series_of_no_days_is_all_gaps():
    series = daily_series([], MONDAY, date(2024, 1, 2))
    assert series["pain"] == [None, None]
    assert series["exercise"] == [None, None]


def test_daily_series_over_a_dst_change_puts_each_value_on_its_own_day():
    days = run_of_days(date(2024, 3, 30), [1, 2, 3])  # 30, 31 Mar (DST), 1 Apr
    series = daily_series(days, date(2024, 3, 30), date(2024, 4, 1))
    assert series["dates"] == ["2024-03-30", "2024-03-31", "2024-04-01"]
    assert series["pain"] == [1, 2, 3]


def test_daily_series_includes_the_leap_day():
    series = daily_series([day(date(2024, 2, 29), pain=4)], date(2024, 2, 28), date(2024, 3, 1))
    assert series["dates"] == ["2024-02-28", "2024-02-29", "2024-03-01"]
    assert series["pain"] == [None, 4, None]


# --- mean -------------------------------------------------------------------------


def test_mean_ignores_missing_values():
    assert mean([2, None, 4]) == 3.0  # (2 + 4) / 2


def test_mean_of_nothing_is_none():
    assert mean([]) is None
    assert mean([None, None]) is None


def test_mean_accepts_a_generator_and_a_single_value():
    assert mean(x for x in [1, 2]) == 1.5
    assert mean([7]) == 7.0


# --- rolling_mean ----------------------------------------------------------------


def test_rolling_mean_waits_for_enough_values_then_averages_the_trailing_window():
    # Positions 0-2 have fewer than 4 values. Then (1+2+3+4)/4 = 2.5,
    # (1..5)/5 = 3.0, (1..6)/6 = 3.5, (1..7)/7 = 4.0, (2..8)/7 = 5.0.
    assert rolling_mean([1, 2, 3, 4, 5, 6, 7, 8]) == [None, None, None, 2.5, 3.0, 3.5, 4.0, 5.0]


def test_rolling_mean_skips_gaps_instead_of_counting_them_as_zero():
    # Last position: window holds 4, 6, 8, 2 -> 20 / 4 = 5.0; earlier ones have < 4 values.
    assert rolling_mean([4, None, 6, None, 8, 2]) == [None, None, None, None, None, 5.0]


def test_rolling_mean_drops_values_that_leave_the_window():
    # window 3, min 1: [1], [1,2], [1,2,3], [2,3,4], [3,4,None] -> 1, 1.5, 2, 3, 3.5
    assert rolling_mean([1, 2, 3, 4, None], window=3, min_count=1) == [1.0, 1.5, 2.0, 3.0, 3.5]


def test_rolling_mean_is_none_when_one_value_short_of_min_count():
    assert rolling_mean([5, 5, 5], window=7, min_count=4) == [None, None, None]
    assert rolling_mean([5, 5, 5, 5], window=7, min_count=4)[-1] == 5.0


def test_rolling_mean_rounds_to_two_places():
    assert rolling_mean([1, 1, 2], window=3, min_count=3) == [None, None, 1.33]  # 4 / 3


def test_rolling_mean_of_empty_list_is_empty():
    assert rolling_mean([]) == []


# --- weekly points ---------------------------------------------------------------


def weekly_points(days, start, end):
    """The weekly chart's own values (no averages): what a long range draws."""
    series = weekly_series(week_totals(days, start, end))
    return {key: series[key] for key in ("dates", "pain", "mood", "sleep", "exercise")}


def weekly_means_the_slow_way(days, start, end):
    """A reference for the weekly points: each ISO week's mean of the daily series, slot by slot."""
    daily = daily_series(days, start, end)
    weeks = {}
    for i, iso in enumerate(daily["dates"]):
        weeks.setdefault(week_start(date.fromisoformat(iso)), []).append(i)
    result = {"dates": [monday.isoformat() for monday in weeks]}
    for key in ("pain", "mood", "sleep", "exercise"):
        means = [mean(daily[key][i] for i in positions) for positions in weeks.values()]
        result[key] = [None if m is None else round(m, 2) for m in means]
    return result


def test_weekly_points_averages_each_iso_week_over_checked_in_days():
    days = [
        day(date(2024, 1, 3), pain=2, mood=6, sleep=6.0, exercise=30),  # Wed, week of 1 Jan
        day(date(2024, 1, 5), pain=4, mood=7, sleep=7.0, exercise=0),  # Fri, week of 1 Jan
        day(date(2024, 1, 8), pain=6, mood=3, sleep=5.5, exercise=10),  # Mon, week of 8 Jan
    ]
    weekly = weekly_points(days, date(2024, 1, 3), date(2024, 1, 9))
    assert weekly == {
        "dates": ["2024-01-01", "2024-01-08"],  # Mondays, even before the first input date
        "pain": [3.0, 6.0],  # (2 + 4) / 2
        "mood": [6.5, 3.0],  # (6 + 7) / 2
        "sleep": [6.5, 5.5],  # (6 + 7) / 2
        "exercise": [15.0, 10.0],  # (30 + 0) / 2 checked-in days, not a total
    }


def test_weekly_points_marks_a_week_without_check_ins_as_none():
    days = [day(MONDAY, pain=4), day(date(2024, 1, 15), pain=6)]
    weekly = weekly_points(days, MONDAY, date(2024, 1, 21))
    assert weekly["dates"] == ["2024-01-01", "2024-01-08", "2024-01-15"]
    assert weekly["pain"] == [4.0, None, 6.0]


def test_weekly_points_rounds_to_two_places():
    days = run_of_days(MONDAY, [1, 1, 2])
    assert weekly_points(days, MONDAY, date(2024, 1, 7))["pain"] == [1.33]  # 4 / 3


def test_weekly_points_of_an_empty_series_is_empty():
    assert weekly_points([], MONDAY, date(2023, 12, 1)) == {
        "dates": [],
        "pain": [],
        "mood": [],
        "sleep": [],
        "exercise": [],
    }


# --- weekly_summary -----------------------------------------------------------------


def test_weekly_summary_lists_weeks_newest_first_with_rounded_means():
    days = [
        day(date(2024, 1, 2), pain=3, mood=6, sleep=7.0, exercise=20),
        day(date(2024, 1, 3), pain=4, mood=6, sleep=6.5, exercise=15),
        day(date(2024, 1, 4), pain=4, mood=7, sleep=8.0, exercise=0),
        day(date(2024, 1, 16), pain=8, mood=2, sleep=4.0, exercise=0),
    ]
    rows = weekly_summary(days, MONDAY, date(2024, 1, 17))
    assert [r["week_start"] for r in rows] == [date(2024, 1, 15), date(2024, 1, 8), date(2024, 1, 1)]
    assert rows[-1] == {
        "week_start": date(2024, 1, 1),
        "week_end": date(2024, 1, 7),
        "mean_pain": 3.7,  # 11 / 3 = 3.67
        "mean_mood": 6.3,  # 19 / 3 = 6.33
        "mean_sleep": 7.2,  # 21.5 / 3 = 7.17
        "total_exercise": 35,
        "days_checked_in": 3,
    }
    # The week with no check-ins is listed, empty rather than zero.
    assert rows[1] == {
        "week_start": date(2024, 1, 8),
        "week_end": date(2024, 1, 14),
        "mean_pain": None,
        "mean_mood": None,
        "mean_sleep": None,
        "total_exercise": 0,
        "days_checked_in": 0,
    }
    assert rows[0]["mean_pain"] == 8.0
    assert rows[0]["days_checked_in"] == 1


def test_weekly_summary_counts_only_days_inside_the_range():
    # Range starts on a Wednesday; Monday's check-in is in the same week but out of range.
    days = [day(MONDAY, pain=9, exercise=60), day(date(2024, 1, 3), pain=1, exercise=10)]
    rows = weekly_summary(days, date(2024, 1, 3), date(2024, 1, 4))
    assert len(rows) == 1
    assert rows[0]["week_start"] == MONDAY
    assert rows[0]["mean_pain"] == 1.0
    assert rows[0]["total_exercise"] == 10
    assert rows[0]["days_checked_in"] == 1


def test_weekly_summary_with_no_days_has_empty_rows():
    rows = weekly_summary([], MONDAY, date(2024, 1, 7))
    assert rows == [
        {
            "week_start": MONDAY,
            "week_end": date(2024, 1, 7),
            "mean_pain": None,
            "mean_mood": None,
            "mean_sleep": None,
            "total_exercise": 0,
            "days_checked_in": 0,
        }
    ]


def test_weekly_summary_of_a_single_day_has_one_row():
    rows = weekly_summary([day(date(2024, 1, 5), pain=6)], date(2024, 1, 5), date(2024, 1, 5))
    assert len(rows) == 1
    assert rows[0]["mean_pain"] == 6.0
    assert rows[0]["days_checked_in"] == 1


def test_weekly_summary_handles_the_week_of_the_leap_day():
    days = run_of_days(date(2024, 2, 26), [2, 2, 2, 8, 2, 2, 2])  # 8 is on 29 Feb
    rows = weekly_summary(days, date(2024, 2, 26), date(2024, 3, 3))
    assert len(rows) == 1
    assert rows[0]["week_end"] == date(2024, 3, 3)
    assert rows[0]["days_checked_in"] == 7
    assert rows[0]["mean_pain"] == 2.9  # 20 / 7 = 2.857


def test_weekly_summary_spans_a_dst_change_with_seven_day_weeks():
    days = run_of_days(date(2024, 3, 25), [4] * 14)  # EU DST change on Sun 31 Mar
    rows = weekly_summary(days, date(2024, 3, 25), date(2024, 4, 7))
    assert [r["days_checked_in"] for r in rows] == [7, 7]
    assert [r["week_start"] for r in rows] == [date(2024, 4, 1), date(2024, 3, 25)]


def test_weeks_of_groups_days_by_iso_week_and_lists_empty_weeks():
    # Range Wed 3 Jan .. Tue 16 Jan 2024: three weeks; Monday 1 Jan is outside it.
    inside = [day(date(2024, 1, 3)), day(date(2024, 1, 7)), day(date(2024, 1, 16))]
    weeks = weeks_of([day(MONDAY)] + inside, date(2024, 1, 3), date(2024, 1, 16))
    assert [monday for monday, _ in weeks] == [MONDAY, date(2024, 1, 8), date(2024, 1, 15)]
    assert [week for _, week in weeks] == [inside[:2], [], inside[2:]]


def test_weeks_of_an_empty_range_is_empty():
    assert weeks_of([day(MONDAY)], date(2024, 1, 2), MONDAY) == []


# --- correlation ------------------------------------------------------------------------


def test_correlation_is_one_for_a_perfect_line_and_minus_one_for_opposite():
    assert correlation([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert correlation([1, 2, 3], [6, 4, 2]) == pytest.approx(-1.0)


def test_correlation_matches_a_hand_computed_value():
    # means 2.5 and 2.5; deviations x: -1.5 -0.5 0.5 1.5, y: -0.5 -1.5 1.5 0.5
    # sxy = 0.75 + 0.75 + 0.75 + 0.75 = 3, sxx = syy = 5 -> r = 3 / 5 = 0.6
    assert correlation([1, 2, 3, 4], [2, 1, 4, 3]) == pytest.approx(0.6)


def test_correlation_uses_only_pairs_where_both_values_are_present():
    # Dropping the pairs with None leaves the 0.6 example above.
    assert correlation([1, 2, None, 3, 4, 7], [2, 1, 100, 4, 3, None]) == pytest.approx(0.6)


def test_correlation_needs_three_pairs():
    assert correlation([1, 2], [1, 2]) is None
    assert correlation([1, 2, None], [1, 2, 3]) is None
    assert correlation([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)


def test_correlation_is_none_when_a_side_does_not_vary():
    assert correlation([5, 5, 5, 5], [1, 2, 3, 4]) is None
    assert correlation([1, 2, 3, 4], [5, 5, 5, 5]) is None
    assert correlation([0.1, 0.1, 0.1], [1, 2, 3]) is None  # float constant, no near-zero division


def test_correlation_of_nothing_is_none():
    assert correlation([], []) is None


def test_correlation_refuses_lists_of_different_lengths():
    with pytest.raises(ValueError):
        correlation([1, 2, 3], [1, 2])


# --- correlation_words ------------------------------------------------------------------


@pytest.mark.parametrize(
    "r, words",
    [
        (0.0, "no clear link"),
        (0.19, "no clear link"),
        (-0.19, "no clear link"),
        (0.2, "a weak link"),
        (0.39, "a weak link"),
        (0.4, "a moderate link"),
        (-0.59, "a moderate link"),
        (0.6, "a strong link"),
        (-0.6, "a strong link"),
        (-1.0, "a strong link"),
    ],
)
def test_correlation_words_describe_strength_by_size(r, words):
    assert correlation_words(r) == words


def test_correlation_words_can_say_which_way_things_moved():
    assert correlation_words(-0.5, direction=True) == "a moderate link, moving in opposite directions"
    assert correlation_words(0.5, direction=True) == "a moderate link, moving together"
    assert correlation_words(-0.1, direction=True) == "no clear link"


def test_correlation_words_without_a_value_say_so():
    assert correlation_words(None) == "not enough data to tell"


# --- slope_per_week ------------------------------------------------------------------------


def test_slope_per_week_of_one_point_a_day_is_seven():
    dates = date_range(MONDAY, date(2024, 1, 4))
    assert slope_per_week(dates, [0, 1, 2, 3]) == pytest.approx(7.0)


def test_slope_per_week_matches_a_hand_computed_value():
    # x = 0, 1, 2 (mean 1); y = 1, 3, 2 (mean 2)
    # sxy = (-1)(-1) + 0 + (1)(0) = 1, sxx = 2 -> 0.5 a day -> 3.5 a week
    assert slope_per_week(date_range(MONDAY, date(2024, 1, 3)), [1, 3, 2]) == pytest.approx(3.5)


def test_slope_per_week_uses_calendar_days_not_list_positions():
    # One point a week apart: a rise of 1 per week (positions would say 7).
    assert slope_per_week([MONDAY, date(2024, 1, 8)], [0, 1]) == pytest.approx(1.0)


def test_slope_per_week_skips_missing_values():
    dates = date_range(MONDAY, date(2024, 1, 4))
    assert slope_per_week(dates, [0, None, 2, 3]) == pytest.approx(7.0)


def test_slope_per_week_is_zero_for_flat_values():
    assert slope_per_week(date_range(MONDAY, date(2024, 1, 5)), [4] * 5) == 0.0


def test_slope_per_week_needs_two_points_on_different_dates():
    assert slope_per_week([], []) is None
    assert slope_per_week([MONDAY], [3]) is None
    assert slope_per_week([MONDAY, MONDAY], [3, 5]) is None
    assert slope_per_week([MONDAY, date(2024, 1, 2)], [3, None]) is None


def test_slope_per_week_counts_leap_and_dst_days_as_ordinary_days():
    # 28 Feb, 29 Feb, 1 Mar 2024: a rise of 1 a day -> 7 a week.
    assert slope_per_week(date_range(date(2024, 2, 28), date(2024, 3, 1)), [1, 2, 3]) == pytest.approx(7.0)
    # 30 Mar, 31 Mar (DST), 1 Apr 2024.
    assert slope_per_week(date_range(date(2024, 3, 30), date(2024, 4, 1)), [0, 1, 2]) == pytest.approx(7.0)


# --- build_series ------------------------------------------------------------------------------


def test_build_series_for_a_month_is_daily_with_seven_day_averages():
    days = run_of_days(MONDAY, [4] * 30)
    series = build_series(days, MONDAY, date(2024, 1, 30))
    assert series["resolution"] == "day"
    assert series["avg_window"] == 7
    for key in ["dates", "pain", "mood", "sleep", "exercise", "pain_avg", "mood_avg", "sleep_avg", "exercise_avg"]:
        assert len(series[key]) == 30, key
    # The first 3 days have fewer than 4 check-ins behind them (none before 1 Jan).
    assert series["pain_avg"][:4] == [None, None, None, 4.0]


def test_build_series_average_at_the_start_uses_the_days_before_the_range():
    days = run_of_days(MONDAY, list(range(1, 11)))  # pain 1..10 on 1-10 Jan
    series = build_series(days, date(2024, 1, 7), date(2024, 1, 10))
    assert series["pain"] == [7, 8, 9, 10]
    # 7 Jan: (1+2+...+7) / 7 = 4.0; 10 Jan: (4+...+10) / 7 = 7.0
    assert series["pain_avg"] == [4.0, 5.0, 6.0, 7.0]


def test_build_series_keeps_gaps_as_none():
    days = [day(MONDAY, pain=3), day(date(2024, 1, 3), pain=5)]
    series = build_series(days, MONDAY, date(2024, 1, 3))
    assert series["pain"] == [3, None, 5]
    assert series["pain_avg"] == [None, None, None]  # never 4 check-ins in a window


def test_build_series_with_no_days_is_all_gaps():
    series = build_series([], MONDAY, date(2024, 1, 10))
    assert series["pain"] == [None] * 10
    assert series["pain_avg"] == [None] * 10


def test_build_series_of_a_single_day():
    series = build_series([day(MONDAY, pain=2)], MONDAY, MONDAY)
    assert series["dates"] == ["2024-01-01"]
    assert series["pain"] == [2]
    assert series["pain_avg"] == [None]


def test_build_series_stays_daily_for_a_whole_leap_year():
    series = build_series([], date(2024, 1, 1), date(2024, 12, 31))  # 366 days
    assert series["resolution"] == "day"
    assert len(series["dates"]) == 366


def test_build_series_switches_to_weeks_one_day_past_a_leap_year():
    series = build_series([], date(2024, 1, 1), date(2025, 1, 1))  # 367 days
    assert series["resolution"] == "week"
    assert series["avg_window"] == 4
    # Mondays 1 Jan 2024 .. 30 Dec 2024 = 53 weeks, plus nothing new: 1 Jan 2025 is in the week of 30 Dec.
    assert len(series["dates"]) == 53


def test_downsampling_keeps_ten_years_under_530_points():
    start = date(2015, 1, 1)
    end = start + timedelta(days=3649)  # 3,650 days
    days = [day(d, pain=d.day % 11) for d in date_range(start, end)]
    series = build_series(days, start, end)
    assert series["resolution"] == "week"
    for key in ["dates", "pain", "mood", "sleep", "exercise", "pain_avg", "mood_avg", "sleep_avg", "exercise_avg"]:
        assert len(series[key]) <= 530, key
        assert len(series[key]) == len(series["dates"]), key
    # Thu 1 Jan 2015 .. Sat 28 Dec 2024: a partial first week (Thu-Sun, 4 days),
    # 520 full weeks (3,640 days), a partial last week (Mon-Sat, 6 days) -> 522 points.
    assert len(series["dates"]) == 522
    assert series["dates"][0] == week_start(start).isoformat()


def test_build_series_weekly_points_are_the_weekly_means_of_the_daily_series():
    # The weekly path computes from each week's check-ins directly; it must
    # give exactly what averaging the daily series week by week gives.
    start, end = date(2021, 3, 4), date(2024, 2, 29)  # Thursday to a leap day
    days = [
        day(
            d,
            pain=d.toordinal() % 11,
            mood=d.toordinal() % 7,
            sleep=4 + (d.toordinal() % 9) / 2,
            exercise=(d.toordinal() % 5) * 10,
        )
        for d in date_range(start, end)
        if d.toordinal() % 4  # leave gaps, including whole missing weeks below
        and not date(2022, 6, 1) <= d <= date(2022, 6, 20)
    ]
    series = build_series(days, start, end)
    expected = weekly_means_the_slow_way(days, start, end)
    assert series["resolution"] == "week"
    for key in ["dates", "pain", "mood", "sleep", "exercise"]:
        assert series[key] == expected[key], key
    assert None in series["pain"]  # the empty June weeks stay gaps


def test_build_series_weekly_average_is_a_four_week_trailing_mean():
    # Weeks of pain 2, 4, 6, 8, 10 (every day of each week), from Mon 1 Jan.
    days = [day(MONDAY + timedelta(days=i), pain=2 + 2 * (i // 7)) for i in range(35)]
    series = build_series(days, MONDAY, MONDAY + timedelta(days=399))  # > 366 days -> weeks
    assert series["pain"][:6] == [2.0, 4.0, 6.0, 8.0, 10.0, None]
    # Needs 2 weeks: None, (2+4)/2 = 3, (2+4+6)/3 = 4, (2+..+8)/4 = 5, (4+..+10)/4 = 7, (6+8+10)/3 = 8
    assert series["pain_avg"][:6] == [None, 3.0, 4.0, 5.0, 7.0, 8.0]


def test_the_weekly_average_counts_check_ins_so_a_thin_week_weighs_less():
    # A full week of pain 2, then a week with a single check-in of pain 9.
    days = [day(MONDAY + timedelta(days=i), pain=2) for i in range(7)] + [day(MONDAY + timedelta(days=7), pain=9)]
    series = build_series(days, MONDAY, MONDAY + timedelta(days=399))
    assert series["pain"][:2] == [2.0, 9.0]
    # (7 x 2 + 9) / 8 check-ins, not (2 + 9) / 2 weeks.
    assert series["pain_avg"][:2] == [None, 2.88]


def test_the_weekly_average_skips_empty_weeks_and_needs_two_weeks_with_check_ins():
    weeks = [
        (MONDAY, Totals(n=2, pain=8, mood=10, sleep=15.0, exercise=30, sleep_n=2, exercise_n=2)),
        (MONDAY + timedelta(weeks=1), Totals()),
        (MONDAY + timedelta(weeks=2), Totals()),
        (MONDAY + timedelta(weeks=3), Totals(n=1, pain=1, mood=1, sleep=6.5, exercise=0, sleep_n=1, exercise_n=1)),
        (MONDAY + timedelta(weeks=4), Totals()),
    ]
    series = weekly_series(weeks)
    assert series["pain"] == [4.0, None, None, 1.0, None]
    # Weeks 0-3 hold 3 check-ins with pain 9 in all; week 4's window (1-4) has only one week with any.
    assert series["pain_avg"] == [None, None, None, 3.0, None]
    assert series["sleep_avg"][3] == round(21.5 / 3, 2)


def test_sleep_and_activity_are_averaged_over_the_check_ins_that_answered_them():
    """A bad-day check-in (pain and mood only) counts for pain and mood, and
    is missing, not zero, for sleep and activity."""
    days = [
        Day(MONDAY, 6, 4, 7.0, 3, 30),
        Day(MONDAY + timedelta(days=1), 8, 2, None, None, None),  # a bad day
        Day(MONDAY + timedelta(days=2), 4, 6, 5.0, 2, 0),
    ]
    totals = Totals.of(days)
    assert (totals.n, totals.sleep_n, totals.exercise_n) == (3, 2, 2)
    assert (totals.mean("pain"), totals.mean("sleep"), totals.mean("exercise")) == (6.0, 6.0, 15.0)
    series = build_series(days, MONDAY, MONDAY + timedelta(days=6))
    assert series["sleep"][:3] == [7.0, None, 5.0] and series["pain"][:3] == [6, 8, 4]
    [week] = weekly_summary(days, MONDAY, MONDAY + timedelta(days=6))
    assert (week["mean_sleep"], week["total_exercise"], week["days_checked_in"]) == (6.0, 30, 3)


def test_build_series_keeps_only_the_newest_weeks_beyond_max_points():
    start, end = date(2015, 1, 1), date(2024, 12, 29)
    series = build_series([], start, end, max_points=100)
    assert series["resolution"] == "week"
    assert len(series["dates"]) == 100
    assert len(series["pain_avg"]) == 100
    assert series["dates"][-1] == week_start(end).isoformat()


def test_build_series_uses_weeks_when_days_would_exceed_max_points():
    series = build_series([], MONDAY, MONDAY + timedelta(days=199), max_points=100)
    assert series["resolution"] == "week"
    assert len(series["dates"]) == 29  # 200 days from a Monday = 28 weeks + 4 days


# --- insights ---------------------------------------------------------------------------------


def test_insights_need_min_pairs_days():
    days = run_of_days(MONDAY, list(range(13)), moods=list(range(13)))
    assert insights(days) == []  # 13 < 14
    assert insights([]) == []
    assert insights([day(MONDAY)]) == []


def test_insights_report_pain_and_mood_moving_in_opposite_directions():
    # Pattern x = 1, 2, 3 and y = 1, 3, 2 has r = 0.5 (sxy = 1, sxx = syy = 2);
    # repeating it 5 times keeps r. Mood = 10 - y flips the sign: r = -0.5.
    pains = [1, 2, 3] * 5
    moods = [9, 7, 8] * 5
    found = by_kind(insights(run_of_days(MONDAY, pains, moods)))
    assert found["pain_mood"] == {
        "kind": "pain_mood",
        "text": "On days with more pain your mood was lower: a moderate link over 15 days.",
        "days": 15,
        "r": -0.5,
        "strength": "a moderate link",
    }


def test_insights_say_when_pain_and_mood_show_no_clear_link():
    # x = 1, 2, 3, 4 and y = 1, 2, 2, 1: sxy = .75 - .25 + .25 - .75 = 0 -> r = 0
    found = by_kind(insights(run_of_days(MONDAY, [1, 2, 3, 4] * 4, [1, 2, 2, 1] * 4)))
    assert found["pain_mood"]["r"] == 0.0
    assert found["pain_mood"]["text"] == (
        "Your pain and mood did not clearly move together: no clear link over 16 days."
    )


def test_insights_skip_pain_and_mood_when_mood_never_changes():
    found = by_kind(insights(run_of_days(MONDAY, list(range(1, 11)) * 2, [5] * 20)))
    assert "pain_mood" not in found


def test_insights_compare_pain_after_short_and_longer_nights():
    # 5 short nights with pain 6, 9 nights of 6+ hours with pain 4 (6.0 counts as long).
    sleeps = [5.5] * 5 + [6.0] + [8.0] * 8
    pains = [6] * 5 + [4] * 9
    found = by_kind(insights(run_of_days(MONDAY, pains, sleeps=sleeps)))
    assert found["short_sleep_pain"] == {
        "kind": "short_sleep_pain",
        "text": "After nights under 6 hours of sleep your pain averaged 6.0, against 4.0 after longer nights (5 and 9 days).",
        "days": 14,
        "short_mean": 6.0,
        "long_mean": 4.0,
        "short_days": 5,
        "long_days": 9,
    }


def test_insights_show_short_sleep_at_exactly_half_a_point_but_not_below():
    sleeps = [5.0] * 6 + [7.0] * 8
    # short: (5*3 + 6*3) / 6 = 5.5 vs long 5.0 -> difference 0.5, shown
    at_limit = run_of_days(MONDAY, [5, 5, 5, 6, 6, 6] + [5] * 8, sleeps=sleeps)
    assert by_kind(insights(at_limit))["short_sleep_pain"]["short_mean"] == 5.5
    # short: (5*4 + 6*2) / 6 = 5.33 vs 5.0 -> 0.33, hidden
    below = run_of_days(MONDAY, [5, 5, 5, 5, 6, 6] + [5] * 8, sleeps=sleeps)
    assert "short_sleep_pain" not in by_kind(insights(below))


def test_insights_skip_short_sleep_with_one_day_too_few_on_a_side():
    sleeps = [5.0] * 4 + [8.0] * 10  # 4 short nights < min_side 5
    days = run_of_days(MONDAY, [8] * 4 + [2] * 10, sleeps=sleeps)
    assert "short_sleep_pain" not in by_kind(insights(days))
    assert "short_sleep_pain" in by_kind(insights(days, min_side=4))


def test_insights_compare_exercise_days_with_rest_days():
    exercise = [30] * 6 + [0] * 8
    pains = [3] * 6 + [5] * 8
    moods = [7, 7, 7, 6, 6, 6] + [4] * 8
    found = by_kind(insights(run_of_days(MONDAY, pains, moods, exercise=exercise)))
    assert found["exercise"] == {
        "kind": "exercise",
        "text": (
            "On days you exercised your pain averaged 3.0 and your mood 6.5, "
            "against pain 5.0 and mood 4.0 on days without (6 and 8 days)."
        ),
        "days": 14,
        "with_pain": 3.0,  # 18 / 6
        "without_pain": 5.0,  # 40 / 8
        "with_mood": 6.5,  # 39 / 6
        "without_mood": 4.0,  # 32 / 8
        "with_days": 6,
        "without_days": 8,
    }


def test_insights_skip_exercise_when_every_day_had_exercise():
    days = run_of_days(MONDAY, [4] * 14, exercise=[20] * 14)
    assert "exercise" not in by_kind(insights(days))


def test_insights_describe_rising_falling_and_steady_pain():
    # Weekly check-ins with pain up by 1 each: slope 1.0 a week.
    rising = by_kind(insights(run_of_days(MONDAY, [2, 3, 4, 5, 6], step=7), min_pairs=5))["pain_trend"]
    assert rising == {
        "kind": "pain_trend",
        "text": "Your pain has been rising by about 1.0 points a week over 5 days.",
        "days": 5,
        "slope": 1.0,
        "direction": "rising",
    }
    falling = by_kind(insights(run_of_days(MONDAY, [6, 5, 4, 3, 2], step=7), min_pairs=5))["pain_trend"]
    assert falling["direction"] == "falling"
    assert falling["slope"] == -1.0
    steady = by_kind(insights(run_of_days(MONDAY, [4] * 14)))["pain_trend"]
    assert steady["direction"] == "steady"
    assert steady["slope"] == 0.0
    assert steady["text"] == "Your pain has stayed about level (less than 0.1 points a week) over 14 days."


def test_insights_call_a_slope_of_exactly_a_tenth_rising_and_just_under_steady():
    # Check-ins 70 days apart, pain up 1 each time: 1/70 a day * 7 = 0.1 a week.
    at_limit = by_kind(insights(run_of_days(MONDAY, [1, 2, 3], step=70), min_pairs=3))["pain_trend"]
    assert at_limit["slope"] == 0.1
    assert at_limit["direction"] == "rising"
    # 80 days apart: 7/80 = 0.0875 -> 0.09 a week, steady.
    below = by_kind(insights(run_of_days(MONDAY, [1, 2, 3], step=80), min_pairs=3))["pain_trend"]
    assert below["slope"] == 0.09
    assert below["direction"] == "steady"


def test_insights_come_in_a_fixed_order():
    pains = [2, 8] * 7
    moods = [7, 3] * 7
    sleeps = [8.0, 5.0] * 7
    exercise = [30, 0] * 7
    kinds = [i["kind"] for i in insights(run_of_days(MONDAY, pains, moods, sleeps=sleeps, exercise=exercise))]
    assert kinds == ["pain_mood", "short_sleep_pain", "exercise", "pain_trend"]


def test_insights_for_a_clinician_say_pain_and_mood_not_yours_with_the_same_figures():
    pains = [2, 8] * 7
    moods = [7, 3] * 7
    sleeps = [8.0, 5.0] * 7
    exercise = [30, 0] * 7
    days = run_of_days(MONDAY, pains, moods, sleeps=sleeps, exercise=exercise)
    patient, clinician = insights(days), insights(days, voice=CLINICIAN)
    assert [i["text"] for i in clinician] == [
        "On days with more pain, mood was lower: a strong link (r = -1.00) over 14 days.",
        "After nights under 6 hours of sleep, pain averaged 8.0, against 2.0 after longer nights (7 and 7 days).",
        "On days with exercise, pain averaged 2.0 and mood 7.0, against pain 8.0 and mood 3.0 on days without (7 and 7 days).",
        "Pain has been rising by about 0.7 points a week over 14 days.",
    ]
    # Only the words differ: the same findings with the same figures.
    assert [{**i, "text": None} for i in clinician] == [{**i, "text": None} for i in patient]


def test_insights_for_a_clinician_word_no_link_steady_pain_and_higher_mood_without_your():
    no_link = by_kind(insights(run_of_days(MONDAY, [1, 2, 3, 4] * 4, [1, 2, 2, 1] * 4), voice=CLINICIAN))
    assert (
        no_link["pain_mood"]["text"]
        == "Pain and mood did not clearly move together: no clear link (r = 0.00) over 16 days."
    )
    steady = by_kind(insights(run_of_days(MONDAY, [4] * 14), voice=CLINICIAN))
    assert steady["pain_trend"]["text"] == "Pain has stayed about level (less than 0.1 points a week) over 14 days."
    higher = by_kind(insights(run_of_days(MONDAY, [1, 2, 3] * 5, [1, 3, 2] * 5), voice=CLINICIAN))
    assert higher["pain_mood"]["text"].startswith("On days with more pain, mood was higher: a moderate link")


def test_insights_do_not_depend_on_input_order_or_duplicates():
    days = run_of_days(MONDAY, [2, 8] * 7, [7, 3] * 7, sleeps=[8.0, 5.0] * 7)
    shuffled = list(reversed(days)) + [days[0]]  # a duplicate of the same check-in
    assert insights(shuffled) == insights(days)


# --- totals: the sums behind weekly points and insights -----------------------------------


def test_day_numbers_count_from_a_monday_so_that_weeks_are_whole_sevens():
    assert EPOCH_MONDAY.weekday() == 0
    assert day_number(EPOCH_MONDAY) == 0
    assert day_number(date(2000, 1, 1)) == 5  # the first day a check-in may have
    for d in date_range(date(2024, 2, 20), date(2024, 3, 10)):  # across the leap day
        assert day_number(d) // 7 == day_number(week_start(d)) // 7
        assert day_number(d) % 7 == d.weekday()


def test_totals_of_days_are_plain_sums():
    days = [
        day(MONDAY, pain=2, mood=7, sleep=5.5, exercise=30),
        day(MONDAY + timedelta(days=2), pain=6, mood=3, sleep=8.0, exercise=0),
    ]
    t = Totals.of(days)
    first = day_number(MONDAY)
    assert (t.n, t.pain, t.mood, t.sleep, t.exercise) == (2, 8, 10, 13.5, 30)
    assert (t.pain_sq, t.mood_sq, t.pain_mood) == (4 + 36, 49 + 9, 14 + 18)
    assert (t.day, t.day_sq, t.day_pain) == (2 * first + 2, first**2 + (first + 2) ** 2, 2 * first + 6 * (first + 2))
    assert (t.short_n, t.short_pain) == (1, 2)
    assert (t.active_n, t.active_pain, t.active_mood) == (1, 2, 7)
    assert t.mean("pain") == 4.0
    assert Totals().mean("pain") is None


def test_correlation_and_slope_from_sums_match_the_direct_calculations():
    rng = random.Random(11)
    for _ in range(20):
        days = unique_days(
            day(MONDAY + timedelta(days=rng.randint(0, 400)), pain=rng.randint(0, 10), mood=rng.randint(0, 10))
            for _ in range(30)
        )
        found = {item["kind"]: item for item in insights_from_totals(Totals.of(days))}
        r = correlation([d.pain for d in days], [d.mood for d in days])
        slope = slope_per_week([d.date for d in days], [d.pain for d in days])
        assert found["pain_mood"]["r"] == round(r, 2)
        assert found["pain_trend"]["slope"] == round(slope, 2)


def test_insights_from_totals_of_no_days_are_empty():
    assert insights_from_totals(Totals()) == []


def test_weekly_series_and_table_can_be_built_from_weekly_totals():
    start, end = date(2022, 1, 5), date(2024, 1, 3)
    days = [day(d, pain=d.toordinal() % 11, exercise=d.day) for d in date_range(start, end) if d.toordinal() % 3]
    weeks = week_totals(days, start, end)
    assert weekly_resolution(start, end)
    assert weekly_series(weeks) == build_series(days, start, end)
    assert weekly_summary(days, start, end)[0]["week_start"] == weeks[-1][0]


def test_weekly_resolution_starts_one_day_past_a_leap_year():
    assert not weekly_resolution(date(2024, 1, 1), date(2024, 12, 31))
    assert weekly_resolution(date(2024, 1, 1), date(2025, 1, 1))


# --- stored weeks: numbers, gaps, first days, adding totals up ---------------------------


def test_week_numbers_count_whole_weeks_from_the_epoch_monday_and_back():
    assert week_number(EPOCH_MONDAY) == 0
    assert week_number(EPOCH_MONDAY + timedelta(days=6)) == 0  # its Sunday
    assert week_number(date(2024, 2, 29)) == week_number(date(2024, 2, 26))  # a leap day, in its week
    for d in (date(2000, 1, 1), date(2024, 2, 29), date(2026, 11, 22)):
        assert week_monday(week_number(d)) == week_start(d)


def test_numbered_weeks_fill_the_gaps_with_empty_totals():
    first = week_number(MONDAY)
    busy = Totals(n=3, pain=12)
    weeks = numbered_weeks([(first, busy), (first + 3, busy)], first, first + 5)
    assert [monday for monday, _ in weeks] == [MONDAY + timedelta(weeks=k) for k in range(5)]
    assert [totals.n for _, totals in weeks] == [3, 0, 0, 3, 0]
    assert numbered_weeks([], first, first) == []


def test_first_and_last_weekday_are_the_lowest_and_highest_bits_set():
    assert (first_weekday(0b0000001), last_weekday(0b0000001)) == (0, 0)  # only Monday
    assert (first_weekday(0b1010100), last_weekday(0b1010100)) == (2, 6)  # Wednesday, Friday and Sunday
    assert (first_weekday(0b0001110), last_weekday(0b0001110)) == (1, 3)  # Tuesday to Thursday


def test_the_sleep_and_exercise_insights_leave_bad_days_out_of_both_sides():
    days = [Day(MONDAY + timedelta(days=n), 7, 5, 5.0, 3, 30) for n in range(0, 10, 2)]
    days += [Day(MONDAY + timedelta(days=n), 3, 5, 8.0, 3, 0) for n in range(1, 10, 2)]
    days += [Day(MONDAY + timedelta(days=n), 9, 2, None, None, None) for n in range(10, 15)]
    found = {i["kind"]: i for i in insights_from_totals(Totals.of(days), min_pairs=5)}
    assert (found["short_sleep_pain"]["short_mean"], found["short_sleep_pain"]["long_mean"]) == (7.0, 3.0)
    assert (found["short_sleep_pain"]["short_days"], found["short_sleep_pain"]["long_days"]) == (5, 5)
    assert "exercise" in found and "5 and 5 days" in found["exercise"]["text"]
