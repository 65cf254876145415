"""Warning signs on the phone, second pass, at 320x640 (the smallest phone
Mend supports): asked on home's quick path, advice offline in the server's
own words, and a phone's copy that follows the answer as it now stands."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from checkin.core.sync import owner_tag
from checkin.domain import triage
from checkin.models import CheckIn, QuestionnaireResponse
from checkin.safety import wording
from tests.e2e.pwa_helpers import eventually, fill_check_in, visit_while_online

HOME = re.compile(r"^https?://[^/]+/(\?.*)?$")
SMALL = {"width": 320, "height": 640}
SADDLE = triage.BY_VALUE["saddle_numbness"].question
CARD_TEXT_JS = "(el) => el.innerText.replace(/\\s+/g, ' ').trim()"


@pytest.fixture
def small_phone(page, patient, log_in, wait_for_service_worker, loaded_guidance):
    """The patient's 320x640 phone, online long enough for Mend to keep home and the check-in."""
    page.set_viewport_size(SMALL)
    log_in(page, patient)
    wait_for_service_worker(page)
    visit_while_online(page, "/checkin/", "/")
    return page


def quick_check_in_with(page, *signs, pain=6, mood=3):
    """Home's quick path: one tap opens the warning signs, then pain and mood."""
    page.goto("/")
    page.get_by_text("Any warning signs today?").click()
    for sign in signs:
        page.get_by_text(sign, exact=True).click()
    page.locator(f"label[for=id_pain_{pain}]").click()
    page.locator(f"label[for=id_mood_{mood}]").click()
    page.get_by_role("button", name="Save pain and mood").click()
    page.wait_for_url(HOME)


def on_first_screen(locator):
    """Wholly visible without scrolling: inside the viewport and above the tab bar."""
    box = locator.bounding_box()
    bottom = locator.page.evaluate(
        "() => document.querySelector('.tabbar')?.getBoundingClientRect().top ?? innerHeight"
    )
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= bottom


def phone_warning(page):
    return page.evaluate("() => MendQueue.getWarning()")


def test_the_quick_path_offline_with_saddle_numbness_says_go_now_then_the_server_says_the_same(
    small_phone, patient, today, shot
):
    page = small_phone
    page.context.set_offline(True)
    quick_check_in_with(page, SADDLE)
    offline = page.locator('[data-pwa-status] .warning-advice[data-level="emergency"]')
    expect(offline).to_contain_text("Go to the emergency department now")
    expect(offline).to_contain_text("Emergency")
    call = offline.get_by_role("link", name="Call 999 (Emergency services)")
    assert on_first_screen(call), "the Call button is below the first screen"
    shot(page, "home-320-offline-quick-path-emergency", full_page=False)
    offline_words = page.evaluate(CARD_TEXT_JS, offline.element_handle())

    page.context.set_offline(False)
    eventually(
        lambda: CheckIn.objects.filter(patient=patient, date=today, symptoms=["saddle_numbness"]).exists(),
        message="the check-in on the server",
    )
    page.wait_for_timeout(1100)  # past the Date header's second
    page.goto("/")
    # One card: the server's, in exactly the words the phone showed.
    server = page.locator("main .warning-advice")
    expect(server).to_have_count(1)
    assert page.locator("[data-pwa-status] .warning-advice").count() == 0
    assert page.evaluate(CARD_TEXT_JS, server.element_handle()) == offline_words
    assert on_first_screen(server.get_by_role("link", name="Call 999 (Emergency services)"))
    shot(page, "home-320-online-quick-path-emergency", full_page=False)


def test_a_sign_corrected_away_offline_clears_the_phones_advice_at_once(small_phone):
    page = small_phone
    page.context.set_offline(True)
    page.goto("/checkin/")
    fill_check_in(page, pain=6, mood=4, sleep_hours="6", sleep_quality="Poor", minutes="0", kind="none")
    page.get_by_text(SADDLE).click()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    expect(page.locator("[data-pwa-status] .warning-advice")).to_be_visible()
    # Corrected: the same day saved again without the sign.
    page.goto("/checkin/")
    fill_check_in(page, pain=6, mood=4, sleep_hours="6", sleep_quality="Poor", minutes="0", kind="none")
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    expect(page.locator("[data-today-card]")).to_contain_text("Saved on this phone")
    assert page.locator(".warning-advice").count() == 0
    assert phone_warning(page) is None


