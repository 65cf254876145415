"""The clinician reads the latest PHQ-9, GAD-7 and PEG question by question,
in the instruments' own words, not only their totals."""

import pytest

from checkin.domain.instruments import DIFFICULTY_QUESTION, INSTRUMENTS, PHQ9_ITEMS, answers_in_words
from checkin.models import QuestionnaireResponse

pytestmark = pytest.mark.django_db

PHQ9 = {f"item{n}": value for n, value in enumerate((2, 3, 1, 2, 0, 1, 1, 0, 1), start=1)}


def test_each_question_comes_with_its_answer_and_a_missing_one_says_so():
    rows = answers_in_words(INSTRUMENTS["phq9"], {**PHQ9, "item5": None, "difficulty": 2})
    assert len(rows) == 10
    assert rows[0] == (PHQ9_ITEMS[0], 2, "More than half the days")
    assert rows[4] == (PHQ9_ITEMS[4], None, "Not answered")
    assert rows[8] == (PHQ9_ITEMS[8], 1, "Several days")
    assert rows[9] == (DIFFICULTY_QUESTION, 2, "Very difficult")


def test_a_zero_to_ten_item_reads_as_a_number_out_of_ten():
    rows = answers_in_words(INSTRUMENTS["peg"], {"item1": 7, "item2": 5, "item3": 0})
    assert [words for _, _, words in rows] == ["7 of 10", "5 of 10", "0 of 10"]


def test_the_clinicians_page_shows_the_latest_phq9_item_by_item_open_when_item_9_is_positive(
    clinician_client, share, patient, today
):
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="phq9",
        date=today,
        score=11,
        band="moderate",
        answers={**PHQ9, "difficulty": 1},
        version="phq9",
        self_harm=True,
    )
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="peg",
        date=today,
        score="6.0",
        answers={"item1": 7, "item2": 5, "item3": 6},
        version="peg",
    )
    page = clinician_client.get(f"/clinician/patients/{share.pk}/").content.decode()
    phq9 = page.split("PHQ-9 of ")[1].split("</details>")[0]
    assert "question by question" in phq9
    assert f"<td>{PHQ9_ITEMS[8]}</td><td>Several days (1)</td>" in phq9
    assert "<td>Somewhat difficult (1)</td>" in phq9
    assert '<details class="item-answers mb-2" open>' in page  # item 9 above 0: open at once
    peg = page.split("PEG of ")[1].split("</details>")[0]
    assert "<td>7 of 10</td>" in peg
    # The printed report keeps to one page: totals only.
    report = clinician_client.get(f"/clinician/patients/{share.pk}/report/").content.decode()
    assert "question by question" not in report
