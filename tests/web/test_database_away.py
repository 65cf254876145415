"""When the database is away, pages answer 503 with a clear page, and Mend
recovers by itself when the database is back."""

import time
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connection
from django.test import Client

from checkin.web.errors import unavailable_response
from tests.conftest import sign_in
from tests.postgres import require_postgresql

PAGE_HEADING = "Mend is taking a short break"


@pytest.fixture
def database_away(monkeypatch):
    """The database stops answering: the errors the tests raise are then what
    a lost database raises (the real thing is tested against PostgreSQL below)."""
    monkeypatch.setattr("checkin.web.errors.database_answers", lambda: False)


@pytest.fixture
def quiet_client():
    """A client that returns the error page instead of re-raising the error."""
    return Client(raise_request_exception=False)


def test_the_503_page_is_rendered_without_touching_the_database():
    # No django_db mark: pytest-django makes any database access here an error.
    response = unavailable_response()
    html = response.content.decode()
    assert response.status_code == 503
    assert PAGE_HEADING in html
    assert "Nothing you saved before is lost" in html
    assert 'href="tel:999"' in html  # crisis numbers stay reachable
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_view_that_loses_the_database_answers_503(patient_client, monkeypatch, database_away):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("checkin.daily.views.access.own_checkins", lost)
    response = patient_client.get("/history/")
    assert response.status_code == 503
    assert PAGE_HEADING in response.content.decode()
    # The security headers are still there: the page went through the middleware.
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_losing_the_database_while_loading_the_session_answers_503(quiet_client, patient, monkeypatch, database_away):
    sign_in(quiet_client, patient)

    def lost(self):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore._get_session_from_db", lost)
    response = quiet_client.get("/history/")
    assert response.status_code == 503
    assert PAGE_HEADING in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_still_a_500(quiet_client, patient, monkeypatch):
    sign_in(quiet_client, patient)

    def broken(*args, **kwargs):
        raise ValueError("a bug, not the database")

    monkeypatch.setattr("checkin.daily.views.access.own_checkins", broken)
    response = quiet_client.get("/history/")
    assert response.status_code == 500
    assert PAGE_HEADING not in response.content.decode()


@pytest.mark.django_db
def test_a_database_error_while_the_database_answers_is_a_500_with_its_cause_logged(
    quiet_client, patient, monkeypatch, caplog
):
    # A missing table (migrate forgotten): waiting will not fix it, so no "short break" page.
    sign_in(quiet_client, patient)

    def missing(*args, **kwargs):
        raise OperationalError("no such table: checkin_checkin")

    monkeypatch.setattr("checkin.daily.views.access.own_checkins", missing)
    response = quiet_client.get("/history/")
    assert response.status_code == 500
    assert PAGE_HEADING not in response.content.decode()
    assert "no such table: checkin_checkin" in caplog.text


# --- Against a real PostgreSQL -----------------------------------------------------


def fetch(url, session_key):
    """GET through a real HTTP connection; returns (status, body)."""
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session_key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def refuse_connections(refuse: bool):
    """Make PostgreSQL refuse new connections to the test database and drop
    the ones it has: to the app, the database is gone. PostgreSQL only lets
    another database's session switch this, so it is done from "postgres"."""
    import psycopg

    settings = connection.settings_dict
    name = settings["NAME"]
    admin = psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        autocommit=True,
    )
    with admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"false" if refuse else "true"}')
        if refuse:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
    if refuse:
        # This test's own connection was dropped too; let Django notice it.
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_with_postgresql_gone_pages_answer_503_and_recover_when_it_returns(live_server, patient):
    require_postgresql()
    client = Client()
    sign_in(client, patient)
    session_key = client.cookies["sessionid"].value
    url = f"{live_server.url}/history/"
    assert fetch(url, session_key)[0] == 200

    refuse_connections(True)
    try:
        status, body = fetch(url, session_key)
        health = urllib.request.Request(f"{live_server.url}/healthz")
        with pytest.raises(urllib.error.HTTPError) as unhealthy:
            urllib.request.urlopen(health, timeout=10)
    finally:
        refuse_connections(False)
    assert status == 503
    assert PAGE_HEADING in body
    assert unhealthy.value.code == 503

    # Back by itself: at once straight to PostgreSQL; behind PgBouncer (make
    # test-pooled) once it tries the server again (server_login_retry, 1 s there).
    deadline = time.monotonic() + 10
    status, body = fetch(url, session_key)
    while status != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
        status, body = fetch(url, session_key)
    assert status == 200
    assert "History" in body or "check-ins" in body.lower()
