"""Reminders in Chromium: the account page asks for notifications only when
asked to, and the service worker shows a reminder and opens the check-in."""

import json
import re

import pytest
from playwright.sync_api import expect

from checkin.models import PushSubscription, Reminder
from tests.e2e.pwa_helpers import eventually, watch_service_worker

# No browser push service is reachable here, so pushManager.subscribe stands
# in with the shape a real subscription has; everything after it is real.
FAKE_SUBSCRIBE_JS = """() => {
  window.permissionAsked = 0;
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = () => { window.permissionAsked += 1; return ask(); };
  PushManager.prototype.subscribe = async function () {
    const json = { endpoint: "https://fcm.googleapis.com/fcm/send/this-phone",
                   keys: { p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                           auth: "tBHItJI5svbpez7KI4CCXg" } };
    return { ...json, toJSON: () => json };
  };
  PushManager.prototype.getSubscription = async () => null;
}"""


def test_notifications_are_asked_for_only_on_the_button_and_the_device_is_stored(
    patient_page, patient, wait_for_service_worker, shot, axe_check
):
    page = patient_page
    page.context.grant_permissions(["notifications"])
    page.add_init_script(f"({FAKE_SUBSCRIBE_JS})()")
    page.goto("/account/")
    wait_for_service_worker(page)
    page.get_by_label("Remind me at").first.fill("20:00")
    page.locator("#reminders-heading").scroll_into_view_if_needed()
    shot(page, "account-reminders")
    axe_check(page, "account with reminders")
    assert page.evaluate("window.permissionAsked") == 0  # opening the page asks nothing
    page.get_by_role("button", name="Turn on notifications on this device").click()
    expect(page.locator("[data-push-status]")).to_contain_text("Notifications are on for this device")
    assert page.evaluate("window.permissionAsked") == 1
    [subscription] = PushSubscription.objects.filter(patient=patient)
    assert subscription.endpoint == "https://fcm.googleapis.com/fcm/send/this-phone"
    assert Reminder.objects.get(patient=patient).push is True


def test_the_worker_shows_a_reminder_and_a_tap_opens_the_check_in(patient_page, wait_for_service_worker, live_server):
    page = patient_page
    page.context.grant_permissions(["notifications"])
    page.goto("/history/")
    wait_for_service_worker(page)
    cdp, reported = watch_service_worker(page)
    # The push goes to the registration whose worker is active (not one still installing).
    active = reported("versions", lambda v: v["status"] == "activated")
    message = {"title": "Mend", "body": "A minute for today's check-in?", "url": "/checkin/"}
    shown_js = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
        .map((n) => ({ title: n.title, body: n.body, tag: n.tag }))"""
    # Chromium drops a DevTools push without a word when the worker cannot take
    # it at that moment (a loaded machine), so an unanswered push is sent again.
    # The tag makes a repeat replace the first: one notification either way.
    for attempt in range(3):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": live_server.url,
                "registrationId": active[-1]["registrationId"],
                "data": json.dumps(message),
            },
        )
        try:
            shown = eventually(lambda: page.evaluate(shown_js), timeout=8.0, message="the notification")
            break
        except AssertionError:
            if attempt == 2:
                raise
    assert shown == [{"title": "Mend", "body": "A minute for today's check-in?", "tag": "mend-reminder"}]
    # A tap on it, as the worker receives one: the open Mend window goes to the check-in.
    worker = page.context.service_workers[0]
    worker.evaluate("""async () => {
        const [notification] = await self.registration.getNotifications();
        self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
    }""")
    page.wait_for_url(re.compile(r"/checkin/$"))


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 320, "height": 640}], ids=["390", "320"])
def test_saving_reminders_says_what_will_happen_where_the_patient_is_looking(patient_page, size, shot, axe_check):
    page = patient_page
    page.set_viewport_size(size)
    page.goto("/account/")
    page.get_by_label("Remind me at").first.fill("19:00")
    for day in ("Saturday", "Sunday"):
        page.get_by_label(day).uncheck()
    page.get_by_label("An email").check()
    page.get_by_role("button", name="Save reminders").click()
    said = page.locator("#reminders-said")
    expect(said).to_have_text("You'll get an email at 19:00 on weekdays, only on days without a check-in.")
    expect(said).to_be_in_viewport(ratio=1)  # scrolled to, whole, on the screen
    page.wait_for_function("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_timeout(600)  # the smooth scroll's last frames, for the picture only
    shot(page, f"reminders-saved-{size['width']}", full_page=False)  # what the patient sees
    axe_check(page, "account after saving reminders")
    # A time with no way to remind: off, saying why, in the same place.
    page.get_by_label("An email").uncheck()
    page.get_by_role("button", name="Save reminders").click()
    expect(said).to_contain_text("Reminders are off: tick")
    expect(said).to_be_in_viewport(ratio=1)  # scrolled to, whole, on the screen
