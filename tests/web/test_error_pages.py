"""Pages for what went wrong, in Mend's own look and plain words: not found
(404), a form that could not be accepted (CSRF, 403), and a failure on the
server's side (500). Each keeps "Get help now" or the crisis numbers in reach."""

import uuid

import pytest
from django.template.loader import get_template
from django.test import Client

from checkin.models import CheckIn
from tests.conftest import checkin_values, sign_in


def main_part(response) -> str:
    """What the page says (<main>), without the header's per-request tokens."""
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


# --- 404 ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_page_says_so_in_mends_look_with_a_way_back(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We can't find that page" in html
    assert "The link may be old or mistyped." in html
    assert '<a class="btn btn-primary btn-lg w-100" href="/">Go to the front page</a>' in html
    assert "Get help now" in html  # the header, as on every page


@pytest.mark.django_db
def test_a_patient_on_a_missing_page_is_offered_home_and_keeps_the_tabs(patient_client):
    response = patient_client.get("/checkin/1999-01-01/")  # before the first allowed day
    html = response.content.decode()
    assert response.status_code == 404
    assert "Go to Home" in html
    assert 'class="tabbar"' in html
    assert "stop sharing" not in html and "my patients" not in html


@pytest.mark.django_db
def test_a_stranger_clinician_sees_the_same_page_for_a_real_share_as_for_no_share_at_all(share, other_clinician):
    stranger = Client()
    sign_in(stranger, other_clinician)
    real = stranger.get(f"/clinician/patients/{share.pk}/")
    made_up = stranger.get(f"/clinician/patients/{uuid.uuid4()}/")
    assert real.status_code == made_up.status_code == 404
    assert main_part(real) == main_part(made_up)
    assert "Go to my patients" in main_part(real)
    assert "close the moment they stop sharing" in main_part(real)
    assert share.patient.email not in real.content.decode()


# --- CSRF (403) ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_form_sent_with_a_stale_token_gets_a_plain_page_linking_back_to_the_form(strict_client):
    response = strict_client.post(
        "/checkin/", checkin_values(csrfmiddlewaretoken="x" * 32), HTTP_REFERER="http://testserver/checkin/"
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Please send that again" in html
    assert "nothing was changed" in html
    assert 'href="http://testserver/checkin/">Open the page again</a>' in html
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_the_csrf_page_never_links_back_to_another_site(strict_client):
    response = strict_client.post("/checkin/", checkin_values(), HTTP_REFERER="https://elsewhere.example/checkin/")
    assert response.status_code == 403
    assert 'href="/">Open the page again</a>' in response.content.decode()
    assert "elsewhere.example" not in response.content.decode()


@pytest.mark.django_db
def test_the_api_still_answers_a_missing_token_with_json(strict_client, patient):
    response = strict_client.post("/api/checkins/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "CSRF token" in response.json()["errors"]["__all__"][0]


# --- 500 ----------------------------------------------------------------------------


def test_the_500_page_renders_with_no_context_at_all():
    # As Django's handler renders it: no request, no context processors, and
    # (no django_db mark) any database access would fail this test.
    html = get_template("500.html").render()
    assert "Something went wrong on our side" in html
    assert "look in History" in html
    assert 'href="tel:999"' in html  # crisis numbers stay reachable


@pytest.mark.django_db
def test_a_view_that_fails_answers_500_with_the_plain_page(patient, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("checkin.daily.views.access.own_checkins", broken)
    client = Client(raise_request_exception=False)
    sign_in(client, patient)
    response = client.get("/history/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "a bug" not in response.content.decode()
