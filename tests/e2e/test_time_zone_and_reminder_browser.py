"""The device's time zone (sign-up, home, account page) and the daily reminder, in a real browser."""

import datetime
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from checkin.models import User
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_in(browser, live_server):
    """`phone_in("Asia/Tokyo")`: a page on a phone whose clock is set to that time zone."""
    contexts = []

    def open_page(zone):
        contexts.append(browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB", timezone_id=zone))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_signing_up_takes_the_phones_time_zone(phone_in):
    page = phone_in("America/New_York")
    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("new@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    from django.core import mail

    link = re.search(r"http://\S+/accounts/signup/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/checkin/")
    assert User.objects.get(email="new@example.com").time_zone == "America/New_York"


def test_the_account_page_offers_the_phones_time_zone_in_one_tap(phone_in, log_in, patient, shot, axe_check):
    assert patient.time_zone == "Europe/London"
    page = phone_in("Asia/Tokyo")
    log_in(page, patient)
    page.goto("/account/")
    offer = page.locator("[data-device-zone]")
    assert offer.inner_text().startswith("This device is set to Asia/Tokyo time. Mend is using Europe/London")
    button = offer.get_by_role("button", name="Use Asia/Tokyo")
    assert button.bounding_box()["height"] >= 44
    shot(page, "account-time-zone-offer")
    axe_check(page, "account page with the time zone offer")
    button.click()
    page.get_by_text("Your account is saved.").wait_for()
    patient.refresh_from_db()
    assert patient.time_zone == "Asia/Tokyo"
    assert offer.is_hidden()  # the phone and the account now agree


def test_no_offer_when_the_phone_and_the_account_agree(phone_in, log_in, patient):
    page = phone_in("Europe/London")
    log_in(page, patient)
    page.goto("/account/")
    page.wait_for_load_state("load")
    assert page.locator("[data-device-zone]").is_hidden()


def test_the_daily_reminder_downloads_as_a_calendar_file(phone_in, log_in, patient):
    page = phone_in("Europe/London")
    log_in(page, patient)
    page.goto("/account/")
    page.get_by_text("Or add a daily event to your calendar").click()
    page.get_by_label("Calendar event at").fill("07:45")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Add to my calendar").click()
    download = download_info.value
    assert download.suggested_filename == "mend-reminder.ics"
    with open(download.path(), encoding="utf-8") as file:
        body = file.read()
    assert "RRULE:FREQ=DAILY" in body
    assert f"DTSTART:{patient.today():%Y%m%d}T074500" in body


def zone_on(day_differs: bool, account_zone: str) -> str:
    """A time zone other than the account's whose date right now is (or is not) the account's date."""
    now = datetime.datetime.now(datetime.timezone.utc)
    account_date = now.astimezone(zoneinfo.ZoneInfo(account_zone)).date()
    for zone in (
        "Europe/Paris",
        "Africa/Lagos",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Asia/Tokyo",
        "America/Denver",
    ):
        if (now.astimezone(zoneinfo.ZoneInfo(zone)).date() != account_date) == day_differs:
            return zone
    raise AssertionError("no candidate zone")


def test_home_says_when_the_phone_is_on_another_day_in_another_time_zone(phone_in, log_in, patient, shot):
    page = phone_in(zone_on(day_differs=True, account_zone=patient.time_zone))
    log_in(page, patient)
    page.goto("/")
    warning = page.locator("[data-zone-mismatch]")
    warning.wait_for()
    assert "Mend counts your days in Europe/London time." in warning.inner_text()
    shot(page, "home-another-day")
    warning.get_by_role("link", name="Change the time zone").click()
    page.wait_for_url("**/account/")


@pytest.mark.parametrize("same_zone", [True, False])
def test_home_says_nothing_when_the_phone_is_on_the_same_day(phone_in, log_in, patient, same_zone):
    zone = patient.time_zone if same_zone else zone_on(day_differs=False, account_zone=patient.time_zone)
    page = phone_in(zone)
    log_in(page, patient)
    page.goto("/")
    page.wait_for_load_state("load")
    assert page.locator("[data-zone-mismatch]").is_hidden()
