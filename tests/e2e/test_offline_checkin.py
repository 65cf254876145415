"""A check-in made without a connection reaches the server exactly once,
proven in a real phone-sized Chromium with its service worker in control."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from checkin.core.sync import owner_tag
from checkin.models import CheckIn
from tests.e2e.pwa_helpers import (
    eventually,
    fill_check_in,
    update_service_worker,
    visit_while_online,
    watch_service_worker,
)

QUEUED_JS = "(owner) => MendQueue.list(owner)"
HOME = re.compile(r"^https?://[^/]+/(\?.*)?$")


@pytest.fixture
def offline_ready(patient_page, wait_for_service_worker):
    """The patient's phone, online long enough for Mend to keep the check-in and home pages."""
    wait_for_service_worker(patient_page)
    visit_while_online(patient_page, "/checkin/", "/")
    return patient_page


def queued(page, user):
    return page.evaluate(QUEUED_JS, owner_tag(user))


def wait_for_rows(user, count):
    """The live server stores from its own thread: wait until `count` rows are there."""
    return eventually(
        lambda: (rows := list(CheckIn.objects.filter(patient=user))) and len(rows) >= count and rows,
        message=f"{count} check-in rows",
    )


def save_offline_then_sync_with_no_page_open(page):
    """A check-in saved offline (pain 5, yoga), then the connection back with
    no Mend page open, and Background Sync fired as Chromium fires it."""
    page.context.set_offline(True)
    page.goto("/checkin/")
    fill_check_in(page, pain=5, mood=5, sleep_hours="8", sleep_quality="Good", minutes="10", kind="yoga")
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    page.goto("about:blank")  # no Mend page left to hear the `online` event
    page.context.set_offline(False)
    cdp, reported = watch_service_worker(page)
    [registration] = reported("registrations", lambda r: not r["isDeleted"])
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": registration["scopeURL"].rstrip("/"),
            "registrationId": registration["registrationId"],
            "tag": "mend-checkins",
            "lastChance": False,
        },
    )


def test_an_offline_check_in_is_kept_on_the_phone_then_stored_once_when_back_online(
    offline_ready, patient, today, shot
):
    page = offline_ready
    page.context.set_offline(True)
    page.goto("/checkin/")
    fill_check_in(
        page, pain=3, mood=7, sleep_hours="6.5", sleep_quality="Good", minutes="25", kind="walking", note="Short walk"
    )
    page.get_by_role("button", name="Save check-in").click()

    page.wait_for_url(HOME)
    # Today's card says it, with the answers; the status line does not say it twice.
    card = page.locator("[data-today-card]")
    expect(card).to_contain_text("Saved on this phone, waiting to send")
    expect(card).to_contain_text("6.5")
    expect(page.locator("[data-today-row]")).to_contain_text("6.5 h")
    expect(page.locator("[data-pwa-status]")).to_contain_text("1 check-in is waiting on this phone")
    expect(page.locator("[data-pwa-status]")).not_to_contain_text("Saved on this phone")  # said once, by the card
    shot(page, "home-offline-one-waiting")
    [item] = queued(page, patient)
    assert item["values"]["date"] == today.isoformat()
    assert not CheckIn.objects.exists()

    page.context.set_offline(False)  # the `online` event sends it
    page.get_by_text("Sent the check-in saved on this phone.").wait_for()
    [row] = wait_for_rows(patient, 1)
    assert str(row.client_uuid) == item["client_uuid"]
    assert (row.date, row.pain, row.mood, row.sleep_hours, row.sleep_quality) == (today, 3, 7, Decimal("6.5"), 4)
    assert (row.exercise_minutes, row.exercise_kind, row.note) == (25, "walking", "Short walk")
    assert queued(page, patient) == []

    # The same item sent again (a response lost on the way, say): still one row.
    page.evaluate("(item) => MendQueue.put(item)", item)
    page.reload()
    page.get_by_text("Sent the check-in saved on this phone.").wait_for()
    assert queued(page, patient) == []
    assert CheckIn.objects.filter(patient=patient).count() == 1


def test_each_offline_check_in_gets_a_fresh_uuid(offline_ready, patient, today):
    page = offline_ready
    page.context.set_offline(True)
    for day in (today - datetime.timedelta(days=1), today):
        page.goto("/checkin/")
        fill_check_in(page, pain=2, mood=6, sleep_hours="7", sleep_quality="Okay", minutes="0", kind="none")
        page.locator("#id_date").fill(day.isoformat())
        page.get_by_role("button", name="Save check-in").click()
        page.wait_for_url(HOME)
    expect(page.locator("[data-pwa-status]")).to_contain_text("2 check-ins are waiting on this phone")
    items = queued(page, patient)
    assert len({item["client_uuid"] for item in items}) == 2

    page.context.set_offline(False)
    page.get_by_text("Sent the 2 check-ins saved on this phone.").wait_for()
    rows = wait_for_rows(patient, 2)
    assert sorted(row.date for row in rows) == [today - datetime.timedelta(days=1), today]


