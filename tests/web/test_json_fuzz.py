"""Every JSON endpoint a phone sends to answers any body with its own answer
or a 400 that names what to fix: never a 500, on SQLite and on PostgreSQL
(the whole suite runs on both). The bodies are well-formed JSON holding what
JSON can spell but no database stores (NUL, unpaired surrogates), every JSON
type where another is expected, nesting, and oversize strings."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# (method, path, the fields the endpoint reads)
ENDPOINTS = [
    (
        "post",
        "/api/checkins/",
        ["date", "pain", "mood", "sleep_hours", "sleep_quality", "exercise_minutes", "exercise_kind", "symptoms"]
        + ["note", "self_harm", "client_uuid", "updated_at", "owner"],
    ),
    ("post", "/api/measures/", ["instrument", "date", "answers", "client_uuid", "updated_at", "owner", "q1", "q9"]),
    ("post", "/api/push-subscriptions/", ["endpoint", "keys"]),
    ("delete", "/api/push-subscriptions/", ["endpoint"]),
]

nasty_text = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),  # surrogates included
    st.sampled_from(
        ["\x00", "a\x00b", "\ud800", "x\udfffy", "\U0001f600", "2026-02-30", "https://fcm.googleapis.com/"]
    ),
    st.just("x" * 5000),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False)
)
values = st.recursive(
    st.one_of(scalars, nasty_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(nasty_text, st.sampled_from(["p256dh", "auth"])), inner, max_size=4),
    ),
    max_leaves=8,
)


def bodies(fields):
    return st.dictionaries(st.one_of(st.sampled_from(fields), nasty_text), values, max_size=len(fields) + 2)


@pytest.mark.parametrize(("method", "path", "fields"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
def test_no_json_body_makes_a_500(patient_client, method, path, fields):
    @FUZZ
    @given(body=bodies(fields))
    def check(body):
        text = json.dumps(body)  # ASCII: surrogates and NUL travel as \u escapes
        response = getattr(patient_client, method)(path, text, content_type="application/json")
        assert response.status_code < 500, (body, response.content[:300])
        if response.status_code == 400:
            assert response.json()["errors"], body

    check()


@pytest.mark.parametrize(("method", "path", "fields"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
@pytest.mark.parametrize("text", ["\x00", "\ud800"], ids=["NUL", "surrogate"])
def test_unstorable_text_is_refused_naming_the_field(patient_client, method, path, fields, text):
    body = {fields[0]: f"a{text}b"}
    response = getattr(patient_client, method)(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert fields[0] in response.json()["errors"]


WRONG_TYPES = [[], {}, [1, "a"], {"a": []}, True, None, 1e300, -1, "x" * 5000]


@pytest.mark.parametrize(("method", "path", "fields"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
def test_every_field_of_every_type_is_answered_without_a_500(patient_client, method, path, fields):
    for field in fields:
        for value in WRONG_TYPES:
            body = json.dumps({field: value})
            response = getattr(patient_client, method)(path, body, content_type="application/json")
            assert response.status_code < 500, (field, value)
