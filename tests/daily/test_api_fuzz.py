"""Property-based tests for the JSON API (/api/checkins/): arbitrary bodies never
cause a 500 or a partial row, and every rejection is a 400 naming the field."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkin.models import CheckIn
from tests.daily.test_checkin_fuzz import FIELD_NAMES, FUZZ, junk, valid

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

API = "/api/checkins/"

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # huge and negative ones included
    st.floats(allow_nan=False, allow_infinity=False),
    junk,
)
any_json = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def api_value(name):
    """A valid answer for the field, a wrong one, or a wrong JSON type."""
    good = valid[name]
    if name in ("pain", "mood", "sleep_quality", "exercise_minutes"):
        good = good | good.map(int)  # numbers may come as JSON numbers
    return st.one_of(good, junk, any_json)


# Any subset of the fields, each valid or not, plus stray keys.
bodies = st.fixed_dictionaries(
    {},
    optional={**{name: api_value(name) for name in FIELD_NAMES}, "updated_at": any_json, "surprise": any_json},
)


GOOD = {
    "date": "2024-03-01",
    "pain": 4,
    "mood": 6,
    "sleep_hours": 7.5,
    "sleep_quality": 3,
    "exercise_minutes": 20,
    "exercise_kind": "walking",
    "symptoms": [],
    "note": "",
    "client_uuid": "5b0c1d0e-3a7c-4a8e-9a53-2a1f9b0a7c11",
}


def rows(patient):
    return list(CheckIn.objects.filter(patient=patient).order_by("date").values())


def post(client, raw: bytes | str):
    return client.post(API, raw, content_type="application/json")


def assert_rejection_names_each_field(response):
    assert response.status_code == 400, (response.status_code, response.content)
    errors = response.json()["errors"]
    assert errors
    for field, messages in errors.items():
        assert field in FIELD_NAMES or field in ("updated_at", "__all__"), field
        for message in messages:
            if field != "__all__":
                assert message.startswith((FIELD_NAMES.get(field, field), field)), (field, message)


@FUZZ
@given(body=bodies)
def test_arbitrary_json_check_ins_are_stored_whole_or_refused_naming_the_field(patient_client, patient, body):
    before = rows(patient)
    response = post(patient_client, json.dumps(body))
    after = rows(patient)
    assert response["Content-Type"] == "application/json"
    if response.status_code in (200, 201):
        assert len(after) - len(before) in (0, 1)
        assert response.json()["checkin"]["client_uuid"]
    else:
        assert_rejection_names_each_field(response)
        assert after == before


@FUZZ
@given(body=st.one_of(st.binary(max_size=200), any_json.map(json.dumps), st.text(max_size=50)))
def test_any_body_at_all_is_answered_with_json_never_an_error(patient_client, patient, body):
    before = rows(patient)
    response = post(patient_client, body)
    assert response.status_code in (200, 201, 400), response.status_code
    assert response["Content-Type"] == "application/json"
    if response.status_code == 400:
        assert_rejection_names_each_field(response)
        assert rows(patient) == before


@FUZZ
@given(field=st.sampled_from(list(FIELD_NAMES)), value=st.one_of(junk, any_json))
def test_one_bad_value_among_good_ones_is_refused_naming_that_field(patient_client, patient, field, value):
    before = rows(patient)
    response = post(patient_client, json.dumps({**GOOD, field: value}))
    if response.status_code in (200, 201):
        return  # the value happened to be acceptable (for example "٣" is the digit 3)
    assert_rejection_names_each_field(response)
    assert set(response.json()["errors"]) == {field}
    assert rows(patient) == before


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(patient_client, patient):
    response = post(patient_client, json.dumps({**GOOD, "note": "x" * 100_000}))
    assert response.status_code == 413
    assert "KB" in response.json()["errors"]["__all__"][0]
    assert not CheckIn.objects.exists()


def test_nan_and_giant_numbers_are_refused(patient_client, patient):
    for raw in ('{"pain": NaN}', '{"pain": Infinity}', '{"pain": 1' + "0" * 5000 + "}"):
        response = post(patient_client, raw)
        assert response.status_code == 400, raw[:30]
    assert not CheckIn.objects.exists()
