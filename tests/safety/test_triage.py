"""Warning signs triaged as clinicians triage them: one table, never milder."""

from checkin.safety import triage


def test_the_emergency_signs_are_saddle_numbness_bladder_or_bowel_trouble_and_weak_legs():
    emergency = {sign.value for sign in triage.SIGNS if sign.level == triage.EMERGENCY}
    urgent = {sign.value for sign in triage.SIGNS if sign.level == triage.URGENT}
    assert emergency == {"saddle_numbness", "bladder_bowel", "legs_weak"}
    assert urgent == {"fever", "weight_loss", "night_pain", "injury", "leg_numbness"}


def test_the_most_serious_sign_decides_the_level():
    assert triage.level_of([]) is None
    assert triage.level_of(["fever", "night_pain"]) == triage.URGENT
    assert triage.level_of(["fever", "saddle_numbness"]) == triage.EMERGENCY
    assert [sign.value for sign in triage.signs_of(["fever", "legs_weak"])] == ["legs_weak", "fever"]


def test_earlier_answers_stay_readable_as_asked_and_are_never_milder():
    # "Numbness in the legs, buttocks or groin" might have been saddle numbness.
    assert triage.BY_VALUE["numbness"].question == "Numbness in the legs, buttocks or groin"
    assert triage.level_of(["numbness"]) == triage.EMERGENCY
    assert triage.level_of(["weakness"]) == triage.EMERGENCY


def test_the_question_offers_earlier_answers_only_to_a_check_in_that_holds_one():
    today = [value for value, _ in triage.question_choices()]
    assert today == [sign.value for sign in triage.SIGNS]
    assert [value for value, _ in triage.question_choices(["numbness"])][-1] == "numbness"
