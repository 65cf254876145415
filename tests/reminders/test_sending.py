"""send_reminders: one notification per patient-day, only on days without a check-in,
read back by a fake push service that decrypts it, and email through a real SMTP server."""

import datetime
import email
import email.policy
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from checkin.models import PushSubscription, Reminder
from checkin.reminders import sending
from checkin.reminders.plan import plan
from tests.conftest import sign_in
from tests.postgres import require_postgresql
from tests.reminders.services import FakePushService, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def push_service():
    service = FakePushService(settings.MEND_VAPID_SUBJECT)
    with service.route():
        yield service
    service.stop()


@pytest.fixture
def mailbox():
    controller, box = smtp_server()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        yield box
    controller.stop()


def remind(patient, when, push=True, email=False, days=None):
    """The patient wants reminders at `when` (their time); planned as saving the settings would."""
    reminder = Reminder(patient=patient, time=when, days=days or list(range(7)), push=push, email=email)
    plan(reminder)
    reminder.save()
    return reminder


def subscribe(patient, device):
    return PushSubscription.objects.create(
        patient=patient, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )


def zone_near_noon() -> str:
    """A time zone where it is about midday now, so no test here depends on
    the hour it runs ("an hour ago" and "in two hours" stay on today)."""
    offset = max(-12, min(14, 12 - timezone.now().hour))
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"  # the tz database's signs


@pytest.fixture
def patient(patient):
    patient.time_zone = zone_near_noon()
    patient.save(update_fields=["time_zone"])
    return patient


@pytest.fixture
def other_patient(other_patient):
    other_patient.time_zone = zone_near_noon()
    other_patient.save(update_fields=["time_zone"])
    return other_patient


def local_now(patient):
    return timezone.now().astimezone(patient.zone)


def an_hour_ago(patient):
    return (local_now(patient) - datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0)


def test_a_due_patient_gets_one_readable_notification_with_no_health_data(patient, push_service, make_checkin):
    subscribe(patient, push_service.device("phone"))
    remind(patient, an_hour_ago(patient))
    result = sending.run()
    assert result.claimed == [patient.pk]
    [(name, message, headers)] = push_service.received
    assert message == {"title": "Mend", "body": "A minute for today's check-in?", "url": "/checkin/"}
    # Dropped at the patient's midnight rather than shown the next morning.
    midnight = datetime.datetime.combine(
        patient.today() + datetime.timedelta(days=1), datetime.time(0), tzinfo=patient.zone
    )
    assert 0 < int(headers["ttl"]) <= (midnight - timezone.now()).total_seconds() + 1
    # Once a day at most: the next pass sends nothing.
    assert sending.run().claimed == []
    assert len(push_service.received) == 1
    assert Reminder.objects.get(patient=patient).next_at > timezone.now()


def test_no_reminder_on_a_day_with_a_check_in(patient, push_service, make_checkin):
    subscribe(patient, push_service.device("phone"))
    make_checkin(patient, patient.today())
    remind(patient, an_hour_ago(patient))
    assert sending.run().claimed == []
    assert push_service.received == []


@pytest.mark.django_db(transaction=True)  # derived rows are worked out after commit
def test_a_check_in_sent_later_from_the_offline_queue_stops_the_reminder(patient, push_service):
    subscribe(patient, push_service.device("phone"))
    remind(patient, an_hour_ago(patient))
    client = Client()
    sign_in(client, patient)
    body = {
        "date": patient.today().isoformat(),
        "pain": 3,
        "mood": 6,
        "sleep_hours": 7,
        "sleep_quality": 3,
        "exercise_minutes": 0,
        "exercise_kind": "none",
        "symptoms": [],
        "note": "",
        "client_uuid": "3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a098",
    }
    assert client.post("/api/checkins/", body, content_type="application/json").status_code == 201
    assert sending.run().claimed == []