def test_background_sync_sends_the_check_in_with_no_page_open(offline_ready, patient, today):
    page = offline_ready
    save_offline_then_sync_with_no_page_open(page)
    [row] = wait_for_rows(patient, 1)
    assert (row.date, row.pain, row.exercise_kind) == (today, 5, "yoga")


def test_a_check_in_is_kept_on_the_phone_when_the_connection_fails_though_the_phone_thinks_it_is_online(
    offline_ready, patient, today
):
    page = offline_ready
    page.goto("/checkin/")
    fill_check_in(page, pain=6, mood=4, sleep_hours="5", sleep_quality="Poor", minutes="0", kind="none")
    # A weak connection: the phone reports it is online, but nothing gets through.
    page.evaluate("() => Object.defineProperty(navigator, 'onLine', { get: () => true })")
    page.context.set_offline(True)
    page.get_by_role("button", name="Save check-in").click()

    page.wait_for_url(HOME)
    expect(page.locator("[data-today-card]")).to_contain_text("Saved on this phone")
    [item] = queued(page, patient)
    assert (item["values"]["pain"], item["values"]["date"]) == ("6", today.isoformat())
    page.context.set_offline(False)
    page.reload()
    [row] = wait_for_rows(patient, 1)
    assert row.pain == 6


def test_offline_the_form_names_what_is_missing_and_keeps_what_was_typed(offline_ready, patient):
    page = offline_ready
    page.context.set_offline(True)
    page.goto("/checkin/")
    page.locator("label[for=id_pain_4]").click()
    page.get_by_label("Hours of sleep last night").fill("7")
    page.get_by_role("button", name="Save check-in").click()

    alert = page.locator("#offline-form-problems")
    assert alert.get_attribute("role") == "alert"
    text = alert.inner_text()
    assert "Mood" in text and "How well did you sleep?" in text and "Minutes of activity today" in text
    assert "Pain" not in text
    assert page.url.endswith("/checkin/")
    assert page.locator("#id_pain_4").is_checked()
    assert page.get_by_label("Hours of sleep last night").input_value() == "7"
    assert queued(page, patient) == []


def test_a_check_in_the_server_refuses_is_kept_and_shown_to_the_patient_to_fix(offline_ready, patient, today, shot):
    page = offline_ready
    values = {
        "date": today.isoformat(),
        "pain": "12",
        "mood": "6",
        "sleep_hours": "7",
        "sleep_quality": "3",
        "exercise_minutes": "15",
        "exercise_kind": "walking",
        "symptoms": [],
        "note": "Kept safe",
    }
    # Saved by an older version of Mend whose form allowed 12, say.
    page.evaluate("([values, owner]) => MendQueue.add(values, owner)", [values, owner_tag(patient)])
    page.reload()

    problem = page.locator(".queue-invalid")
    problem.wait_for()
    assert "Your check-in for today could not be sent" in problem.inner_text()
    assert "Pain: choose a whole number from 0 to 10." in problem.inner_text()
    shot(page, "home-check-in-needs-a-fix")
    assert [item["status"] for item in queued(page, patient)] == ["invalid"]
    assert not CheckIn.objects.exists()

    problem.get_by_role("link", name="Fix it").click()
    assert "Pain: choose a whole number from 0 to 10." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Hours of sleep last night").input_value() == "7"
    assert page.locator("#id_note").input_value() == "Kept safe"
    page.locator("label[for=id_pain_8]").click()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    [row] = wait_for_rows(patient, 1)
    assert (row.pain, row.note) == (8, "Kept safe")
    assert queued(page, patient) == []


def test_a_new_version_takes_over_without_losing_a_half_filled_check_in(offline_ready, patient, monkeypatch):
    from checkin.pwa import app_shell

    page = offline_ready
    page.goto("/checkin/")
    page.locator("label[for=id_pain_5]").click()
    page.get_by_label("Hours of sleep last night").fill("6")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    [old] = [name for name in page.evaluate("caches.keys()") if name.startswith("mend-shell-")]

    monkeypatch.setattr(app_shell, "cache_version", lambda: "a-new-deploy")  # what a deploy does
    update_service_worker(page)
    names = eventually(
        lambda: (keys := page.evaluate("caches.keys()")) and old not in keys and keys, message="the old caches to go"
    )
    # The deploy's version, then the crisis lines' (the offline page shows them).
    assert any(name.startswith("mend-shell-a-new-deploy") for name in names) and old not in names
    assert any(name.startswith("mend-pages-a-new-deploy") for name in names)  # the kept pages came along
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator("#id_pain_5").is_checked()
    assert page.get_by_label("Hours of sleep last night").input_value() == "6"


def test_a_kept_page_does_not_repeat_an_old_saved_message_offline(offline_ready, patient):
    page = offline_ready
    page.goto("/checkin/")
    fill_check_in(page, pain=2, mood=8, sleep_hours="8", sleep_quality="Good", minutes="30", kind="walking")
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    assert page.get_by_text("Saved your check-in for today").is_visible()
    kept_home = """async () => { const r = await caches.match(location.origin + "/"); return r ? r.text() : ""; }"""
    eventually(lambda: "Saved your check-in for today" in page.evaluate(kept_home), message="the page to be kept")

    page.context.set_offline(True)
    page.goto("/")
    expect(page.get_by_role("heading", name="Hello, Pat")).to_be_visible()
    assert page.get_by_text("Saved your check-in for today").count() == 0


