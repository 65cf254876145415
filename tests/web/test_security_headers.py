"""Every page carries the security headers, the Content Security Policy among
them, and no template needs the policy relaxed."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import sign_in
from tests.web.urlmap import every_url

# Every browser feature Mend never uses, turned off.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "worker-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}
URLS = [(route, path) for route, path, _ in every_url()]


def policy_of(response) -> dict:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_security_headers(response, where):
    policy = policy_of(response)
    for directive, sources in POLICY.items():
        assert policy.get(directive) == sources, f"{where}: {directive} is {policy.get(directive)!r}"
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY, where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where


@pytest.fixture
def clients(patient, make_user):
    signed_in, staff = Client(raise_request_exception=False), Client(raise_request_exception=False)
    sign_in(signed_in, patient)
    sign_in(staff, make_user("admin@example.com", is_staff=True, is_superuser=True))
    return {"anonymous": Client(raise_request_exception=False), "patient": signed_in, "admin": staff}


@pytest.mark.parametrize("route, path", URLS)
def test_every_page_carries_the_security_headers(clients, route, path):
    for who, client in clients.items():
        response = client.get(path)
        assert_security_headers(response, f"GET {path} ({route}) as {who} -> {response.status_code}")


def test_error_pages_carry_them_too(client):
    assert_security_headers(client.get("/no-such-page/"), "404")


def test_scripts_may_never_run_inline_or_from_strings():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for directive, sources in directives.items():
        assert "'unsafe-inline'" not in sources, directive
        assert "'unsafe-eval'" not in sources, directive


# What the policy would block, looked for where it would come from.
INLINE = {
    "an inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an on*= handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.I),
    "a <style> block": re.compile(r"<style[\s>]", re.I),
    "a javascript: link": re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}
# A JSON block from json_script is data, not code: the policy lets it be.
JSON_SCRIPT = re.compile(r"""<script[^>]*type=["']application/(ld\+)?json["']""", re.I)


def project_templates():
    return sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "checkin").rglob("templates/**/*.html"))


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_need_no_inline_script_or_style(path):
    text = JSON_SCRIPT.sub("<script src=json>", path.read_text())
    for what, pattern in INLINE.items():
        match = pattern.search(text)
        assert match is None, f"{path.relative_to(ROOT)} has {what}: {match.group(0)[:80]}"


def test_the_scripts_do_not_write_markup_with_handlers_or_styles():
    for path in sorted((ROOT / "static" / "js").rglob("*.js")):
        text = path.read_text()
        assert not re.search(r"""setAttribute\(\s*["'](style|on[a-z]+)["']""", text), path.name
        assert "eval(" not in text and "new Function(" not in text, path.name