def test_a_sign_saved_offline_then_corrected_online_leaves_no_stale_card_on_any_page(small_phone, patient, today):
    page = small_phone
    page.context.set_offline(True)
    quick_check_in_with(page, SADDLE)
    page.context.set_offline(False)
    eventually(lambda: CheckIn.objects.filter(patient=patient, date=today).exists(), message="the check-in sent")
    eventually(lambda: (phone_warning(page) or {}).get("sent"), message="the phone to note the send")
    # Corrected online, on the full check-in page: the sign unticked.
    page.goto("/checkin/")
    page.get_by_text(SADDLE).click()
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(HOME)
    assert CheckIn.objects.get(patient=patient, date=today).symptoms == []
    page.goto("/")
    eventually(lambda: phone_warning(page) is None, message="the phone's stale advice to go")
    for path in ("/", "/account/", "/share/", "/trends/"):
        page.goto(path)
        page.locator("[data-pwa-status]").wait_for(state="attached")
        expect(page.locator(".warning-advice")).to_have_count(0)


def test_a_self_harm_card_keeps_its_call_button_on_the_first_screen_beside_an_emergency_sign(
    small_phone, patient, today, shot
):
    page = small_phone
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="phq9",
        date=today,
        score=14,
        band="moderate",
        answers={**{f"item{n}": 1 for n in range(1, 9)}, "item9": 1},
        self_harm=True,
        version="PHQ-9",
    )
    quick_check_in_with(page, SADDLE)
    card = page.locator("[data-safety-card]")
    expect(card).to_contain_text("thoughts of being better off dead")
    assert on_first_screen(card.get_by_role("link", name="Call 999 (Emergency services)"))
    # The emergency sign's advice follows, in full; the lines it repeats are folded.
    sign = page.locator("main .warning-advice[data-level=emergency]")
    expect(sign).to_contain_text("Go to the emergency department now")
    assert card.bounding_box()["y"] < sign.bounding_box()["y"]
    shot(page, "home-320-self-harm-and-emergency-sign", full_page=False)
    expect(page.locator(".safety-panel summary", has_text="Someone to talk to, any time")).to_be_visible()


def test_the_offline_advice_is_the_servers_advice_word_for_word(small_phone, patient):
    page = small_phone
    config = page.evaluate("() => JSON.parse(document.getElementById('mend-warning')?.textContent || 'null')")
    if config is None:  # home has no copy of its own: the check-in page does
        page.goto("/checkin/")
        config = page.evaluate("() => JSON.parse(document.getElementById('mend-warning').textContent)")
    for level, advice in triage.ADVICE.items():
        assert config["advice"][level] == {
            "label": advice.label,
            "heading": advice.heading,
            "words": advice.words,
            "closing": advice.closing,
        }
    assert page.evaluate("(owner) => MendQueue.list(owner)", owner_tag(patient)) == []


def test_the_direct_question_answered_offline_opens_the_safety_card_first(
    page, patient, log_in, wait_for_service_worker, loaded_guidance, today, shot
):
    # Mood 0-1 on 2 of the last 3 check-ins: today's check-in asks.
    for n, mood in ((3, 5), (2, 1), (1, 0)):
        CheckIn.objects.create(
            patient=patient, date=today - datetime.timedelta(days=n), pain=6, mood=mood, exercise_kind=""
        )
    page.set_viewport_size(SMALL)
    log_in(page, patient)
    wait_for_service_worker(page)
    visit_while_online(page, "/checkin/", "/")
    page.context.set_offline(True)
    page.goto("/")
    page.locator("label[for=id_self_harm_1]").click()  # "Several days"
    page.locator("label[for=id_pain_6]").click()
    page.locator("label[for=id_mood_2]").click()
    page.get_by_role("button", name="Save pain and mood").click()
    page.wait_for_url(HOME)
    card = page.locator("[data-pwa-status] .warning-advice")
    expect(card).to_contain_text(wording.SELF_HARM_ADVICE.heading)
    expect(card).to_contain_text(wording.SELF_HARM_ADVICE.words)
    assert on_first_screen(card.get_by_role("link", name="Call 999 (Emergency services)"))
    shot(page, "home-320-offline-self-harm-answer", full_page=False)
