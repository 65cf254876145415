"""Safety in a real phone-sized Chromium: an emergency sign saved without a
connection still says "go now" with a Call button, and a safety plan written
without a signal is kept and saved when the connection returns."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from checkin.models import SafetyPlan
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pwa_helpers import eventually, fill_check_in, visit_while_online

HOME = re.compile(r"^https?://[^/]+/(\?.*)?$")
SADDLE = "Numbness or pins and needles around your bottom, genitals or inner thighs"


@pytest.fixture
def offline_ready(patient_page, wait_for_service_worker, loaded_guidance):
    wait_for_service_worker(patient_page)
    visit_while_online(patient_page, "/checkin/", "/", "/safety-plan/")
    return patient_page


def test_an_urgent_sign_saved_offline_says_get_advice_today_with_the_urgent_line(offline_ready):
    page = offline_ready
    page.context.set_offline(True)
    page.goto("/checkin/")
    fill_check_in(page, pain=6, mood=4, sleep_hours="6", sleep_quality="Poor", minutes="0", kind="none")
    page.get_by_text("A high temperature, or feeling hot and shivery").click()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    advice = page.locator('[data-pwa-status] .warning-advice[data-level="urgent"]')
    expect(advice).to_contain_text("Get medical advice today")
    expect(advice.get_by_role("link", name="Call 111 (NHS 111)")).to_have_attribute("href", "tel:111")


def test_an_emergency_sign_saved_offline_says_go_now_with_a_call_button(offline_ready, shot, axe_check):
    page = offline_ready
    page.context.set_offline(True)
    page.goto("/checkin/")
    fill_check_in(page, pain=6, mood=4, sleep_hours="6", sleep_quality="Poor", minutes="0", kind="none")
    page.get_by_text(SADDLE).click()
    page.get_by_role("button", name="Save check-in").click()

    page.wait_for_url(HOME)
    advice = page.locator('[data-pwa-status] .warning-advice[data-level="emergency"]')
    expect(advice).to_contain_text("Go to the emergency department now")
    call = advice.get_by_role("link", name="Call 999 (Emergency services)")
    expect(call).to_have_attribute("href", "tel:999")
    assert call.bounding_box()["height"] >= 48
    shot(page, "home-offline-emergency-sign")
    axe_check(page, "home offline with an emergency sign")

    page.reload()  # it stays at the top of home that day
    expect(page.locator(".warning-advice")).to_contain_text("Go to the emergency department now")


def test_an_emergency_sign_saved_online_leads_home_with_the_advice_first(loaded_guidance, patient_page, shot):
    # The guidance is loaded before logging in: loading it edits Get help now,
    # which names a new version of the service worker, and the phone would
    # otherwise install that version in the middle of this check-in.
    page = patient_page
    page.goto("/checkin/")
    fill_check_in(page, pain=6, mood=4, sleep_hours="6", sleep_quality="Poor", minutes="0", kind="none")
    page.get_by_text("New difficulty passing urine, leaking, or loss of bladder or bowel control").click()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    first = page.locator("main .warning-advice").first
    expect(first).to_contain_text("Go to the emergency department now")
    assert first.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    shot(page, "home-emergency-sign")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_get_help_now_and_the_safety_plan_read_well(
    phone_page, log_in, patient, loaded_guidance, scheme, shot, axe_check
):
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    page.goto("/help/")
    buttons = [link for link in page.locator("a.btn-call, a.btn-text").all() if link.is_visible()]
    assert len(buttons) >= 4  # 999, NHS 111, Samaritans, Shout; other countries behind one tap
    for link in buttons:
        assert link.bounding_box()["height"] >= 48
    axe_check(page, f"help {scheme}")
    shot(page, f"help-{scheme}")
    page.get_by_role("link", name="Write my safety plan").click()
    expect(page.get_by_role("heading", name="My safety plan")).to_be_visible()
    axe_check(page, f"safety plan {scheme}")
    shot(page, f"safety-plan-{scheme}")


def test_a_plan_written_without_a_signal_is_kept_and_saved_when_back_online(offline_ready, patient):
    page = offline_ready
    page.context.set_offline(True)
    page.goto("/safety-plan/")
    page.get_by_label("1. My warning signs").fill("Staying in bed all day")
    expect(page.locator("[data-plan-status]")).to_contain_text("Kept on this phone")
    page.get_by_label("4. People I can ask for help").fill("Sam 07700 900123")
    expect(page.get_by_role("link", name="Call: Sam 07700 900123")).to_have_attribute("href", "tel:07700900123")
    assert not SafetyPlan.objects.filter(patient=patient).exists()

    page.reload()  # the phone's copy comes back into the page, even offline
    expect(page.get_by_label("1. My warning signs")).to_have_value("Staying in bed all day")

    page.context.set_offline(False)
    plan = eventually(lambda: SafetyPlan.objects.filter(patient=patient).first(), message="the plan to be saved")
    assert (plan.warning_signs, plan.helpers) == ("Staying in bed all day", "Sam 07700 900123")
    expect(page.locator("[data-plan-status]")).to_have_text("Saved.")


def test_the_safety_plan_prints_on_one_page(patient_page, patient, loaded_guidance):
    words = "Things that help, in a few lines of my own words.\nAnd one more line, to be sure."
    SafetyPlan.objects.create(patient=patient, **{field: words for field, _heading, _prompt in SafetyPlan.PARTS})
    page = patient_page
    page.goto("/safety-plan/")
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "safety-plan.pdf").write_bytes(pdf)  # to look at
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1
    # On paper each line shows its number: the Call buttons do not print.
    text = "".join(part.extract_text() for part in PdfReader(io.BytesIO(pdf)).pages)
    for number in ("999", "111", "116 123", "text 85258"):
        assert number in text, number
    assert "7. What matters most to me" in text and "Stanley" in text  # all seven parts, credited
    page.emulate_media(media="print")
    assert not page.locator("textarea").first.is_visible()  # the words print as text, not as boxes
    expect(page.locator('[data-plan-print="coping"]')).to_contain_text("Things that help")
