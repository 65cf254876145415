"""Which questionnaire is due: every so many days, screeners stepping up when positive."""

import datetime

from checkin.questionnaires.schedule import due

TODAY = datetime.date(2026, 12, 5)
DEFAULTS = {"peg": 7, "phq2": 14, "gad2": 14}


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def test_a_new_patient_is_offered_each_scheduled_questionnaire():
    assert due(DEFAULTS, [], TODAY) == ["peg", "phq2", "gad2"]


def test_a_questionnaire_is_due_again_once_its_days_have_passed():
    recent = [("peg", ago(6), 4), ("phq2", ago(13), 1), ("gad2", ago(14), 0)]
    assert due(DEFAULTS, recent, TODAY) == ["gad2"]
    assert due(DEFAULTS, [("peg", ago(7), 4), ("phq2", ago(1), 0), ("gad2", ago(1), 0)], TODAY) == ["peg"]


def test_a_positive_screener_offers_the_full_scale_at_once_and_first():
    recent = [("peg", ago(1), 4), ("phq2", ago(0), 3), ("gad2", ago(2), 1)]
    assert due(DEFAULTS, recent, TODAY) == ["phq9"]


def test_the_full_scale_answered_after_the_screener_ends_the_step_up():
    recent = [("peg", ago(1), 4), ("phq2", ago(0), 4), ("phq9", ago(0), 12), ("gad2", ago(2), 1)]
    assert due(DEFAULTS, recent, TODAY) == []


def test_a_full_scale_answered_recently_stands_in_for_its_screener():
    recent = [("peg", ago(1), 4), ("phq9", ago(10), 6), ("gad7", ago(3), 2)]
    assert due(DEFAULTS, recent, TODAY) == []


def test_a_negative_screener_steps_up_to_nothing():
    recent = [("peg", ago(1), 4), ("phq2", ago(0), 2), ("gad2", ago(0), 2)]
    assert due(DEFAULTS, recent, TODAY) == []


def test_a_turned_off_schedule_is_never_due():
    assert due({"peg": 7}, [], TODAY) == ["peg"]
