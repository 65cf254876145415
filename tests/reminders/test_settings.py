"""The account page's reminder settings, the pause, and each device's push subscription."""

import datetime
import html
import json

import pytest
from django.test import Client

from checkin.models import PushSubscription, Reminder
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"
KEYS = {
    "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    "auth": "tBHItJI5svbpez7KI4CCXg",
}


def test_saving_settings_plans_the_next_reminder(patient_client, patient):
    response = patient_client.post(
        "/account/reminders/",
        {
            "reminder_time": "20:00",
            "reminder_days": ["0", "2", "4"],
            "reminder_email": "on",
        },
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get(patient=patient)
    assert (reminder.time, reminder.days, reminder.email, reminder.push) == (datetime.time(20), [0, 2, 4], True, False)
    local = reminder.next_at.astimezone(patient.zone)
    assert local.time() == datetime.time(20) and local.weekday() in (0, 2, 4)
    assert response["Location"] == "/account/#reminders-said"
    page = html.unescape(patient_client.get("/account/").content.decode())
    assert 'name="reminder_time" value="20:00"' in page
    said = (
        '<p class="alert alert-success mt-2 mb-0" id="reminders-said" role="status" tabindex="-1">'
        "You'll get an email at 20:00 on Mondays, Wednesdays and Fridays, only on days without a check-in.</p>"
    )
    assert said in page
    assert page.count("only on days without a check-in.</") == 1  # beside the button, not atop the page too


def test_a_reminder_without_a_time_is_refused_with_the_field_named(patient_client, patient):
    response = patient_client.post("/account/reminders/", {"reminder_email": "on", "reminder_days": ["1"]})
    assert response.status_code == 400
    assert "Remind me at: choose a time, such as 20:00, for your reminders." in response.content.decode()
    assert not Reminder.objects.exists()


def test_no_days_and_a_channel_is_refused(patient_client):
    response = patient_client.post("/account/reminders/", {"reminder_time": "08:30", "reminder_push": "on"})
    assert response.status_code == 400
    assert "On these days: choose at least one day" in response.content.decode()


def test_pause_for_a_week_then_resume(patient_client, patient):
    patient_client.post(
        "/account/reminders/",
        {"reminder_time": "20:00", "reminder_days": [str(d) for d in range(7)], "reminder_email": "on"},
    )
    patient_client.post("/account/reminders/pause/")
    reminder = Reminder.objects.get(patient=patient)
    assert reminder.paused_until == patient.today() + datetime.timedelta(days=6)
    assert reminder.next_at.astimezone(patient.zone).date() == patient.today() + datetime.timedelta(days=7)
    assert "Resume reminders" in patient_client.get("/account/").content.decode()
    patient_client.post("/account/reminders/pause/", {"resume": "1"})
    assert Reminder.objects.get(patient=patient).paused_until is None


def test_a_device_subscribes_and_unsubscribes(patient_client, patient):
    body = json.dumps({"endpoint": ENDPOINT, "keys": KEYS})
    response = patient_client.post("/api/push-subscriptions/", body, content_type="application/json")
    assert response.status_code == 201
    [subscription] = PushSubscription.objects.filter(patient=patient)
    assert (subscription.endpoint, subscription.auth) == (ENDPOINT, KEYS["auth"])
    assert Reminder.objects.get(patient=patient).push is True
    # The same device again: still one row.
    patient_client.post("/api/push-subscriptions/", body, content_type="application/json")
    assert PushSubscription.objects.count() == 1
    response = patient_client.delete(
        "/api/push-subscriptions/", json.dumps({"endpoint": ENDPOINT}), content_type="application/json"
    )
    assert response.status_code == 200 and not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"endpoint": "http://push.example.org/x", "keys": KEYS}, "endpoint"),
        ({"endpoint": ENDPOINT}, "keys"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": 5, "auth": "x"}}, "keys"),
        # Longer than the column: 400 on every database, not a 500 on PostgreSQL.
        ({"endpoint": ENDPOINT, "keys": {"p256dh": "p" * 80, "auth": "a" * 150}}, "keys"),
        # Anywhere but a browser's push service: the server would send requests there.
        ({"endpoint": "https://127.0.0.1/push", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://10.0.0.8/push", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://169.254.169.254/latest/meta-data/", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://[::1]/push", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://localhost/push", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://user:pw@fcm.googleapis.com/fcm/send/x", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://fcm.googleapis.com:8443/fcm/send/x", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://fcm.googleapis.com.attacker.example/x", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://notfcm.googleapis.com/x", "keys": KEYS}, "endpoint"),
        ({"endpoint": "https://intranet.clinic.example/admin", "keys": KEYS}, "endpoint"),
        ({"endpoint": ["https://fcm.googleapis.com/x"], "keys": KEYS}, "endpoint"),
    ],
)
def test_a_bad_subscription_is_refused_naming_the_field(patient_client, body, field):
    response = patient_client.post("/api/push-subscriptions/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAA",
        "https://web.push.apple.com/QGuQyavXutnMH",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD",
    ],
)
def test_the_browsers_push_services_are_taken(patient_client, endpoint):
    response = patient_client.post(
        "/api/push-subscriptions/", json.dumps({"endpoint": endpoint, "keys": KEYS}), content_type="application/json"
    )
    assert response.status_code == 201
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [endpoint]


