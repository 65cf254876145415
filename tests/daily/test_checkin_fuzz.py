"""Property-based tests: arbitrary input to the check-in form never causes a 500
or a partial row, and every rejection names the field it is about."""

import datetime
import uuid
from urllib.parse import urlparse

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checkin.domain import triage
from checkin.models import CheckIn, ExerciseKind
from tests.conftest import checkin_values

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# What each field's messages start with, so a patient knows which answer to fix.
FIELD_NAMES = {
    "pain": "Pain",
    "mood": "Mood",
    "sleep_hours": "Sleep",
    "sleep_quality": "Sleep quality",
    "exercise_minutes": "Activity",
    "exercise_kind": "Kind of activity",
    "symptoms": "Warning signs",
    "note": "Note",
    "date": "Day",
    "client_uuid": "client_uuid",
}

# The examples share one test database transaction, so they run quickly; each
# compares the rows before and after its own request.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

nasty_strings = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "4\x00",
        "1e309",
        "-1e309",
        "NaN",
        "sNaN",
        "Infinity",
        "-0",
        "0x10",
        "٣",
        "１０",
        "10.0",
        "5.25",
        "99999999999999999999999999",
        "-1",
        "2023-02-30",
        "0000-00-00",
        "9999-12-31",
        "10000-01-01",
        "null",
        "[]",
        "{}",
        "true",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00",
        "\u202e",
        "🙂" * 10,
    ]
)
junk = st.one_of(
    nasty_strings,
    st.text(max_size=40),  # any unicode, NUL included
    st.integers().map(str),  # huge and negative numbers
    st.floats().map(str),
    st.decimals().map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
    st.uuids().map(str),
)
valid = {
    "pain": st.integers(0, 10).map(str),
    "mood": st.integers(0, 10).map(str),
    "sleep_hours": st.integers(0, 48).map(lambda n: str(n / 2)),
    "sleep_quality": st.integers(1, 5).map(str),
    "exercise_minutes": st.integers(0, 1440).map(str),
    "exercise_kind": st.sampled_from(ExerciseKind.values),
    "symptoms": st.lists(st.sampled_from([sign.value for sign in triage.SIGNS]), max_size=4),
    "note": st.text(max_size=200),
    "date": st.dates(datetime.date(2000, 1, 1), datetime.date(2024, 12, 31)).map(str),
    "client_uuid": st.uuids().map(str),
}


def answer(name):
    """A valid value, junk, or several values at once (a wrong type for most fields)."""
    return st.one_of(valid[name], junk, st.lists(st.one_of(valid[name], junk), max_size=3))


# Any subset of the fields (missing keys), each valid or not.
posts = st.fixed_dictionaries({}, optional={name: answer(name) for name in FIELD_NAMES})


def rows(patient):
    return list(CheckIn.objects.filter(patient=patient).order_by("date").values())


def assert_rejection_names_each_field(response):
    """A rejection is the form again, with messages that name their field, shown on the page."""
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert form.errors, "a 200 answer to a POST must be a rejection"
    assert not form.non_field_errors()
    html = response.content.decode()
    for field, messages in form.errors.items():
        for message in messages:
            assert message.startswith(FIELD_NAMES[field]), (field, message)
            assert escape(message) in html


@FUZZ
@given(data=posts)
def test_arbitrary_check_in_posts_are_saved_whole_or_rejected_naming_the_field(patient_client, patient, data):
    before = rows(patient)
    response = patient_client.post("/checkin/", data)
    after = rows(patient)
    if response.status_code == 302:
        assert len(after) - len(before) in (0, 1)
    else:
        assert_rejection_names_each_field(response)
        assert after == before  # nothing written, not even part of a row


@FUZZ
@given(field=st.sampled_from(list(FIELD_NAMES)), value=st.one_of(junk, st.lists(junk, min_size=2, max_size=3)))
def test_one_bad_answer_among_good_ones_is_named_and_nothing_typed_is_lost(patient_client, patient, field, value):
    data = checkin_values(**{"note": "Walked to the shop", field: value})
    before = rows(patient)
    response = patient_client.post("/checkin/", data)
    if response.status_code == 302:
        return  # the "junk" happened to be acceptable (e.g. "٣" is the digit 3)
    assert_rejection_names_each_field(response)
    assert list(response.context["form"].errors) == [field]
    assert rows(patient) == before
    if field != "note":
        assert "Walked to the shop" in response.content.decode()


@FUZZ
@given(day=st.one_of(st.text(min_size=1, max_size=20), nasty_strings.filter(bool), st.dates().map(str)))
@example(day="?\x00")  # a NUL in the query string
@example(day="#?\x00")  # the same after a fragment, which the client never sends
def test_any_day_in_the_address_is_a_page_or_a_404_never_an_error(patient_client, day):
    url = f"/checkin/{day}/"
    response = patient_client.get(url)
    if "\x00" in urlparse(url).query:  # a NUL in the query: the 400 that names it (RefuseNulMiddleware)
        assert response.status_code == 400 and b"NUL character" in response.content
    else:
        assert response.status_code in (200, 301, 302, 404)


def test_a_body_over_the_upload_limit_is_a_400_not_a_500(patient_client, patient):
    response = patient_client.post("/checkin/", checkin_values(note="x" * 3_000_000))
    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_a_long_note_is_rejected_naming_the_note_and_keeping_the_answers(patient_client, patient):
    response = patient_client.post("/checkin/", checkin_values(note="x" * 5000, pain="8"))
    assert_rejection_names_each_field(response)
    assert "Note: at most 2,000 characters" in response.content.decode()
    assert 'id="id_pain_8" value="8" autocomplete="off" checked' in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_nul_character_in_the_note_is_rejected_naming_the_note(patient_client, patient):
    response = patient_client.post("/checkin/", checkin_values(note="fine\x00day"))
    assert_rejection_names_each_field(response)
    assert response.context["form"].errors["note"][0].startswith("Note:")


def test_a_client_uuid_is_kept_once_whatever_is_replayed(patient_client, patient, today):
    key = str(uuid.uuid4())
    for _ in range(3):
        assert patient_client.post("/checkin/", checkin_values(client_uuid=key)).status_code == 302
    assert CheckIn.objects.filter(patient=patient).count() == 1
