"""Home's first screen on a phone, state by state: the pain scale in reach on
day 1 at 320x640, "Last 7 days" (with its chart once there is one) above the
tab bar at 390x844 before and after a bad day and a full day, a bad day's
sleep and activity asked one question at a time, and the mood scale saying
that its tap saves before it does."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from checkin.models import CheckIn

SIZES = [(390, 844), (320, 640)]


def bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


def first_screen_ends(page) -> float:
    """Where the tab bar starts: what is above it is on the first screen."""
    return page.locator(".tabbar").bounding_box()["y"]


def week_in_view(page):
    assert bottom(page.locator("#week-heading")) <= first_screen_ends(page)
    if page.locator(".sparkline svg").count():
        assert bottom(page.locator(".sparkline svg")) <= first_screen_ends(page)


def an_active_week(make_checkin, patient, today):
    for n in range(1, 8):
        make_checkin(
            patient,
            today - datetime.timedelta(days=n),
            pain=6 - n % 3,
            mood=4 + n % 3,
            sleep_hours=Decimal("6.5"),
            exercise_minutes=30 if n % 2 else 0,
            exercise_kind="walking" if n % 2 else "none",
        )


@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_on_day_one_the_pain_scale_is_in_reach_and_the_mood_scale_says_its_tap_saves(
    phone_page, log_in, patient, shot, size
):
    page = phone_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in(page, patient)
    page.goto("/")
    expect(page.get_by_text("Welcome to Mend.")).to_be_visible()
    last_pain = page.locator("[data-quick-form] label[for=id_pain_10]")
    assert bottom(last_pain) <= first_screen_ends(page)  # the whole scale, 0 to 10
    if size == (390, 844):
        assert bottom(page.locator("#week-heading")) <= first_screen_ends(page)
    note = page.locator("#div_id_mood [data-quick-note]")
    expect(note).to_have_text(": a tap saves")
    expect(page.get_by_role("button", name="Save pain and mood")).to_be_hidden()
    page.get_by_text("Tap if you have any").click()  # the warning-sign list open: Save waits for the patient
    expect(note).to_be_hidden()
    expect(page.get_by_role("button", name="Save pain and mood")).to_be_visible()
    shot(page, f"home-day-one-{size[0]}", full_page=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_before_and_after_checking_in_last_7_days_and_its_chart_are_on_the_first_screen(
    phone_page, log_in, patient, make_checkin, today, shot, axe_check, scheme
):
    an_active_week(make_checkin, patient, today)
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    page.goto("/")
    week_in_view(page)
    shot(page, f"home-before-checking-in-390-{scheme}", full_page=False)
    page.locator("[data-quick-form] label[for=id_pain_7]").click()
    with page.expect_navigation():
        page.locator("[data-quick-form] label[for=id_mood_2]").click()  # a bad day: two taps
    # Straight after the two taps: what was saved, and sleep's question alone below it.
    expect(page.get_by_text("Saved your pain and mood for today.")).to_be_visible()
    rest = page.locator("[data-rest-form]")
    expect(rest.get_by_role("heading", name="Add sleep and activity, if you like")).to_be_visible()
    expect(rest.get_by_text("How well did you sleep?")).to_be_hidden()
    week_in_view(page)
    axe_check(page, "home after a bad day")
    shot(page, f"home-after-a-bad-day-390-{scheme}", full_page=False)
    rest.get_by_role("button", name="7 h").click()  # the next questions follow
    rest.get_by_text("Good", exact=True).click()
    rest.get_by_role("button", name="30 min").click()
    with page.expect_navigation():
        rest.get_by_role("button", name="Save sleep and activity").click()
    saved = CheckIn.objects.get(patient=patient, date=today)
    assert (saved.pain, saved.mood, float(saved.sleep_hours), saved.exercise_minutes) == (7, 2, 7.0, 30)
    week_in_view(page)
    shot(page, f"home-after-a-full-day-390-{scheme}", full_page=False)


def test_at_320_px_a_bad_day_asks_sleep_alone_and_last_7_days_stays_on_the_first_screen(
    phone_page, log_in, patient, make_checkin, today, shot
):
    an_active_week(make_checkin, patient, today)
    make_checkin(
        patient, today, pain=8, mood=3, sleep_hours=None, sleep_quality=None, exercise_minutes=None, exercise_kind=""
    )
    page = phone_page(color_scheme="dark")
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, patient)
    page.goto("/")
    rest = page.locator("[data-rest-form]")
    expect(rest.get_by_role("group", name="Common hours of sleep")).to_be_visible()
    expect(rest.get_by_role("button", name="Save sleep and activity")).to_be_hidden()
    assert bottom(page.locator("#week-heading")) <= first_screen_ends(page)
    shot(page, "home-after-a-bad-day-320-dark", full_page=False)
