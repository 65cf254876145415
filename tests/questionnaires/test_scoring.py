"""Scoring, item by item, at every band boundary, against the instruments' published instructions."""

from decimal import Decimal

import pytest

from checkin.domain.instruments import (
    HOW_OFTEN,
    INSTRUMENTS,
    PHQ_GAD_COPYRIGHT,
    band_of,
    change,
    change_in_words,
    meaning,
    score,
)

PEG, PHQ2, PHQ9, GAD2, GAD7 = (INSTRUMENTS[s] for s in ("peg", "phq2", "phq9", "gad2", "gad7"))


def answers(*values):
    return {f"item{n}": v for n, v in enumerate(values, start=1)}


def test_the_items_are_the_published_wording_word_for_word():
    phq9 = [item.text for item in PHQ9.items]
    assert phq9[0] == "Little interest or pleasure in doing things"
    assert phq9[8] == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert [item.text for item in PHQ2.items] == phq9[:2]
    gad7 = [item.text for item in GAD7.items]
    assert gad7[0] == "Feeling nervous, anxious, or on edge"
    assert gad7[4] == "Being so restless that it's hard to sit still"
    assert [item.text for item in GAD2.items] == gad7[:2]
    assert PEG.items[0].text == "What number best describes your pain on average in the past week?"
    assert HOW_OFTEN == ("Not at all", "Several days", "More than half the days", "Nearly every day")
    assert [len(i.items) for i in (PEG, PHQ2, PHQ9, GAD2, GAD7)] == [3, 2, 9, 2, 7]


def test_the_phq_and_gad_carry_their_copyright_line_and_the_peg_its_source():
    assert PHQ9.copyright == GAD7.copyright == PHQ_GAD_COPYRIGHT
    assert "No permission required to reproduce" in PHQ_GAD_COPYRIGHT
    assert "Krebs" in PEG.copyright


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_at_every_boundary(total, band):
    assert band_of(PHQ9, total) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands_at_every_boundary(total, band):
    assert band_of(GAD7, total) == band


def test_phq9_is_the_sum_of_its_nine_items():
    # Worked example: two items "Several days", three "More than half the days",
    # one "Nearly every day", the rest "Not at all": 2 + 6 + 3 = 11, moderate.
    result = score(PHQ9, answers(1, 1, 2, 2, 2, 3, 0, 0, 0))
    assert (result.value, result.band, result.self_harm) == (11, "moderate", False)


def test_each_item_counts_once_in_the_total():
    for n in range(1, 10):
        values = [0] * 9
        values[n - 1] = 3
        assert score(PHQ9, answers(*values)).value == 3


def test_the_highest_answers_score_the_top_of_each_scale():
    assert score(PHQ9, answers(*[3] * 9)).value == 27
    assert score(GAD7, answers(*[3] * 7)).value == 21
    assert score(PHQ2, answers(3, 3)).value == 6
    assert score(PEG, answers(10, 10, 10)).value == Decimal("10.0")


def test_peg_is_the_mean_of_its_three_items_rounded_to_a_whole_number_as_loinc_states_it():
    # Krebs 2009: average pain 6, enjoyment 7, activity 8 -> 7; LOINC 91147-9 rounds the mean.
    assert score(PEG, answers(6, 7, 8)).value == Decimal("7")
    assert score(PEG, answers(5, 5, 6)).value == Decimal("5")  # 16 / 3 = 5.33
    assert score(PEG, answers(5, 6, 6)).value == Decimal("6")  # 17 / 3 = 5.67
    assert score(PEG, answers(0, 0, 1)).value == Decimal("0")  # 0.33
    assert score(PEG, answers(9, 10, 10)).value == Decimal("10")  # 9.67


@pytest.mark.parametrize(
    ("instrument", "first", "second", "positive"),
    [
        (PHQ2, 1, 1, False),
        (PHQ2, 2, 1, True),
        (PHQ2, 0, 3, True),
        (GAD2, 1, 1, False),
        (GAD2, 1, 2, True),
        (GAD2, 3, 3, True),
    ],
)
def test_a_screener_is_positive_from_three(instrument, first, second, positive):
    assert score(instrument, answers(first, second)).positive is positive


