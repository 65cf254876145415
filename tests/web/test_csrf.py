"""CSRF: every state-changing request needs a valid token, on every URL, the
JSON API included."""

import uuid

import pytest

from tests.conftest import checkin_values
from tests.web.urlmap import every_url

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

UNSAFE_METHODS = ("post", "put", "patch", "delete")
# The one deliberate exemption: a mail program's one-click unsubscribe
# (RFC 8058) POSTs with no session or token; the signed token in the URL is
# the authority, and all it can do is stop reminder emails.
EXEMPT = {"reminders/unsubscribe/<str:token>/"}
URLS = every_url()
CHECKED = [(route, path) for route, path, _ in URLS if route not in EXEMPT]


def test_the_url_list_covers_the_pages_that_change_data():
    routes = {route for route, _, _ in URLS}
    for route in (
        "checkin/",
        "checkin/<isodate:day>/",
        "account/",
        "accounts/login/",
        "accounts/logout/",
        "account/logout-everywhere/",
        "accounts/password/reset/",
        "admin/login/",
    ):
        assert route in routes


def test_no_view_is_exempt_from_csrf_checks_but_the_one_click_unsubscribe():
    exempt = {route for route, _, view in URLS if getattr(view, "csrf_exempt", False)}
    assert exempt == EXEMPT


@pytest.mark.parametrize("route, path", CHECKED)
def test_every_url_refuses_unsafe_methods_without_a_token(strict_client, route, path):
    for method in UNSAFE_METHODS:
        response = strict_client.generic(method.upper(), path, "{}", content_type="application/json")
        assert response.status_code == 403, f"{method.upper()} {path} ({route}) answered {response.status_code}"


@pytest.mark.parametrize("route, path", CHECKED)
def test_every_url_refuses_a_post_with_a_wrong_token(strict_client, route, path):
    strict_client.get("/account/")  # sets the csrftoken cookie
    response = strict_client.post(path, {"csrfmiddlewaretoken": "x" * 64}, HTTP_X_CSRFTOKEN="y" * 64)
    assert response.status_code == 403, f"POST {path} ({route}) answered {response.status_code}"


def test_the_check_in_form_works_with_its_token(strict_client, patient):
    page = strict_client.get("/checkin/")
    token = page.context["csrf_token"]
    response = strict_client.post("/checkin/", checkin_values(csrfmiddlewaretoken=token))
    assert response.status_code == 302


def test_the_json_api_refuses_a_post_without_a_token_and_accepts_one_with_it(strict_client, patient):
    body = checkin_values(date=patient.today().isoformat(), client_uuid=str(uuid.uuid4()))
    refused = strict_client.post("/api/checkins/", body, content_type="application/json")
    assert refused.status_code == 403
    strict_client.get("/checkin/")
    token = strict_client.cookies["csrftoken"].value
    accepted = strict_client.post("/api/checkins/", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code in (200, 201), accepted.content
