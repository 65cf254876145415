"""Two-step sign-in in a real Chromium: a clinician adds a passkey (Chromium's
virtual authenticator stands in for a phone's fingerprint) or an
authenticator app (the test computes the app's code), and logs in with it."""

import re

import pytest
from playwright.sync_api import expect

from checkin.accounts import second_step
from checkin.models import AccountEvent, AuthenticatorApp
from tests.conftest import PASSWORD
from tests.e2e.conftest import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def password_step(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def log_out(page):
    page.context.clear_cookies()


def virtual_authenticator(page):
    """A platform authenticator that says yes, as a phone's fingerprint reader would."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"], cdp


def recovery_codes(page) -> list[str]:
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    return page.locator("[data-recovery-codes] code").all_inner_texts()


def test_a_clinician_adds_a_passkey_at_first_login_then_logs_in_with_it(phone_page, clinician, axe_check, shot):
    page = phone_page()
    authenticator, cdp = virtual_authenticator(page)
    password_step(page, clinician)
    assert "/account/second-step/" in page.url
    expect(page.get_by_text("a password alone is not enough")).to_be_visible()
    axe_check(page, "second step setup")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the clinician's bar fits a phone
    shot(page, "second-step-setup")

    page.get_by_role("button", name="Add a passkey").click()
    assert len(recovery_codes(page)) == 10
    shot(page, "recovery-codes")
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    assert AccountEvent.objects.filter(account=clinician, what=second_step.PASSKEY_ADDED).exists()
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved them").click()
    assert page.url.endswith("/clinician/")

    log_out(page)
    password_step(page, clinician)
    assert "/accounts/second-step/" in page.url
    page.goto("/clinician/")  # still shut with the password alone
    assert "/accounts/second-step/" in page.url
    axe_check(page, "second step")
    shot(page, "second-step-passkey")
    with page.expect_navigation(url=re.compile(r"/clinician/$")):
        page.get_by_role("button", name="Use my passkey").click()
    expect(page.get_by_role("heading", name="My patients")).to_be_visible()


def test_a_clinician_adds_an_authenticator_app_then_logs_in_with_its_code(phone_page, clinician, shot):
    page = phone_page(color_scheme="dark")
    password_step(page, clinician)
    with page.expect_navigation():
        page.get_by_role("link", name="Add an authenticator app").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    shot(page, "second-step-app-dark")
    app = AuthenticatorApp.objects.get(user=clinician, confirmed=False)
    page.get_by_label("Code").fill(totp_code(app))
    with page.expect_navigation():
        page.get_by_role("button", name="Add this app").click()
    codes = recovery_codes(page)
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved them").click()
    assert page.url.endswith("/clinician/")

    log_out(page)
    AuthenticatorApp.objects.filter(pk=app.pk).update(last_t=-1)  # the next login comes within the same 30 seconds
    password_step(page, clinician)
    page.get_by_label("Code").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="Finish signing in").click()
    expect(page.get_by_text("Code: that code did not work")).to_be_visible()
    AuthenticatorApp.objects.filter(pk=app.pk).update(throttling_failure_timestamp=None)
    page.get_by_label("Code").fill(totp_code(app))
    with page.expect_navigation():
        page.get_by_role("button", name="Finish signing in").click()
    assert page.url.endswith("/clinician/")

    # A recovery code works too, once.
    log_out(page)
    password_step(page, clinician)
    page.get_by_label("Code").fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Finish signing in").click()
    assert page.url.endswith("/clinician/")