def test_full_scales_are_never_called_positive():
    assert score(PHQ9, answers(*[3] * 9)).positive is False


def test_a_missing_item_is_not_scored_and_says_which():
    result = score(PHQ9, answers(1, 1, 1, 1, None, 1, 1, 1, 0))
    assert result.value is None
    assert result.band == ""
    assert result.missing == ("item5",)
    assert score(PEG, {"item1": 4, "item3": 4}).missing == ("item2",)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item9_above_not_at_all_is_flagged_whatever_the_total(item9):
    assert score(PHQ9, answers(0, 0, 0, 0, 0, 0, 0, 0, item9)).self_harm is True
    # Even when the response cannot be scored.
    assert score(PHQ9, {"item9": item9}).self_harm is True


def test_item9_not_at_all_is_not_flagged():
    assert score(PHQ9, answers(3, 3, 3, 3, 3, 3, 3, 3, 0)).self_harm is False


@pytest.mark.parametrize(
    ("instrument", "earlier", "later", "meaningful"),
    [
        (PHQ9, 10, 14, False),
        (PHQ9, 10, 15, True),
        (PHQ9, 15, 10, True),
        (GAD7, 8, 11, False),
        (GAD7, 8, 12, True),
        (PEG, Decimal("5.0"), Decimal("5.9"), False),
        (PEG, Decimal("5.0"), Decimal("6.0"), True),
        (PEG, Decimal("6.0"), Decimal("5.0"), True),
    ],
)
def test_a_meaningful_change_is_at_least_the_instruments_size(instrument, earlier, later, meaningful):
    moved = change(instrument, earlier, later)
    assert moved["meaningful"] is meaningful
    assert moved["by"] == later - earlier


def test_no_change_without_two_scores():
    assert change(PHQ9, None, 12) is None


@pytest.mark.parametrize(
    ("instrument", "value", "words"),
    [
        (PHQ9, 0, "minimal (0–4)"),
        (PHQ9, 14, "moderate (10–14)"),
        (PHQ9, 15, "moderately severe (15–19)"),
        (PHQ9, 27, "severe (20–27)"),
        (GAD7, 9, "mild (5–9)"),
        (GAD7, 21, "severe (15–21)"),
        (PHQ2, 2, "below 3, no more questions needed"),
        (PHQ2, 4, "worth answering all 9 PHQ-9 questions"),
        (GAD2, 3, "worth answering all 7 GAD-7 questions"),
        (PEG, Decimal("6.0"), "higher means pain gets in the way more"),
    ],
)
def test_every_score_says_what_it_means(instrument, value, words):
    assert meaning(instrument, value) == words


def test_a_missing_score_means_nothing():
    assert meaning(PHQ9, None) == ""


@pytest.mark.parametrize(
    ("instrument", "earlier", "later", "words"),
    [
        (PHQ9, 10, 10, "the same as last time"),
        (PHQ9, 10, 16, "6 points higher than last time: a meaningful worsening"),
        (PHQ9, 16, 10, "6 points lower than last time: a meaningful improvement"),
        (
            GAD7,
            8,
            9,
            "1 point higher than last time: within the usual ups and downs (a change of 4 or more is meaningful)",
        ),
        (PEG, Decimal("6.0"), Decimal("5.0"), "1.0 point lower than last time: a meaningful improvement"),
        (PHQ2, 1, 3, "2 points higher than last time"),
    ],
)
def test_the_change_since_last_time_in_words(instrument, earlier, later, words):
    assert change_in_words(instrument, change(instrument, earlier, later)) == words


def test_no_words_without_a_change():
    assert change_in_words(PHQ9, None) == ""


def test_each_questionnaire_has_its_own_title():
    titles = [i.title for i in INSTRUMENTS.values()]
    assert len(set(titles)) == len(titles)
