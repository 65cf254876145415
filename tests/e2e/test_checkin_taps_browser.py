"""The check-in by taps alone: one-tap answers for sleep and activity, a
question when minutes and kind disagree, focus on what to fix, and a Save
that says it is working."""

import datetime

import pytest
from playwright.sync_api import expect

from checkin.models import CheckIn
from tests.e2e.pwa_helpers import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class Taps:
    """Clicks, counted: the tests below never type (no fill) and fail above their budget."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator, navigates=False):
        self.count += 1
        if navigates:
            with locator.page.expect_navigation():
                locator.click()
        else:
            locator.click()


def test_on_the_check_in_page_the_five_answers_and_save_are_six_taps_with_no_typing(
    phone_page, log_in, patient, axe_check, shot
):
    page = phone_page()
    log_in(page, patient)
    page.goto("/checkin/")
    taps = [
        page.locator("label[for=id_pain_4]"),
        page.locator("label[for=id_mood_6]"),
        page.get_by_role("group", name="Common hours of sleep").get_by_role("button", name="7 h"),
        page.get_by_text("Good", exact=True),
        page.get_by_role("group", name="Common minutes of activity").get_by_role("button", name="0 min", exact=True),
        page.get_by_role("button", name="Save check-in"),
    ]
    for tap in taps[:-1]:
        tap.click()
    expect(page.get_by_label("Hours of sleep last night")).to_have_value("7")
    expect(page.get_by_role("button", name="7 h")).to_have_attribute("aria-pressed", "true")
    axe_check(page, "check-in with chips")
    shot(page, "checkin-chips")
    with page.expect_navigation():
        taps[-1].click()
    saved = eventually(lambda: CheckIn.objects.filter(patient=patient).first(), message="the check-in")
    assert (
        saved.pain,
        saved.mood,
        float(saved.sleep_hours),
        saved.sleep_quality,
        saved.exercise_minutes,
        saved.exercise_kind,
        saved.symptoms,
    ) == (4, 6, 7.0, 4, 0, "none", [])


def test_typing_another_number_still_works_and_unmarks_the_chips(phone_page, log_in, patient):
    page = phone_page(color_scheme="dark")
    log_in(page, patient)
    page.goto("/checkin/")
    page.get_by_role("button", name="8 h").click()
    page.get_by_label("Hours of sleep last night").fill("6.5")
    expect(page.get_by_role("button", name="8 h")).to_have_attribute("aria-pressed", "false")


def test_minutes_with_no_kind_get_a_question_as_they_are_tapped(phone_page, log_in, patient, shot):
    page = phone_page()
    log_in(page, patient)
    page.goto("/checkin/")
    page.get_by_role("button", name="20 min").click()
    expect(page.get_by_text("You noted 20 minutes: what kind of activity was it?")).to_be_visible()
    shot(page, "checkin-activity-question", full_page=False)
    page.locator("input[name=exercise_kind][value=walking] + label").click()
    expect(page.get_by_text("You noted 20 minutes")).to_be_hidden()


def test_after_an_error_focus_is_on_a_summary_that_links_to_the_answer(phone_page, log_in, patient, axe_check, shot):
    page = phone_page()
    log_in(page, patient)
    page.goto("/checkin/")
    page.locator("label[for=id_mood_6]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    axe_check(page, "check-in errors")
    shot(page, "checkin-errors", full_page=False)
    # Mood alone: pain is the one answer missing (sleep and activity may wait, on a bad day).
    summary.get_by_role("link", name="Pain").click()
    assert page.evaluate("location.hash") == "#div_id_pain"
    expect(page.locator("label[for=id_mood_6]")).to_be_visible()
    assert page.locator("#id_mood_6").is_checked()  # what was chosen is kept


def test_save_says_it_is_working_and_cannot_be_pressed_twice(phone_page, log_in, patient):
    page = phone_page()
    log_in(page, patient)
    page.goto("/checkin/")
    page.locator("label[for=id_pain_3]").click()
    page.locator("label[for=id_mood_5]").click()
    page.get_by_role("button", name="6 h").click()
    page.get_by_text("Okay", exact=True).click()
    page.get_by_role("button", name="0 min", exact=True).click()
    # Keep the page here to look at the button: a listener added after Mend's
    # runs after it, counts each send and stops it going out.
    page.evaluate("""() => { window.sends = 0;
        document.addEventListener('submit', (e) => { window.sends += 1; e.preventDefault(); }); }""")
    button = page.locator(".save-bar button")
    button.click()
    expect(button).to_have_text("Saving…")
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-busy", "true")
    button.click(force=True)  # a second press sends nothing more
    assert page.evaluate("window.sends") == 1


def test_same_as_yesterday_is_one_tap_from_home_and_can_be_undone_all_day(
    phone_page, log_in, patient, yesterday, make_checkin, shot, axe_check
):
    make_checkin(patient, yesterday, pain=4, mood=6)
    page = phone_page(color_scheme="dark")
    log_in(page, patient)
    page.goto("/")
    tap = Taps()
    tap(page.get_by_role("button", name="Same as yesterday"), navigates=True)
    assert tap.count <= 1
    expect(page.get_by_text("Saved: the same as your last check-in")).to_be_visible()
    assert CheckIn.objects.filter(patient=patient, date=patient.today()).count() == 1
    axe_check(page, "home after same as yesterday")
    shot(page, "home-same-again-dark", full_page=False)
    page.reload()  # Undo stays for the rest of the day: one tap, no scroll
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_in_viewport()
    with page.expect_navigation():
        undo.click()
    expect(page.get_by_text("Undone: today has no check-in yet.")).to_be_visible()
    assert not CheckIn.objects.filter(patient=patient, date=patient.today()).exists()


def test_at_320_px_the_bars_leave_most_of_the_screen_to_the_form(phone_page, log_in, patient, shot):
    page = phone_page()
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, patient)
    page.goto("/checkin/")
    bars = page.evaluate("""() => ['.topbar', '.tabbar', '.save-bar']
        .map(s => document.querySelector(s).getBoundingClientRect().height)""")
    assert sum(bars) <= 170, bars
    for selector in (".tabbar a", ".save-bar button", ".btn-help"):
        for box in page.locator(selector).evaluate_all("els => els.map(e => e.getBoundingClientRect())"):
            assert box["height"] >= 44, (selector, box)
    shot(page, "checkin-320", full_page=False)


def test_log_in_does_not_wrap_in_the_header_at_320_px(phone_page):
    page = phone_page()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/accounts/login/")
    link = page.locator(".topbar").get_by_role("link", name="Log in")
    assert link.evaluate("e => e.getClientRects().length") == 1
    assert link.bounding_box()["height"] < 50


def test_from_home_a_full_check_in_is_six_taps_and_a_bad_day_two(phone_page, log_in, patient, shot, axe_check):
    page = phone_page()
    log_in(page, patient)
    page.goto("/")
    axe_check(page, "home before checking in")
    shot(page, "home-two-taps", full_page=False)
    tap = Taps()
    tap(page.locator("[data-quick-form] label[for=id_pain_8]"))
    tap(page.locator("[data-quick-form] label[for=id_mood_2]"), navigates=True)  # the second tap saves
    assert tap.count == 2
    expect(page.get_by_text("Saved your pain and mood for today")).to_be_visible()
    saved = CheckIn.objects.get(patient=patient)
    assert (saved.pain, saved.mood, saved.sleep_hours, saved.exercise_minutes) == (8, 2, None, None)

    # Sleep and activity from home (later the same day, or at once): the rest of the six.
    rest = page.locator("[data-rest-form]")
    axe_check(page, "home after a bad-day check-in")
    shot(page, "home-rest-form", full_page=False)
    tap(rest.get_by_role("button", name="6 h"))
    tap(rest.get_by_text("Poor", exact=True))
    tap(rest.get_by_role("button", name="0 min", exact=True))
    tap(rest.get_by_role("button", name="Save sleep and activity"), navigates=True)
    assert tap.count <= 6
    saved.refresh_from_db()
    assert (
        saved.pain,
        saved.mood,
        float(saved.sleep_hours),
        saved.sleep_quality,
        saved.exercise_minutes,
        saved.exercise_kind,
        saved.symptoms,
    ) == (8, 2, 6.0, 2, 0, "none", [])
    expect(page.locator("[data-rest-form]")).to_have_count(0)


def test_an_active_day_is_six_taps_too_the_minutes_taking_the_kind_last_noted(
    phone_page, log_in, patient, yesterday, make_checkin, shot
):
    make_checkin(patient, yesterday - datetime.timedelta(days=1), exercise_minutes=30, exercise_kind="swimming")
    make_checkin(patient, yesterday, exercise_minutes=0, exercise_kind="none")  # a rest day in between
    page = phone_page()
    log_in(page, patient)
    page.goto("/checkin/")
    tap = Taps()
    tap(page.locator("label[for=id_pain_4]"))
    tap(page.locator("label[for=id_mood_6]"))
    tap(page.get_by_role("group", name="Common hours of sleep").get_by_role("button", name="7 h"))
    tap(page.get_by_text("Good", exact=True))
    tap(page.get_by_role("group", name="Common minutes of activity").get_by_role("button", name="45 min"))
    expect(page.locator("#id_exercise_kind_swimming, input[name=exercise_kind][value=swimming]").first).to_be_checked()
    expect(page.locator(".activity-question")).to_have_text(
        "Swimming, as last time: change it if it was something else."
    )
    shot(page, "checkin-active-kind-guessed", full_page=False)
    tap(page.get_by_role("button", name="Save check-in"), navigates=True)
    assert tap.count == 6
    saved = CheckIn.objects.get(patient=patient, date=patient.today())
    assert (saved.exercise_minutes, saved.exercise_kind) == (45, "swimming")


def test_the_guessed_kind_goes_back_to_none_with_zero_minutes_and_a_chosen_kind_stays(
    phone_page, log_in, patient, yesterday, make_checkin
):
    make_checkin(patient, yesterday, exercise_minutes=30, exercise_kind="walking")
    page = phone_page()
    log_in(page, patient)
    page.goto("/checkin/")
    minutes = page.get_by_role("group", name="Common minutes of activity")
    walking = page.locator("input[name=exercise_kind][value=walking]")
    minutes.get_by_role("button", name="20 min").click()
    expect(walking).to_be_checked()
    minutes.get_by_role("button", name="0 min", exact=True).click()
    expect(page.locator("input[name=exercise_kind][value=none]")).to_be_checked()
    page.get_by_text("Yoga", exact=True).click()  # chosen by the patient: minutes never change it
    minutes.get_by_role("button", name="30 min").click()
    expect(page.locator("input[name=exercise_kind][value=yoga]")).to_be_checked()
