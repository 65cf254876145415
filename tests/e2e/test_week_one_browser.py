"""A patient's first days on a phone, at 390x844 and 320x640, in one go: day 1,
a walk added for an earlier day, a past bad day (pain and mood alone), then
today's active full day in six taps from home. In each state the page says
what is true, what matters is on the first screen, and axe finds nothing."""

import datetime

import pytest
from playwright.sync_api import expect

from checkin.models import CheckIn
from tests.e2e.test_checkin_taps_browser import Taps
from tests.e2e.test_home_first_screen_browser import bottom, first_screen_ends, week_in_view


@pytest.mark.parametrize("size", [(390, 844), (320, 640)], ids=["390", "320"])
def test_day_one_a_past_walk_a_past_bad_day_and_an_active_day_in_six_taps(
    phone_page, log_in, patient, today, shot, axe_check, size
):
    wide = size == (390, 844)
    page = phone_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in(page, patient)

    # Day 1: a welcome, nothing saved, the pain scale within reach.
    page.goto("/")
    expect(page.get_by_text("You haven't checked in yet today.")).to_be_visible()
    assert bottom(page.locator("[data-quick-form] label[for=id_pain_10]")) <= first_screen_ends(page)
    if wide:
        week_in_view(page)
    axe_check(page, "home on day 1")

    # A walk three days ago, on that day's own full form.
    walked = today - datetime.timedelta(days=3)
    page.goto(f"/checkin/{walked.isoformat()}/")
    page.locator("label[for=id_pain_4]").click()
    page.locator("label[for=id_mood_6]").click()
    page.get_by_role("group", name="Common hours of sleep").get_by_role("button", name="7 h").click()
    page.get_by_text("Good", exact=True).click()
    page.get_by_role("group", name="Common minutes of activity").get_by_role("button", name="30 min").click()
    page.get_by_text("Walking", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    expect(page.locator(".alert-success").first).to_contain_text("Saved your check-in for")

    # Yesterday was a bad day: pain and mood alone, nothing else asked for.
    yesterday = today - datetime.timedelta(days=1)
    page.goto(f"/checkin/{yesterday.isoformat()}/")
    page.locator("label[for=id_pain_8]").click()
    page.locator("label[for=id_mood_2]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    expect(page.locator(".alert-success").first).to_contain_text("Saved your pain and mood")
    row = page.locator(".week-table tbody tr").nth(1)  # yesterday, under today
    expect(row).to_contain_text("8")
    expect(row.get_by_label("not given")).to_be_visible()  # sleep missing, never 0
    axe_check(page, "home after a past bad day")

    # Today: an active full day from home's scales, six taps, the walk's kind carried over.
    tap = Taps()
    tap(page.locator("[data-quick-form] label[for=id_pain_5]"))
    tap(page.locator("[data-quick-form] label[for=id_mood_6]"), navigates=True)
    if wide:
        week_in_view(page)  # straight after the two taps, sleep's question alone above the week
    rest = page.locator("[data-rest-form]")
    tap(rest.get_by_role("button", name="7 h"))
    tap(rest.get_by_text("Good", exact=True))
    tap(rest.get_by_role("button", name="20 min"))
    expect(rest.locator("input[name=exercise_kind][value=walking]")).to_be_checked()
    tap(rest.get_by_role("button", name="Save sleep and activity"), navigates=True)
    assert tap.count == 6
    saved = CheckIn.objects.get(patient=patient, date=today)
    assert (saved.pain, saved.mood, saved.exercise_minutes, saved.exercise_kind) == (5, 6, 20, "walking")
    expect(page.locator(".alert-success").first).to_contain_text("Updated your check-in for today.")
    expect(page.locator("[data-today-card]")).to_contain_text("20")
    week_in_view(page)  # a full day: the card is short at either size
    axe_check(page, "home after a full day")
    shot(page, f"week-one-active-day-{size[0]}", full_page=False)
