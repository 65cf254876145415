"""Sharing in a real browser: the patient's flow on a phone, the clinician's pages on a desk.

Screenshots land in tests/e2e/artifacts/ (sharing-*.png, clinician-*.png and
clinician-report.pdf) for a person to look at.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from checkin.models import CheckIn, Share
from tests.e2e.conftest import ARTIFACTS

DESKTOP = {"width": 1280, "height": 800}
# A4 (210 x 297 mm) less report.css's @page margins, in CSS pixels (96 per inch).
A4_CONTENT = {"width": 711, "height": 1032}
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$")


def _history(patient, days=60):
    today = patient.today()
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=4 + (n % 5),
            mood=7 - (n % 5),
            sleep_hours=Decimal("5.5") if n % 3 == 0 else Decimal("7.5"),
            sleep_quality=3,
            exercise_minutes=(n % 4) * 15,
            note="Stiff in the morning." if n % 6 == 0 else "",
            symptoms=["numbness"] if n == 1 else [],
        )
        for n in range(days)
        if n % 9 != 4
    )


def test_a_patient_creates_an_invitation_sees_the_code_and_cancels_it(patient_page, patient, shot, axe_check):
    page = patient_page
    page.goto("/share/")
    expect(page.get_by_role("heading", name="Share with a clinician")).to_be_visible()
    shot(page, "sharing-empty")

    page.get_by_role("button", name="Create an invitation code").click()
    code = page.locator("[data-invite-code]")
    expect(code).to_be_visible()
    assert CODE.match(code.inner_text().strip())
    assert code.get_attribute("data-invite-code") == code.inner_text().strip()
    link = page.locator(".invite-link a")
    expect(link).to_be_visible()
    assert link.get_attribute("href").endswith(f"/clinician/redeem/#code={code.inner_text().strip()}")
    axe_check(page, "/share/ with a new code")
    shot(page, "sharing-new-code")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_text("Copied the code and the link.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"My Mend invitation code: {code.inner_text().strip()}\n{link.get_attribute('href')}"

    page.get_by_role("button", name="Cancel this invitation").click()
    expect(page.get_by_text("Invitation cancelled. Its code no longer works.")).to_be_visible()
    expect(page.locator("[data-invite-code]")).to_have_count(0)
    assert Share.objects.get(patient=patient).revoked_at is not None


def test_a_patient_stops_sharing_with_a_clinician(
    patient_page, patient, clinician, make_share, shot, phone_page, log_in, axe_check
):
    share = make_share(patient, clinician)
    page = patient_page
    page.goto("/share/")
    expect(page.get_by_text("clinician@example.com")).to_be_visible()
    shot(page, "sharing-with-a-clinician")

    dark = phone_page(color_scheme="dark")
    log_in(dark, patient)
    dark.goto("/share/")
    shot(dark, "sharing-with-a-clinician-dark")

    page.get_by_role("link", name="Stop sharing with Dr Chen").click()
    expect(page.get_by_role("heading", name="Stop sharing with Dr Chen?")).to_be_visible()
    axe_check(page, "stop sharing?")
    shot(page, "sharing-stop-question")
    share.refresh_from_db()
    assert share.revoked_at is None  # asked, not yet stopped
    page.get_by_role("button", name="Stop sharing with Dr Chen").click()
    expect(page.get_by_text("Stopped sharing with Dr Chen. They can no longer see your data.")).to_be_visible()
    share.refresh_from_db()
    assert share.revoked_at is not None
    shot(page, "sharing-stopped-undo")
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Sharing with Dr Chen again, as before.")).to_be_visible()
    share.refresh_from_db()
    assert share.revoked_at is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_account_pages_look_right_at_phone_size(phone_page, log_in, patient, scheme, shot, axe_check):
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    for path, name in (("/account/delete/", "delete"), ("/account/", "account")):
        page.goto(path)
        axe_check(page, path)
        shot(page, f"sharing-{name}-{scheme}")


def test_a_clinician_redeems_a_code_and_reads_the_patient_on_a_phone_and_a_desk(
    desk_page, new_context, log_in, patient, clinician, shot, axe_check, loaded_guidance
):
    _history(patient)
    patient_context = new_context()
    patient_tab = patient_context.new_page()
    log_in(patient_tab, patient)
    patient_tab.goto("/share/")
    patient_tab.get_by_role("button", name="Create an invitation code").click()
    code = patient_tab.locator("[data-invite-code]").inner_text().strip()

    for scheme in ("light", "dark"):
        phone = new_context(color_scheme=scheme).new_page()
        log_in(phone, clinician)
        phone.goto("/clinician/redeem/")
        axe_check(phone, f"/clinician/redeem/ {scheme}")
        shot(phone, f"clinician-redeem-phone-{scheme}")

    desk = desk_page
    log_in(desk, clinician)
    desk.goto("/clinician/redeem/")
    desk.get_by_label("Invitation code").fill(code.lower().replace("-", " "))
    desk.get_by_role("button", name="Add patient").click()
    expect(desk.get_by_role("heading", name="Pat", exact=True)).to_be_visible()
    expect(desk.locator("canvas[data-trends-chart]").first).to_be_visible()
    shot(desk, "clinician-patient-desk")

    desk.goto("/clinician/")
    axe_check(desk, "clinician list")
    shot(desk, "clinician-list-desk")

    share = Share.objects.get(patient=patient, clinician=clinician)
    desk.goto(f"/clinician/patients/{share.pk}/report/?days=90")
    expect(desk.get_by_role("heading", name="Mend report: Pat")).to_be_visible()
    shot(desk, "clinician-report-desk")
    pdf = desk.pdf(path=str(ARTIFACTS / "clinician-report.pdf"), format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "the 90-day report should print on one A4 page"
    # What the page looks like on paper: print styles at the width of A4 inside its margins.
    desk.set_viewport_size(A4_CONTENT)
    desk.emulate_media(media="print", color_scheme="light")
    desk.wait_for_timeout(300)  # Chart.js redraws at the new size
    shot(desk, "clinician-report-print")
    assert desk.evaluate("document.documentElement.scrollHeight") <= A4_CONTENT["height"]
    desk.emulate_media(media="screen")
    desk.set_viewport_size(DESKTOP)

    for scheme in ("light", "dark"):
        phone = new_context(color_scheme=scheme).new_page()
        log_in(phone, clinician)
        phone.goto("/clinician/")
        shot(phone, f"clinician-list-phone-{scheme}")
        phone.goto(f"/clinician/patients/{share.pk}/")
        shot(phone, f"clinician-patient-phone-{scheme}")

    # The patient sees every one of those views in their log.
    patient_tab.goto("/share/")
    expect(patient_tab.get_by_text("opened a printable report of the 90 days").first).to_be_visible()


def test_an_invitation_link_fills_the_code_in_after_logging_in_and_no_request_carries_it(
    new_context, log_in, patient, clinician, live_server
):
    from tests.conftest import PASSWORD
    from tests.e2e.conftest import app_for_second_step, totp_code

    patient_page = new_context().new_page()
    log_in(patient_page, patient)
    patient_page.goto("/share/")
    patient_page.get_by_role("button", name="Create an invitation code").click()
    code = patient_page.locator("[data-invite-code]").inner_text().strip()
    link = patient_page.locator(".invite-link a").get_attribute("href")

    page = new_context().new_page()
    sent = []
    page.on("request", lambda request: sent.append(request.url + " " + (request.post_data or "")))
    page.goto(link)
    page.wait_for_url(re.compile(r"/accounts/login/"))
    app = app_for_second_step(clinician.email)
    page.get_by_label("Email").fill(clinician.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The second step comes between, and the code rides along through it too.
    page.wait_for_url(re.compile(r"/accounts/second-step/"))
    page.get_by_label("Code").fill(totp_code(app))
    page.get_by_role("button", name="Finish signing in").click()
    page.wait_for_url(re.compile(r"/clinician/redeem/"))
    expect(page.get_by_label("Invitation code")).to_have_value(code)
    # The code went in the login form's body only, never in a URL a server logs.
    assert not [url for url in sent if code in url.split(" ")[0]]


def test_a_clinician_finds_who_has_gone_quiet_and_discharges_a_patient(
    desk_page, new_context, log_in, make_user, make_share, clinician, shot, axe_check
):
    # A clinic's morning: one patient who checks in daily, one quiet for 12 days.
    steady = make_user("steady@example.com", name="Sam Steady")
    quiet = make_user("quiet@example.com", name="Quinn Quiet")
    _history(steady, days=30)
    today = quiet.today()
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=quiet,
            date=today - datetime.timedelta(days=n),
            pain=6,
            mood=3,
            sleep_hours=Decimal("5"),
            sleep_quality=2,
            exercise_minutes=10,
        )
        for n in range(12, 40)
    )
    make_share(steady, clinician)
    share = make_share(quiet, clinician)
    desk = desk_page
    log_in(desk, clinician)
    desk.goto("/clinician/")
    desk.get_by_label("Sort by").select_option(label="Longest without a check-in first")
    desk.get_by_label("Only those not checked in for 7 days or more").check()
    desk.get_by_role("button", name="Show").click()
    expect(desk.get_by_text("1 patient not checked in for 7 days or more.")).to_be_visible()
    row = desk.locator(".patient-row", has_text="Quinn Quiet")
    expect(row.locator(".days-since")).to_have_text("(12 days ago)")
    expect(desk.get_by_text("Sam Steady")).to_have_count(0)
    assert axe_check(desk, "clinician list, not checked in") == []
    shot(desk, "clinician-list-quiet-desk", full_page=False)

    row.get_by_role("link").click()
    desk.get_by_text("End sharing (discharge)").click()
    shot(desk, "clinician-discharge-desk", full_page=False)
    with desk.expect_navigation():
        desk.get_by_role("button", name="End sharing with Quinn Quiet").click()
    expect(desk.get_by_text("You have stopped seeing Quinn Quiet's check-ins.")).to_be_visible()
    expect(desk.get_by_text("Quinn Quiet", exact=True)).to_have_count(0)
    assert desk.goto(f"/clinician/patients/{share.pk}/").status == 404

    phone = new_context().new_page()
    log_in(phone, quiet)
    phone.goto("/share/")
    expect(phone.locator("[data-discharged]")).to_contain_text("ended sharing on")
    assert axe_check(phone, "sharing page after a discharge") == []
    shot(phone, "sharing-discharged", full_page=False)