def test_deleting_a_check_in_without_a_connection_never_becomes_a_queued_check_in(
    offline_ready, patient, today, make_checkin
):
    # The service worker keeps forms posted under /checkin/ as check-ins when
    # the network fails; the delete form must not be taken for one.
    yesterday = today - datetime.timedelta(days=1)
    make_checkin(patient, yesterday, pain=7)
    page = offline_ready
    page.goto(f"/history/{yesterday:%Y-%m-%d}/delete/")
    page.evaluate("() => Object.defineProperty(navigator, 'onLine', { get: () => true })")
    page.context.set_offline(True)
    page.get_by_role("button", name="Delete this check-in").click()
    page.wait_for_load_state()
    page.context.set_offline(False)
    page.goto("/")
    assert queued(page, patient) == []
    assert CheckIn.objects.get(patient=patient).date == yesterday


def test_a_check_in_queued_before_its_day_was_deleted_is_dropped_quietly(offline_ready, patient, today, make_checkin):
    page = offline_ready
    page.context.set_offline(True)
    page.goto("/checkin/")
    fill_check_in(page, pain=8, mood=3, sleep_hours="5", sleep_quality="Poor", minutes="0", kind="none")
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    assert len(queued(page, patient)) == 1

    # Meanwhile, on another device, the patient saves and then deletes that day.
    make_checkin(patient, today).delete()

    page.context.set_offline(False)
    eventually(lambda: queued(page, patient) == [], message="the superseded check-in to leave the queue")
    page.reload()
    expect(page.locator("[data-pwa-status]")).not_to_contain_text("Sent the check-in")
    expect(page.locator("[data-pwa-status]")).not_to_contain_text("waiting")
    assert not CheckIn.objects.filter(patient=patient).exists()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (320, 640)])
def test_home_tells_the_truth_after_an_offline_save_edits_not_doubles_and_says_sent_without_a_reload(
    offline_ready, patient, today, shot, width, height
):
    page = offline_ready
    page.set_viewport_size({"width": width, "height": height})
    visit_while_online(page, "/")
    page.context.set_offline(True)
    page.goto("/")
    # Two taps on home's scales, offline: kept on the phone.
    page.locator("[data-quick-form] label[for=id_pain_7]").click()
    page.locator("[data-quick-form] label[for=id_mood_3]").click()
    page.wait_for_url(HOME)
    card = page.locator("[data-today-card]")
    expect(card).to_contain_text("Saved on this phone, waiting to send")
    expect(card.locator("dd").first).to_have_text("7/10")
    expect(page.locator("[data-today-row]")).to_contain_text("7")
    if width == 390:  # "Last 7 days" on a 390x844 first screen, below the card that says it all
        assert page.locator("#week-heading").bounding_box()["y"] < height
    expect(page.locator("[data-quick-form]")).to_have_count(0)  # never the empty form
    expect(page.get_by_role("button", name=re.compile("^Same as"))).to_have_count(0)
    shot(page, f"home-offline-saved-{width}", full_page=False)

    # Change: the same check-in reopens; saving it again edits it, one item for the day.
    card.get_by_role("link", name="Change").click()
    expect(page.get_by_text("Your check-in saved on this phone: change what you like, then Save.")).to_be_visible()
    expect(page.locator("#id_pain_7")).to_be_checked()
    page.locator("label[for=id_mood_5]").click()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(HOME)
    [item] = queued(page, patient)
    assert (item["values"]["pain"], item["values"]["mood"]) == ("7", "5")
    expect(card.locator("dd").nth(1)).to_have_text("5/10")

    page.context.set_offline(False)  # the `online` event sends it: the card says so, no reload
    expect(card).to_contain_text("Sent: today's check-in is saved.")
    expect(card.get_by_role("link", name="Change today's check-in")).to_be_visible()
    [row] = wait_for_rows(patient, 1)
    assert (row.pain, row.mood, str(row.client_uuid)) == (7, 5, item["client_uuid"])
    shot(page, f"home-offline-sent-{width}", full_page=False)


def test_what_background_sync_sent_with_no_page_open_is_said_on_the_next_page(offline_ready, patient, today):
    page = offline_ready
    save_offline_then_sync_with_no_page_open(page)
    wait_for_rows(patient, 1)

    def next_page_says_sent():
        # The worker notes what it sent just after the server answers: open pages until one says so.
        page.goto("/history/")
        page.wait_for_timeout(300)
        return "Sent the check-in saved on this phone." in page.locator("[data-pwa-status]").inner_text()

    eventually(next_page_says_sent, message="a page to say what Background Sync sent")
    page.reload()  # said once
    expect(page.locator("[data-pwa-status]")).not_to_contain_text("Sent the check-in")
