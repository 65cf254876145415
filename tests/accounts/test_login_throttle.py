"""Throttles: five wrong passwords lock one account on one address out for 15
minutes, each further pause of that pair the same day twice as long; the
password-reset form is rate limited; so is redeeming invitations."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.core import mail
from django.test import RequestFactory, override_settings

from checkin.accounts.lockout import pause_after
from checkin.core.dates import duration
from checkin.core.ratelimit import client_ip
from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

HOME, OFFICE = "203.0.113.7", "198.51.100.20"
PAUSED = "Logging in is paused for 15 minutes"


def log_in(client, email, password=PASSWORD, address=HOME):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=address)


def fail(client, email, times, address=HOME):
    for _ in range(times):
        response = log_in(client, email, "wrong-password", address)
        assert response.status_code in (200, 429)
    return response


def test_four_wrong_passwords_still_allow_the_right_one(client, patient):
    assert fail(client, patient.email, 4).status_code == 200
    assert log_in(client, patient.email).status_code == 302


def test_the_fifth_wrong_password_locks_the_account_out_with_a_clear_page(client, patient):
    response = fail(client, patient.email, 5)
    assert response.status_code == 429
    html = response.content.decode()
    assert PAUSED in html
    assert "5 wrong passwords in a row" in html
    assert 'href="/accounts/password/reset/"' in html


def test_during_the_lock_out_even_the_right_password_is_refused(client, patient):
    fail(client, patient.email, 5)
    response = log_in(client, patient.email)
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert client.get("/history/").status_code == 302  # not logged in


def test_other_accounts_on_the_same_address_can_still_log_in(client, patient, other_patient):
    fail(client, patient.email, 5)
    assert log_in(client, other_patient.email).status_code == 302


def test_the_same_account_from_another_address_can_still_log_in(client, patient):
    fail(client, patient.email, 5, address=HOME)
    assert log_in(client, patient.email, address=OFFICE).status_code == 302


def test_changing_the_case_of_the_email_does_not_earn_fresh_tries(client, patient):
    for email in (
        "patient@example.com",
        "Patient@example.com",
        "PATIENT@EXAMPLE.COM",
        " patient@example.com",
        "pAtient@example.com",
    ):
        log_in(client, email, "wrong-password")
    assert log_in(client, patient.email).status_code == 429


def test_the_lock_out_ends_after_15_minutes(client, patient):
    fail(client, patient.email, 5)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert log_in(client, patient.email).status_code == 302


def test_trying_during_the_lock_out_does_not_extend_it(client, patient):
    fail(client, patient.email, 5)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=14))
    fail(client, patient.email, 3)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert log_in(client, patient.email).status_code == 302


def test_setting_a_new_password_from_the_emailed_link_lifts_the_lock_out(client, patient):
    fail(client, patient.email, 5)
    client.post("/accounts/password/reset/", {"email": patient.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"}
    )
    assert log_in(client, patient.email, "a-new-long-password-9").status_code == 302


def let_pass(minutes):
    """As if ``minutes`` went by for every wrong password and its pause."""
    delta = datetime.timedelta(minutes=minutes)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - delta)
    for expiry in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=expiry.pk).update(expires_at=expiry.expires_at - delta)


def test_each_further_pause_of_the_same_account_and_address_that_day_is_twice_as_long(client, patient):
    assert "paused for 15 minutes" in fail(client, patient.email, 5).content.decode()
    let_pass(16)
    second = fail(client, patient.email, 5)
    assert second.status_code == 429 and "paused for 30 minutes" in second.content.decode()
    assert "Please wait 30 minutes" in second.content.decode()
    let_pass(16)
    assert log_in(client, patient.email).status_code == 429  # 16 of 30 minutes: still paused
    assert log_in(client, patient.email, address=OFFICE).status_code == 302  # the owner elsewhere: never
    client.logout()
    let_pass(15)
    assert log_in(client, patient.email).status_code == 302


def test_the_pauses_double_up_to_a_day():
    assert [duration(pause_after(n)) for n in range(1, 9)] == [
        "15 minutes",
        "30 minutes",
        "1 hour",
        "2 hours",
        "4 hours",
        "8 hours",
        "16 hours",
        "1 day",
    ]
    assert pause_after(30) == datetime.timedelta(days=1)


def test_a_new_password_from_the_emailed_link_starts_the_pauses_again_at_15_minutes(client, patient):
    fail(client, patient.email, 5)
    let_pass(16)
    fail(client, patient.email, 5)  # the second pause: 30 minutes
    client.post("/accounts/password/reset/", {"email": patient.email}, REMOTE_ADDR=HOME)
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True, REMOTE_ADDR=HOME)
    new = "a-new-long-password-9"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, REMOTE_ADDR=HOME)
    assert "paused for 15 minutes" in fail(client, patient.email, 5).content.decode()


# --- Password reset ----------------------------------------------------------


def ask_reset(client, email, address=HOME):
    return client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address)


def test_the_reset_form_sends_five_links_an_hour_for_one_address_then_says_so(client, patient):
    for _ in range(5):
        assert ask_reset(client, patient.email).status_code == 302
    response = ask_reset(client, patient.email)
    assert response.status_code == 429
    assert "Email: we have already sent several links" in response.content.decode()
    assert f'value="{patient.email}"' in response.content.decode()
    assert len(mail.outbox) == 5


def test_the_reset_refusal_reads_the_same_for_an_unknown_email(client):
    for _ in range(5):
        assert ask_reset(client, "nobody@example.com").status_code == 302
    response = ask_reset(client, "nobody@example.com")
    assert response.status_code == 429
    assert "we have already sent several links" in response.content.decode()
    assert mail.outbox == []


def test_the_reset_form_limits_one_client_asking_for_many_addresses(client):
    for n in range(20):
        assert ask_reset(client, f"someone{n}@example.com").status_code == 302
    assert ask_reset(client, "someone-else@example.com").status_code == 429
    assert ask_reset(client, "someone-else@example.com", address=OFFICE).status_code == 302


def test_invitation_codes_are_throttled_too(client, make_user):
    from checkin.core.ratelimit import REDEEM_PER_CLINICIAN

    clinician = make_user("dr@example.com", is_clinician=True)
    sign_in(client, clinician)
    for _ in range(REDEEM_PER_CLINICIAN.limit):
        client.post("/clinician/redeem/", {"code": "K7QX-M4PR-2Z"}, REMOTE_ADDR=HOME)
    assert REDEEM_PER_CLINICIAN.is_over(clinician.pk)
    assert client.post("/clinician/redeem/", {"code": "K7QX-M4PR-2Z"}, REMOTE_ADDR=HOME).status_code == 429


# --- The client's address ------------------------------------------------------


def test_the_client_address_is_remote_addr_unless_behind_a_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.1"


@override_settings(BEHIND_PROXY=True)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended():
    # The client may send any X-Forwarded-For; the proxy appends the real address last.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"
