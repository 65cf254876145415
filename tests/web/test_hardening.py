"""Production settings: HTTPS, cookies, security headers, session lifetime.

The test settings switch the HTTPS redirect off (the test client speaks plain
HTTP), so the production values are read from config.settings imported in a
fresh interpreter with a production environment.
"""

import json
import os
import re
import subprocess
import sys
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkin.web.middleware import (
    REFRESHED_AT,
    SESSION_REFRESH_SECONDS,
)
from tests.conftest import PASSWORD
from tests.web.test_settings import ROOT

# Every browser feature Mend never uses, turned off.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

PRODUCTION = {
    # Long and varied, as the deployment check demands of a real key.
    "DJANGO_SECRET_KEY": "Qm7vX2pL9rT4wZ8kN3bY6hJ1cF5dS0gA-production-like-test-key",
    "DJANGO_ALLOWED_HOSTS": "mend.example.org",
    "DATABASE_URL": "postgres://mend:secret@db.example.org:5432/mend",
    "EMAIL_HOST": "smtp.example.org",
    # Reminders: where emails link to, and Web Push's keys.
    "MEND_SITE_URL": "https://mend.example.org",
    "MEND_VAPID_PRIVATE_KEY": "mdg-SV2rwRE5ao9pYovnsMwJkcV4JzVsWAvVb6Q2-8s",
    "MEND_VAPID_PUBLIC_KEY": "BOXAcA0ySglH_1SFvSrAW5BtvkjpEi6r7qKltCB3wb_V8xXDq8SI5k59baXCszI8wzyjVVnoTijVInrNgYoJX7s",
    "MEND_VAPID_SUBJECT": "mailto:clinic@example.org",
    # The key that seals authenticator seeds (checkin/models/seeds.py).
    "MEND_SEED_KEYS": "1:cHJvZHVjdGlvbi1saWtlLXNlZWQta2V5LTMyLWJ5dGU=",
}
TWO_WEEKS = 14 * 24 * 3600

SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD "
    "SECURE_PROXY_SSL_HEADER SESSION_COOKIE_SECURE SESSION_COOKIE_HTTPONLY CSRF_COOKIE_SECURE "
    "X_FRAME_OPTIONS SECURE_REFERRER_POLICY SESSION_COOKIE_AGE SESSION_SAVE_EVERY_REQUEST"
).split()


def run_clean(args, **env):
    """Run a command in a fresh interpreter with a production environment plus `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "EMAIL_"))}
    return subprocess.run(args, cwd=ROOT, env={**clean, **PRODUCTION, **env}, capture_output=True, text=True)


def security_settings(**env):
    """The security settings config.settings computes for this environment."""
    code = f"import json, config.settings as s; print(json.dumps({{n: getattr(s, n, None) for n in {SECURITY_SETTINGS!r}}}))"
    result = run_clean([sys.executable, "-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_turn_on_https_hsts_and_secure_cookies():
    values = security_settings()
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"


def test_production_does_not_trust_a_forwarded_protocol_header_unless_told_it_is_behind_a_proxy():
    assert security_settings()["SECURE_PROXY_SSL_HEADER"] is None
    behind = security_settings(DJANGO_BEHIND_PROXY="1")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_plain_http_run_can_switch_off_the_redirect_and_hsts():
    values = security_settings(DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    # The cookies stay Secure: only DEBUG relaxes them.
    assert values["SESSION_COOKIE_SECURE"] is True


def test_development_settings_stay_on_plain_http():
    values = security_settings(DJANGO_DEBUG="1")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False


def test_sessions_last_two_weeks_without_a_write_on_every_request():
    values = security_settings()
    assert values["SESSION_COOKIE_AGE"] == TWO_WEEKS
    # Django's default (False) when unset: SessionRefreshMiddleware slides the expiry instead.
    assert not values["SESSION_SAVE_EVERY_REQUEST"]


def test_the_deployment_check_passes_with_a_production_environment():
    result = run_clean([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_warns_when_reminders_cannot_go_out_or_seeds_are_not_sealed():
    unset = {name: "" for name in PRODUCTION if name.startswith("MEND_")}
    result = run_clean([sys.executable, "manage.py", "check", "--deploy"], **unset)
    assert result.returncode == 0, result.stderr  # a warning, never a crash
    assert "mend.W101" in result.stderr and "mend.W102" in result.stderr and "mend.W104" in result.stderr


@pytest.mark.parametrize("backend", ["console", "filebased"])
def test_the_deployment_check_warns_when_email_stays_on_the_server(backend):
    chosen = {"EMAIL_HOST": "", "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
    result = run_clean([sys.executable, "manage.py", "check", "--deploy"], EMAIL_FILE_PATH="/tmp", **chosen)
    assert result.returncode == 0, result.stderr
    assert "mend.W103" in result.stderr and "reach no one" in result.stderr


def test_every_silenced_check_has_a_comment_saying_why():
    source = (ROOT / "config" / "settings.py").read_text()
    block = re.search(r"SILENCED_SYSTEM_CHECKS = \[\n(.*?)\n\]", source, re.S)
    assert block, "config/settings.py lists its silenced checks in one SILENCED_SYSTEM_CHECKS = [...] block"
    lines = block.group(1).splitlines()
    for n, line in enumerate(lines):
        if line.strip().startswith('"'):
            assert n > 0 and lines[n - 1].strip().startswith("#"), f"{line.strip()} is silenced without a comment"


# --- Behaviour through the test client ------------------------------------------


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(client):
    response = client.get("/help/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/help/"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_pages_carry_hsts(client):
    response = client.get("/help/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/help/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


@pytest.mark.django_db
def test_logging_in_sets_a_secure_http_only_session_cookie_and_a_secure_csrf_cookie(client, patient):
    client.get("/accounts/login/")
    assert client.cookies["csrftoken"]["secure"] is True
    client.post("/accounts/login/", {"username": patient.email, "password": PASSWORD})
    session = client.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert int(session["max-age"]) == TWO_WEEKS


# --- Session lifetime ------------------------------------------------------------


def session_row(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def age_session(client, seconds):
    """Pretend the session was last refreshed `seconds` ago."""
    store = client.session
    store[REFRESHED_AT] = int(time.time()) - seconds
    store.save()


@pytest.mark.django_db
def test_a_visit_an_hour_after_the_last_refresh_pushes_the_expiry_two_weeks_ahead(patient_client):
    age_session(patient_client, SESSION_REFRESH_SECONDS + 1)
    Session.objects.filter(session_key=patient_client.cookies["sessionid"].value).update(
        expire_date=timezone.now() + timezone.timedelta(days=3)
    )
    response = patient_client.get("/history/")
    assert response.status_code == 200
    expires_in = (session_row(patient_client).expire_date - timezone.now()).total_seconds()
    assert TWO_WEEKS - 60 < expires_in <= TWO_WEEKS
    assert int(response.cookies["sessionid"]["max-age"]) == TWO_WEEKS


@pytest.mark.django_db
def test_visits_within_the_hour_do_not_write_the_session(patient_client):
    patient_client.get("/history/")
    before = session_row(patient_client).expire_date
    with CaptureQueriesContext(connection) as captured:
        response = patient_client.get("/history/")
    assert "sessionid" not in response.cookies
    writes = [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
    assert writes == []
    assert session_row(patient_client).expire_date == before


@pytest.mark.django_db
def test_a_session_left_alone_for_two_weeks_is_logged_out(patient_client):
    Session.objects.filter(session_key=patient_client.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = patient_client.get("/history/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_anonymous_visits_create_no_session(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