def test_a_patient_keeps_at_most_ten_devices_the_newest(patient, patient_client):
    for n in range(12):
        patient_client.post(
            "/api/push-subscriptions/",
            json.dumps({"endpoint": f"{ENDPOINT}-{n}", "keys": KEYS}),
            content_type="application/json",
        )
    kept = set(PushSubscription.objects.filter(patient=patient).values_list("endpoint", flat=True))
    assert kept == {f"{ENDPOINT}-{n}" for n in range(2, 12)}


def test_logging_out_removes_this_devices_subscription_only(patient, client):
    sign_in(client, patient)
    client.post(
        "/api/push-subscriptions/", json.dumps({"endpoint": ENDPOINT, "keys": KEYS}), content_type="application/json"
    )
    PushSubscription.objects.create(patient=patient, endpoint="https://fcm.googleapis.com/fcm/send/laptop", **KEYS)
    client.post("/accounts/logout/")
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        "https://fcm.googleapis.com/fcm/send/laptop"
    ]


def test_deleting_the_account_removes_every_subscription(patient):
    PushSubscription.objects.create(patient=patient, endpoint=ENDPOINT, **KEYS)
    patient.delete()
    assert not PushSubscription.objects.exists()


def test_logged_out_and_csrf_less_requests_are_refused(client, strict_client):
    body = json.dumps({"endpoint": ENDPOINT, "keys": KEYS})
    assert client.post("/api/push-subscriptions/", body, content_type="application/json").status_code == 401
    assert strict_client.post("/api/push-subscriptions/", body, content_type="application/json").status_code == 403
    assert not PushSubscription.objects.exists()


def test_the_account_page_offers_notifications_with_the_public_key(patient_client, settings):
    page = patient_client.get("/account/").content.decode()
    assert f'data-key="{settings.MEND_VAPID_PUBLIC_KEY}"' in page
    assert "Turn on notifications on this device" in page and "Pause reminders for a week" in page
    assert "Or add a daily event to your calendar" in page


def test_another_patient_cannot_remove_my_device(patient, other_patient):
    PushSubscription.objects.create(patient=patient, endpoint=ENDPOINT, **KEYS)
    other = Client()
    sign_in(other, other_patient)
    other.delete("/api/push-subscriptions/", json.dumps({"endpoint": ENDPOINT}), content_type="application/json")
    assert PushSubscription.objects.filter(patient=patient).exists()


def test_a_time_without_a_way_to_remind_plans_nothing_and_says_why(patient_client, patient):
    patient_client.post("/account/reminders/", {"reminder_time": "20:00", "reminder_days": ["0"]})
    assert Reminder.objects.get(patient=patient).next_at is None
    page = patient_client.get("/account/").content.decode()
    assert 'class="alert alert-warning mt-2 mb-0" id="reminders-said"' in page
    assert "Reminders are off: tick “A notification” or “An email” to turn them on." in page


def test_notifications_chosen_with_no_device_turned_on_say_so(patient_client, patient):
    patient_client.post(
        "/account/reminders/", {"reminder_time": "08:30", "reminder_days": ["5", "6"], "reminder_push": "on"}
    )
    page = html.unescape(patient_client.get("/account/").content.decode())
    assert "You'll get a notification at 08:30 at weekends, only on days without a check-in." in page
    assert "Notifications also need turning on on each device" in page
