"""A shared phone: after one person logs out (or another logs in), nothing of
the first is left to see, even offline; check-ins that wait are never lost
without asking."""

import datetime
import re

import pytest
from django.http import JsonResponse
from playwright.sync_api import expect

from checkin.core.sync import owner_tag
from checkin.daily import api
from tests.e2e.pwa_helpers import cached_urls, eventually, visit_while_online

NOTE = "Physio said to pace the gardening"
HISTORY_ROW = "Pain 7 · Mood 6"
HOME = re.compile(r"^https?://[^/]+/(\?.*)?$")

# Every response body held in any of Mend's caches, as text.
CACHED_TEXT_JS = """async () => {
    const texts = [];
    for (const name of await caches.keys())
      for (const response of await (await caches.open(name)).matchAll())
        texts.push(await response.text());
    return texts.join("\\n");
}"""


@pytest.fixture
def pats_pages_kept(patient_page, patient, today, make_checkin, wait_for_service_worker):
    """Pat has used Mend on this phone: their home, check-in, history and yesterday's answers are kept for offline."""
    yesterday = today - datetime.timedelta(days=1)
    make_checkin(patient, yesterday, pain=7, note=NOTE)
    page = patient_page
    wait_for_service_worker(page)
    visit_while_online(page, "/", "/checkin/", "/history/", f"/checkin/{yesterday.isoformat()}/")
    # A safety plan typed on this phone, not yet sent.
    page.evaluate(f"localStorage.setItem('mend-plan-{owner_tag(patient)}', JSON.stringify({{coping: 'A walk'}}))")
    kept = page.evaluate(CACHED_TEXT_JS)
    assert NOTE in kept and HISTORY_ROW in kept
    return page


def log_out(page):
    page.goto("/account/")
    page.get_by_role("button", name="Log out", exact=True).click()
    page.wait_for_url(HOME)


def assert_nothing_of_pat(page, patient):
    text = page.evaluate(CACHED_TEXT_JS)
    for personal in (NOTE, HISTORY_ROW, patient.email, "Hello, Pat", owner_tag(patient)):
        assert personal not in text, personal
    # Nor a safety plan Pat typed without a connection.
    assert page.evaluate(f"localStorage.getItem('mend-plan-{owner_tag(patient)}')") is None


def queue_a_check_in(page, patient):
    """Puts one check-in in this phone's queue, as if it had been saved offline."""
    page.evaluate(
        "([owner]) => MendQueue.add({date: '2025-01-02', pain: '3', mood: '5', sleep_hours: '7', sleep_quality: '3',"
        " exercise_minutes: '0', exercise_kind: 'none', symptoms: [], note: ''}, owner)",
        [owner_tag(patient)],
    )


def test_after_logging_out_the_phone_holds_nothing_of_the_last_person_even_offline(pats_pages_kept, patient):
    page = pats_pages_kept
    log_out(page)
    assert page.get_by_role("link", name="Create a free account").is_visible()
    assert_nothing_of_pat(page, patient)
    assert not any(path in cached_urls(page, "mend-pages-") for path in ("/checkin/", "/history/"))

    page.context.set_offline(True)
    for path in ("/", "/checkin/", "/history/"):
        page.goto(path)
        body = page.locator("body").inner_text()
        assert "Hello, Pat" not in body and NOTE not in body and HISTORY_ROW not in body, path
    assert page.get_by_role("heading", name="You are offline").is_visible()


def test_the_next_person_sees_nothing_of_the_last_when_the_session_ended_without_logging_out(
    pats_pages_kept, patient, other_patient, log_in
):
    page = pats_pages_kept
    page.context.clear_cookies()  # Pat's session expired; Olive picks up the phone
    log_in(page, other_patient)
    expect(page.get_by_role("heading", name="Hello, Olive")).to_be_visible()
    eventually(lambda: "/history/" not in cached_urls(page, "mend-pages-"), message="Pat's pages to go")
    assert_nothing_of_pat(page, patient)

    page.context.set_offline(True)
    page.goto("/history/")
    assert page.get_by_role("heading", name="You are offline").is_visible()


def test_logging_out_everywhere_from_another_device_empties_this_phone_at_its_next_contact(pats_pages_kept, patient):
    from django.db.models import F

    from checkin.models import User

    page = pats_pages_kept
    # "Log out on every device", pressed on Pat's laptop while the phone lay idle.
    User.objects.filter(pk=patient.pk).update(session_generation=F("session_generation") + 1)
    page.goto("/history/")  # the phone's next contact: the server says the session is gone
    page.wait_for_url(re.compile(r"/accounts/login/"))
    eventually(lambda: "/history/" not in cached_urls(page, "mend-pages-"), message="Pat's pages to go")
    assert_nothing_of_pat(page, patient)
    page.context.set_offline(True)
    for path in ("/history/", "/"):
        page.goto(path)
        assert NOTE not in page.locator("body").inner_text() and HISTORY_ROW not in page.locator("body").inner_text()
    assert page.get_by_role("heading", name="You are offline").is_visible()


def test_logging_out_with_check_ins_waiting_asks_first_and_keeps_them_if_the_patient_says_no(
    patient_page, patient, wait_for_service_worker, monkeypatch
):
    page = patient_page
    wait_for_service_worker(page)
    # The server is in trouble just now, so the check-in waits, whichever send
    # tries it: the one the page starts as it loads may come after the queueing.
    monkeypatch.setattr(api, "_receive", lambda request: JsonResponse({"errors": {}}, status=503))
    page.goto("/account/")
    queue_a_check_in(page, patient)

    # Answered by a handler: the question comes after a failed send, and a
    # dialog left open until click() returns can hold click() up for good.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Log out", exact=True).click()
    # wait_for_timeout, unlike time.sleep, lets Playwright deliver the dialog.
    eventually(lambda: page.wait_for_timeout(50) or asked, message="the question before logging out")
    assert asked == [
        "1 check-in saved on this phone has not been sent to Mend yet. "
        "Logging out deletes it from this phone. Log out anyway?"
    ]
    assert page.url.endswith("/account/")
    assert len(page.evaluate("(owner) => MendQueue.list(owner)", owner_tag(patient))) == 1
    page.reload()
    assert page.get_by_role("button", name="Log out", exact=True).is_visible()  # still logged in

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Log out", exact=True).click()
    page.wait_for_url(HOME)
    assert page.get_by_role("link", name="Create a free account").is_visible()
    assert page.evaluate("(owner) => MendQueue.list(owner)", owner_tag(patient)) == []


def test_logging_out_sends_waiting_check_ins_first_when_it_can(patient_page, patient, wait_for_service_worker):
    page = patient_page
    wait_for_service_worker(page)
    page.goto("/account/")
    queue_a_check_in(page, patient)
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    log_out(page)
    assert questions == []
    assert patient.checkins.get().date == datetime.date(2025, 1, 2)


def test_a_check_in_queued_by_one_person_is_never_sent_as_another(pats_pages_kept, patient, other_patient, log_in):
    page = pats_pages_kept
    # Pat's session ends without a log-out while a check-in Pat saved offline still waits.
    page.context.clear_cookies()
    queue_a_check_in(page, patient)
    log_in(page, other_patient)
    expect(page.get_by_role("heading", name="Hello, Olive")).to_be_visible()
    page.reload()
    page.wait_for_timeout(500)  # time enough for any sending to happen
    assert "waiting" not in page.locator("[data-pwa-status]").inner_text()
    assert not other_patient.checkins.exists()
    # Still on the phone for Pat, who may log in again to send it.
    assert len(page.evaluate("(owner) => MendQueue.list(owner)", owner_tag(patient))) == 1
