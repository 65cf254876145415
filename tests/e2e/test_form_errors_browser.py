"""The account forms after a mistake: focus on the summary that names each
box to check, and nothing typed lost."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_sign_up_mistake_focuses_the_summary_and_keeps_the_passwords(page, shot, axe_check):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/accounts/signup/")
    page.locator("#id_name").fill("Sam")
    page.locator("#id_email").fill("sam@example")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("link", name="Email")).to_have_attribute("href", "#div_id_email")
    expect(page.locator("#id_name")).to_have_value("Sam")
    expect(page.locator("#id_password1")).to_have_value(PASSWORD)
    expect(page.locator("#id_password2")).to_have_value(PASSWORD)
    assert axe_check(page, "sign-up with a mistake") == []
    shot(page, "signup-error-320", full_page=False)


def test_a_wrong_password_says_so_once_without_a_summary(page, patient):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(patient.email)
    page.locator("#id_password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_count(1)
    expect(page.locator("#form-errors")).to_have_count(0)
