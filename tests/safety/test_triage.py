"""Warning signs triaged as clinicians triage them: one table, never milder."""

from checkin.domain import triage


def test_the_signs_and_their_levels_are_the_nhs_and_nices():
    emergency = {sign.value for sign in triage.SIGNS if sign.level == triage.EMERGENCY}
    urgent = {sign.value for sign in triage.SIGNS if sign.level == triage.URGENT}
    assert emergency == {
        "saddle_numbness",
        "bladder_bowel",
        "both_legs",
        "leg_weakness_worse",
        "sexual_function",
        "chest_pain",
        "serious_accident",
    }
    assert urgent == {
        "fever",
        "weight_loss",
        "night_pain",
        "injury",
        "leg_numbness",
        "cancer_history",
        "lump_shape",
        "cough_strain",
        "upper_back",
    }


def test_every_sign_asked_today_cites_its_sources():
    for sign in triage.SIGNS:
        assert sign.sources, sign.value
        assert all(source.startswith(("NHS", "NICE", "GIRFT")) for source in sign.sources), sign.value


def test_an_earlier_answer_of_one_or_both_legs_keeps_its_own_words_for_clinicians():
    # "Both legs, or weakness getting worse": it may have been one leg, so clinicians read both halves.
    assert triage.words_of("legs_weak") == "weakness or numbness in both legs, or weakness getting worse"
    assert triage.words_of("both_legs") == "pain, tingling, weakness or numbness in both legs"
    assert triage.words_of("leg_weakness_worse") == "weakness in one leg getting worse"
    assert triage.level_of(["legs_weak"]) == triage.EMERGENCY


def test_the_card_labels_say_the_level_never_a_softer_one():
    assert triage.ADVICE[triage.EMERGENCY].label == "Emergency"
    assert triage.ADVICE[triage.URGENT].label == "Today"
    # Every shipped region: no line Mend might not give, no "surgery".
    closing = triage.ADVICE[triage.URGENT].closing
    assert "urgent care line" not in closing and "surgery" not in closing
    assert "Call your doctor today, or go to an urgent care or emergency department if you cannot reach them" in closing


def test_an_unknown_value_counts_as_an_emergency():
    assert triage.level_of(["something_new", "fever"]) == triage.EMERGENCY


def test_the_most_serious_sign_decides_the_level():
    assert triage.level_of([]) is None
    assert triage.level_of(["fever", "night_pain"]) == triage.URGENT
    assert triage.level_of(["fever", "saddle_numbness"]) == triage.EMERGENCY
    assert [sign.value for sign in triage.signs_of(["fever", "both_legs"])] == ["both_legs", "fever"]


def test_earlier_answers_stay_readable_as_asked_and_are_never_milder():
    # "Numbness in the legs, buttocks or groin" might have been saddle numbness.
    assert triage.BY_VALUE["numbness"].question == "Numbness in the legs, buttocks or groin"
    assert triage.level_of(["numbness"]) == triage.EMERGENCY
    assert triage.level_of(["weakness"]) == triage.EMERGENCY


def test_the_question_offers_earlier_answers_only_to_a_check_in_that_holds_one():
    today = [value for value, _ in triage.question_choices()]
    assert today == [sign.value for sign in triage.SIGNS]
    assert [value for value, _ in triage.question_choices(["numbness"])][-1] == "numbness"
