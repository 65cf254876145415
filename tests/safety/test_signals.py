"""The one list of safety signals (checkin/safety/signals.py), pure: no database."""

import datetime

from checkin.domain.days import Day
from checkin.safety import signals
from checkin.safety.home import home_signals
from checkin.safety.signals import Measure

TODAY = datetime.date(2026, 12, 7)


def ago(n):
    return TODAY - datetime.timedelta(days=n)


def day(n, mood=5, symptoms=(), self_harm=None):
    return Day(ago(n), 4, mood, 7.0, 3, 20, tuple(symptoms), self_harm)


def keys(found):
    return [(s.key, s.level) for s in found]


def test_each_warning_sign_is_a_signal_at_its_level_with_its_days():
    found = signals.collect(
        [day(9, symptoms=["night_pain"]), day(3, symptoms=["night_pain", "saddle_numbness"])], [], None, TODAY
    )
    assert keys(found) == [("saddle_numbness", "emergency"), ("night_pain", "urgent")]
    night = found[1]
    assert (night.first, night.last, night.days) == (ago(9), ago(3), 2)


def test_self_harm_comes_first_from_a_phq9_or_the_check_ins_question():
    found = signals.collect(
        [day(2, self_harm=1), day(1, symptoms=["bladder_bowel"])], [Measure("phq9", ago(5), 6, 2, True)], None, TODAY
    )
    assert keys(found) == [("self_harm", "emergency"), ("bladder_bowel", "emergency")]
    assert found[0].dates == (ago(5), ago(2)) and found[0].detail == 2  # the highest answer
    # "Not at all" is no signal.
    assert signals.collect([day(1, self_harm=0)], [Measure("phq9", ago(1), 3, 0)], None, TODAY) == []


def test_severe_scores_are_signals_for_this_week_at_the_instruments_own_cut_offs():
    measures = [
        Measure("phq9", ago(3), 20),
        Measure("phq9", ago(10), 19),
        Measure("gad7", ago(3), 15),
        Measure("gad7", ago(4), 14),
        Measure("peg", ago(3), 9),
    ]
    found = signals.collect([], measures, None, TODAY)
    assert keys(found) == [("severe_gad7", "soon"), ("severe_phq9", "soon")]
    assert [s.dates for s in found] == [(ago(3),), (ago(3),)]


def test_very_low_mood_is_two_of_the_last_three_check_ins_at_0_or_1():
    assert signals.collect([day(3, mood=1), day(2, mood=5), day(1, mood=0)], [], None, TODAY)[0].key == "very_low_mood"
    assert signals.collect([day(3, mood=1), day(2, mood=5), day(1, mood=4)], [], None, TODAY) == []
    # Three check-ins apart: not a run.
    assert signals.collect([day(4, mood=1), day(3, mood=5), day(2, mood=5), day(1, mood=0)], [], None, TODAY) == []


def test_a_range_keeps_only_its_days_but_reads_a_run_from_before_it():
    days = [day(20, symptoms=["fever"]), day(11, mood=0), day(10, mood=1)]
    found = signals.collect(days, [], ago(10), TODAY)
    assert keys(found) == [("very_low_mood", "urgent")] and found[0].dates == (ago(10),)


def test_a_signal_stays_unseen_until_marked_seen_or_for_30_days():
    found = signals.collect([day(29, symptoms=["fever"]), day(9, symptoms=["night_pain"])], [], None, TODAY)
    assert keys(signals.unseen(found, None, TODAY)) == [("night_pain", "urgent"), ("fever", "urgent")]
    assert keys(signals.unseen(found, None, TODAY + datetime.timedelta(days=1))) == [("night_pain", "urgent")]
    assert signals.unseen(found, ago(9), TODAY) == []  # seen through the day it was last reported
    assert keys(signals.unseen(found, ago(10), TODAY)) == [("night_pain", "urgent")]
    assert signals.most_serious(found) == "urgent" and signals.most_serious([]) is None


def test_home_keeps_the_advice_until_a_later_check_in_has_no_warning_signs():
    assert signals.current_run([day(5, symptoms=["fever"]), day(4)]) == []
    run = signals.current_run([day(5, symptoms=["fever"]), day(4), day(2, symptoms=["fever"]), day(1, symptoms=["x"])])
    assert [d.date for d in run] == [ago(2), ago(1)]


def test_the_direct_question_is_asked_after_low_mood_a_phq2_of_3_or_a_phq9_of_15_until_answered():
    low = [day(3, mood=5), day(2, mood=1), day(1, mood=0)]
    assert signals.should_ask(low, [], TODAY)
    assert not signals.should_ask([day(2, mood=1), day(1, mood=4)], [], TODAY)
    assert signals.should_ask([], [Measure("phq2", ago(2), 3)], TODAY)
    assert not signals.should_ask([], [Measure("phq2", ago(2), 2)], TODAY)
    assert signals.should_ask([], [Measure("phq9", ago(2), 15)], TODAY)
    assert not signals.should_ask([], [Measure("phq9", ago(2), 14)], TODAY)
    # Asked once: a check-in since the trigger answered it (even "Not at all").
    assert not signals.should_ask([*low[:2], day(1, mood=0, self_harm=0)], [Measure("phq9", ago(2), 16)], TODAY)
    # An old trigger no longer asks.
    assert not signals.should_ask([], [Measure("phq2", ago(15), 4)], TODAY)


def test_home_shows_the_safety_card_on_the_day_a_quiet_card_for_14_days_and_severe_scores_for_a_week():
    today = home_signals([day(0, self_harm=2)], [], TODAY)
    assert today.self_harm_today and today.self_harm_recent
    later = home_signals([day(13, self_harm=1)], [], TODAY)
    assert not later.self_harm_today and later.self_harm_recent
    assert not home_signals([day(14, self_harm=1)], [], TODAY)
    severe = home_signals([], [Measure("phq9", ago(6), 21), Measure("gad7", ago(7), 18)], TODAY)
    assert [s.key for s in severe.severe] == ["severe_phq9"]