def test_not_before_the_chosen_time_and_not_on_a_day_off(patient, push_service):
    subscribe(patient, push_service.device("phone"))
    later = (local_now(patient) + datetime.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    remind(patient, later)
    assert sending.run().claimed == []
    other_days = [d for d in range(7) if d != patient.today().weekday()]
    Reminder.objects.all().delete()
    remind(patient, an_hour_ago(patient), days=other_days)
    assert sending.run().claimed == []
    assert push_service.received == []


def test_a_pause_stops_reminders(patient, push_service):
    subscribe(patient, push_service.device("phone"))
    reminder = Reminder(
        patient=patient, time=an_hour_ago(patient), push=True, paused_until=patient.today() + datetime.timedelta(days=6)
    )
    plan(reminder)
    reminder.save()
    assert reminder.next_at.astimezone(patient.zone).date() == patient.today() + datetime.timedelta(days=7)
    assert sending.run().claimed == []


def test_a_gone_subscription_is_deleted_and_a_failing_one_is_retried(patient, other_patient, push_service):
    subscribe(patient, push_service.device("old-phone"))
    push_service.gone.add("old-phone")
    subscribe(other_patient, push_service.device("flaky"))
    push_service.failing.add("flaky")
    remind(patient, an_hour_ago(patient))
    remind(other_patient, an_hour_ago(other_patient))
    result = sending.run()
    assert result.expired == 1 and not PushSubscription.objects.filter(patient=patient).exists()
    assert result.failed == [other_patient.pk]
    push_service.failing.clear()
    assert sending.run().claimed == [other_patient.pk]  # given back, so the next pass sends it
    assert [name for name, _, _ in push_service.received] == ["flaky"]


def test_the_email_has_only_an_invitation_and_a_one_click_unsubscribe(patient, mailbox, client):
    remind(patient, an_hour_ago(patient), push=False, email=True)
    assert sending.run().claimed == [patient.pk]
    [envelope] = mailbox.messages
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert envelope.rcpt_tos == ["patient@example.com"]
    assert message["Subject"] == "A minute for today's check-in?"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = str(message["List-Unsubscribe"]).strip().strip("<>")
    body = message.get_content()
    assert "http://testserver/checkin/" in body and stop in body
    # Works without a session, and changes nothing else.
    path = stop.removeprefix("http://testserver")
    assert "Stop reminder emails" in client.get(path).content.decode()
    assert Reminder.objects.get(patient=patient).email is True  # a GET (a link scanner) changes nothing
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reminder = Reminder.objects.get(patient=patient)
    assert reminder.email is False and reminder.time is not None


def test_a_tampered_unsubscribe_link_is_refused(client):
    response = client.post("/reminders/unsubscribe/not-a-token/")
    assert response.status_code == 404


def test_dry_run_lists_and_sends_nothing(patient, push_service, capsys):
    subscribe(patient, push_service.device("phone"))
    remind(patient, an_hour_ago(patient))
    call_command("send_reminders", "--dry-run")
    assert f"1 due: patients {patient.pk}" in capsys.readouterr().out
    assert push_service.received == []
    call_command("send_reminders")
    assert len(push_service.received) == 1


@pytest.mark.django_db(transaction=True)
def test_two_passes_at_once_send_each_patient_day_once(make_user, push_service):
    require_postgresql()
    patients = [make_user(f"p{n}@example.com", time_zone=zone_near_noon()) for n in range(20)]
    for n, p in enumerate(patients):
        subscribe(p, push_service.device(f"d{n}"))
        remind(p, an_hour_ago(p))
    start = threading.Barrier(2)

    def one_pass():
        start.wait()
        sending.run()
        from django.db import connection

        connection.close()

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(name for name, _, _ in push_service.received) == sorted(f"d{n}" for n in range(20))


def test_a_subscription_stored_before_the_rules_is_dropped_unsent(patient, push_service):
    """An endpoint that names no push service (stored before the allow-list)
    is dropped at the next pass without a request to it."""
    PushSubscription.objects.create(
        patient=patient, endpoint=f"{push_service.url}/push/old", p256dh=push_service.device("old").p256dh, auth="x"
    )
    remind(patient, an_hour_ago(patient))
    result = sending.run()
    assert result.expired == 1 and not PushSubscription.objects.exists()
    assert push_service.received == []


def test_a_push_host_that_resolves_to_a_private_address_gets_nothing(patient, push_service):
    subscribe(patient, push_service.device("phone"))
    remind(patient, an_hour_ago(patient))
    private = [(2, 1, 6, "", ("10.0.0.7", 443))]
    with mock.patch("checkin.reminders.push_endpoints.socket.getaddrinfo", return_value=private):
        assert sending.run().failed == [patient.pk]
    assert push_service.received == []
    assert PushSubscription.objects.get().failures == 1


def test_a_redirect_is_never_followed(patient, push_service):
    subscribe(patient, push_service.device("phone"))
    push_service.redirect["phone"] = f"{push_service.url}/push/elsewhere"
    push_service.device("elsewhere")
    remind(patient, an_hour_ago(patient))
    assert sending.run().failed == [patient.pk]
    assert push_service.received == [] and push_service.posted == ["phone"]


def test_a_subscription_failing_pass_after_pass_is_dropped_and_a_success_resets_the_count(patient, push_service):
    subscription = subscribe(patient, push_service.device("flaky"))
    push_service.failing.add("flaky")
    remind(patient, an_hour_ago(patient))
    for _ in range(sending.MAX_FAILURES - 1):
        assert sending.run().failed == [patient.pk]
    assert PushSubscription.objects.get().failures == sending.MAX_FAILURES - 1
    push_service.failing.clear()
    assert sending.run().claimed == [patient.pk]
    assert PushSubscription.objects.get().failures == 0
    push_service.failing.add("flaky")
    Reminder.objects.filter(patient=patient).update(next_at=timezone.now() - datetime.timedelta(minutes=1))
    for _ in range(sending.MAX_FAILURES):
        Reminder.objects.filter(patient=patient).update(next_at=timezone.now() - datetime.timedelta(minutes=1))
        sending.run()
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_a_pass_out_of_time_gives_its_reminders_back_for_the_next(patient, push_service):
    subscribe(patient, push_service.device("phone"))
    remind(patient, an_hour_ago(patient))
    with mock.patch.object(sending, "PASS_SECONDS", -1):
        assert sending.run().failed == [patient.pk]
    assert push_service.received == [] and PushSubscription.objects.get().failures == 0
    assert sending.run().claimed == [patient.pk]
