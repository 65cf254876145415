"""The pages issue 7 added or changed, at phone size in light and dark: the
account page's "log out on every device", the lock-out page, the 503 page,
and the page for a form sent with a stale CSRF token."""

import pytest

from checkin.models import CheckIn
from checkin.web.errors import unavailable_response
from tests.conftest import PASSWORD
from tests.e2e.pwa_helpers import eventually, fill_check_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_account_page_offers_logging_out_on_every_device(phone_page, log_in, patient, shot, axe_check, scheme):
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    page.goto("/account/")
    button = page.get_by_role("button", name="Log out on every device")
    assert button.is_visible()
    assert button.bounding_box()["height"] >= 44
    axe_check(page, "account")
    shot(page, f"security-account-{scheme}")
    with page.expect_navigation():
        button.click()
    assert "/accounts/login/" in page.url
    assert "logged out on every device" in page.content()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_five_wrong_passwords_show_a_clear_lock_out_page(phone_page, patient, shot, axe_check, scheme):
    page = phone_page(color_scheme=scheme)
    for _ in range(5):
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(patient.email)
        page.get_by_label("Password").fill("not-" + PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", name="Logging in is paused for 15 minutes").is_visible()
    assert page.get_by_role("link", name="Set a new password").bounding_box()["height"] >= 44
    axe_check(page, "locked out")
    shot(page, f"security-locked-out-{scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_503_page_is_calm_and_keeps_the_crisis_numbers(phone_page, shot, axe_check, scheme):
    page = phone_page(color_scheme=scheme)
    body = unavailable_response().content
    page.route("**/history/", lambda route: route.fulfill(status=503, body=body, content_type="text/html"))
    page.goto("/history/")
    assert page.get_by_role("heading", name="Mend is taking a short break").is_visible()
    assert page.get_by_role("link", name="999").is_visible()
    assert page.get_by_role("link", name="Try again").bounding_box()["height"] >= 44
    axe_check(page, "503")
    shot(page, f"security-503-{scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_check_in_sent_with_a_stale_token_comes_back_with_its_answers_ready_to_save(
    phone_page, log_in, patient, shot, axe_check, scheme, live_server
):
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    page.goto("/checkin/")
    # As if another tab had logged in again meanwhile: the form's token no longer matches the cookie.
    page.context.add_cookies([{"name": "csrftoken", "value": "a" * 32, "url": live_server.url}])
    fill_check_in(
        page, pain=3, mood=7, sleep_hours="7", sleep_quality="Good", minutes="20", kind="walking", note="Long drive"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    assert page.get_by_role("heading", name="Please send that again").is_visible()
    assert page.get_by_text("Your check-in answers are kept").is_visible()
    assert not CheckIn.objects.filter(patient=patient).exists()
    again = page.get_by_role("link", name="Open the page again")
    assert again.bounding_box()["height"] >= 44
    axe_check(page, f"stale form token ({scheme})")
    shot(page, f"security-csrf-{scheme}")

    with page.expect_navigation():
        again.click()
    assert page.url.endswith("/checkin/")
    assert page.get_by_role("status").filter(has_text="Your answers are back").is_visible()
    assert page.locator("#id_pain_3").is_checked() and page.locator("#id_mood_7").is_checked()
    assert page.get_by_label("Hours of sleep last night").input_value() == "7"
    assert page.get_by_label("Note (optional, private)").input_value() == "Long drive"
    assert page.get_by_label("Note (optional, private)").is_visible()  # the optional part opens to show it
    axe_check(page, f"answers restored ({scheme})")
    shot(page, f"security-csrf-restored-{scheme}")
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    saved = eventually(lambda: CheckIn.objects.filter(patient=patient).first(), message="the check-in")
    assert (saved.pain, saved.mood, saved.sleep_hours, saved.note) == (3, 7, 7, "Long drive")

    # Kept for that one trip back only: the page after saving dropped them
    # (health data does not linger in the tab), and the form opens as usual.
    assert page.evaluate("sessionStorage.getItem('mend-kept-answers')") is None
    page.goto("/checkin/")
    assert page.get_by_text("Your answers are back").count() == 0


def test_a_check_in_sent_after_the_session_ended_comes_back_after_logging_in(
    phone_page, log_in, patient, axe_check, shot
):
    page = phone_page(color_scheme="dark")
    log_in(page, patient)
    page.goto("/checkin/")
    fill_check_in(page, pain=6, mood=2, sleep_hours="4.5", sleep_quality="Poor", minutes="0", kind="none")
    # Meanwhile the patient logged out on every device from another one.
    page.context.clear_cookies(name="sessionid")
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    assert "/accounts/login/" in page.url
    assert page.get_by_text("Your check-in answers are kept").is_visible()
    axe_check(page, "log in with kept answers")
    shot(page, "login-kept-answers-dark")
    page.get_by_label("Email").fill(patient.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert page.url.endswith("/checkin/")
    assert page.get_by_text("Your answers are back").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    saved = eventually(lambda: CheckIn.objects.filter(patient=patient).first(), message="the check-in")
    assert (saved.pain, saved.mood, saved.sleep_hours) == (6, 2, 4.5)


def test_the_log_in_page_says_nothing_of_kept_answers_when_there_are_none(phone_page):
    page = phone_page()
    page.goto("/accounts/login/")
    assert page.get_by_role("button", name="Log in").is_visible()
    assert not page.get_by_text("Your check-in answers are kept").is_visible()


def test_kept_answers_fill_only_the_same_accounts_form(phone_page, log_in, patient):
    page = phone_page()
    log_in(page, patient)
    page.goto("/history/")
    owner = page.evaluate("JSON.parse(document.getElementById('mend-config').textContent).owner")

    def keep_and_return(owner):
        kept = {"owner": owner, "path": "/checkin/", "values": {"pain": "3", "note": "Private"}, "refused": True}
        page.evaluate("kept => sessionStorage.setItem('mend-kept-answers', JSON.stringify(kept))", kept)
        page.goto("/checkin/")
        return page.get_by_label("Note (optional, private)").input_value()

    # Answers kept while another account was logged in on this phone stay out.
    assert keep_and_return("another-account") == ""
    assert not page.locator("#id_pain_3").is_checked()
    assert keep_and_return(owner) == "Private"
    assert page.locator("#id_pain_3").is_checked()
