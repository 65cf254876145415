"""One table of a check-in's answers feeds the database, the form, the API and the exports."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from checkin.daily.exports import CHECKIN_HEADERS
from checkin.daily.forms import CheckInForm
from checkin.domain import answers
from checkin.models import CheckIn


def test_every_range_is_a_named_database_check():
    names = {constraint.name for constraint in CheckIn._meta.constraints}
    assert {r.constraint for r in answers.RANGES.values()} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("field", list(answers.RANGES))
def test_the_database_refuses_one_past_each_end(field, patient, make_checkin):
    answer = answers.RANGES[field]
    for value in (answer.low - 1, answer.high + 1):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_checkin(patient, datetime.date(2026, 1, 1), **{field: value})


@pytest.mark.parametrize("field", list(answers.RANGES))
def test_the_form_refuses_one_past_each_end_naming_the_field_and_its_range(field):
    answer = answers.RANGES[field]
    form = CheckInForm(
        {
            "pain": "4",
            "mood": "5",
            "sleep_hours": "7",
            "sleep_quality": "3",
            "exercise_minutes": "0",
            "exercise_kind": "none",
            field: str(answer.high + 1),
        },
        today=datetime.date(2026, 1, 1),
    )
    assert not form.is_valid()
    message = form.errors[field][0]
    assert message.startswith(f"{answer.word}: ") and str(answer.high) in message


def test_the_form_the_api_and_the_exports_list_the_same_answers():
    assert tuple(CheckInForm._meta.fields) == answers.ANSWER_FIELDS
    # Every answer, whatever the settings: the note last, empty unless shared.
    assert set(CHECKIN_HEADERS) == {"date", *answers.ANSWER_FIELDS}
    assert list(CHECKIN_HEADERS)[-1] == "note"


@pytest.mark.django_db
def test_one_record_for_the_api_and_the_exports(patient, make_checkin):
    row = make_checkin(patient, datetime.date(2026, 1, 1), note="Private", symptoms=["fever"])
    record = answers.as_data(row)
    assert list(record) == ["date", *answers.ANSWER_FIELDS]
    assert record["sleep_hours"] == 7.5 and record["symptoms"] == ["fever"]
    assert "note" not in answers.as_data(row, include_note=False)
