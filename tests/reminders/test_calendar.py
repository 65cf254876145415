"""The daily reminder: a calendar file the patient adds to their own calendar."""

import datetime

import pytest
from icalendar import Calendar

from checkin.reminders.calendar import SUMMARY, daily_reminder
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def only_event(body: bytes):
    events = Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_the_reminder_repeats_daily_at_a_floating_time_with_an_alert():
    body = daily_reminder(datetime.date(2026, 3, 8), datetime.time(7, 30), "https://mend.example/checkin/", "u1@x")
    event = only_event(body)
    # No time zone: 07:30 wherever the phone is, as an alarm clock rings.
    assert event.decoded("dtstart") == datetime.datetime(2026, 3, 8, 7, 30)
    assert event.decoded("dtstart").tzinfo is None
    assert dict(event["rrule"]) == {"FREQ": ["DAILY"]}
    assert str(event["summary"]) == SUMMARY == "Daily check-in"
    assert str(event["url"]) == "https://mend.example/checkin/"
    assert str(event["uid"]) == "u1@x"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == datetime.timedelta(0)


def test_the_account_page_offers_the_reminder(patient_client):
    html = patient_client.get("/account/").content.decode()
    assert 'action="/account/reminder.ics"' in html
    assert 'type="time"' in html
    assert 'value="20:00"' in html


def test_the_file_starts_today_for_the_patient_and_names_no_one(patient_client, patient):
    response = patient_client.get("/account/reminder.ics", {"time": "21:15"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mend-reminder.ics"'
    body = response.content
    event = only_event(body)
    assert event.decoded("dtstart") == datetime.datetime.combine(patient.today(), datetime.time(21, 15))
    assert str(event["url"]) == "http://testserver/checkin/"
    # Nothing about the patient or their health: a calendar may be synced or shared.
    for private in (patient.email, patient.name, "pain", "mood"):
        assert private.encode().lower() not in body.lower()


def test_one_person_always_gets_the_same_event_and_another_person_another(patient_client, other_patient, client):
    first = only_event(patient_client.get("/account/reminder.ics", {"time": "08:00"}).content)
    again = only_event(patient_client.get("/account/reminder.ics", {"time": "19:00"}).content)
    sign_in(client, other_patient)
    other = only_event(client.get("/account/reminder.ics", {"time": "08:00"}).content)
    assert str(first["uid"]) == str(again["uid"]) != str(other["uid"])


@pytest.mark.parametrize(
    "time, message",
    [
        ("", "Calendar event at: choose a time, such as 20:00."),
        ("25:00", "Calendar event at: enter a time as hours and minutes, such as 20:00."),
        ("evening", "Calendar event at: enter a time as hours and minutes, such as 20:00."),
    ],
)
def test_a_bad_time_comes_back_on_the_account_page_with_what_was_typed(patient_client, time, message):
    response = patient_client.get("/account/reminder.ics", {"time": time})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{time}"' in html or not time
    assert "Your account" in html


def test_the_reminder_needs_a_signed_in_person(client):
    response = client.get("/account/reminder.ics", {"time": "20:00"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
