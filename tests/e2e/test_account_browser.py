"""The account page in a real browser: the device's time zone and the daily reminder."""

import pytest

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
    page.get_by_label("Remind me at").fill("07:45")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Add to my calendar").click()
    download = download_info.value
    assert download.suggested_filename == "mend-reminder.ics"
    with open(download.path(), encoding="utf-8") as file:
        body = file.read()
    assert "RRULE:FREQ=DAILY" in body
    assert f"DTSTART:{patient.today():%Y%m%d}T074500" in body
