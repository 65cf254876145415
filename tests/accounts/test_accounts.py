"""Sign up, log in, log out, change and reset a password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
)
from django.db.models import F

from checkin.accounts.forms import PASSWORD_HELP
from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-77"


def confirm_link(outbox):
    """The link in the last email, as a path."""
    return re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", outbox[-1].body).group(1)


def test_signing_up_sends_a_link_that_signs_in_and_opens_todays_check_in(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "New.Person@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert not get_user_model().objects.exists()  # nothing stored until the link is opened
    [message] = mailoutbox
    assert message.to == ["new.person@example.com"] and message.subject == "Confirm your Mend account"
    # Opening the link asks for a tap: a mail scanner fetching it makes nothing.
    page = client.get(confirm_link(mailoutbox))
    assert page.status_code == 200 and "Create my account" in page.content.decode()
    assert not get_user_model().objects.exists()
    response = client.post(confirm_link(mailoutbox))
    assert response.status_code == 302
    assert response["Location"] == "/checkin/"
    user = get_user_model().objects.get()
    assert user.email == "new.person@example.com"
    assert user.check_password(PASSWORD)
    assert user.is_clinician is False
    assert client.get("/checkin/").status_code == 200
    # The link works once: a second tap, or a copy of it, signs nobody in.
    client.logout()
    assert client.get(confirm_link(mailoutbox)).status_code == 400
    assert client.post(confirm_link(mailoutbox)).status_code == 400
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == 1


def test_a_sign_up_link_holds_no_password_and_the_database_no_working_link(client, mailoutbox):
    import base64

    from checkin.models import PendingSignup

    client.post("/accounts/signup/", {"email": "safe@example.com", "password1": PASSWORD, "password2": PASSWORD})
    token = confirm_link(mailoutbox).rstrip("/").rsplit("/", 1)[1]
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"argon2" not in decoded and b"safe@example.com" not in decoded
    [pending] = PendingSignup.objects.all()
    assert token not in (pending.token_hash, pending.password) and check_password(PASSWORD, pending.password)


def test_a_sign_up_link_is_dead_after_log_out_everywhere(client, mailoutbox):
    client.post("/accounts/signup/", {"email": "twice@example.com", "password1": PASSWORD, "password2": PASSWORD})
    link = confirm_link(mailoutbox)
    assert client.post(link).status_code == 302
    assert client.post("/account/logout-everywhere/").status_code == 302
    assert client.post(link).status_code == 400
    assert client.get("/checkin/").status_code == 302  # to the login page


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_note(client, patient, mailoutbox):
    new = client.post(
        "/accounts/signup/", {"email": "someone.new@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    taken = client.post(
        "/accounts/signup/", {"email": "PATIENT@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert new.status_code == taken.status_code == 200
    strip = lambda response, email: response.content.decode().replace(email, "EMAIL")  # noqa: E731
    assert strip(new, "someone.new@example.com") == strip(taken, "patient@example.com")
    assert mailoutbox[-1].to == ["patient@example.com"]
    assert mailoutbox[-1].subject == "Someone tried to create a Mend account with your address"
    assert "/accounts/signup/confirm/" not in mailoutbox[-1].body
    assert get_user_model().objects.count() == 1


def test_a_tampered_or_old_link_makes_no_account(client, mailoutbox):
    client.post("/accounts/signup/", {"email": "late@example.com", "password1": PASSWORD, "password2": PASSWORD})
    link = confirm_link(mailoutbox)
    assert client.get(link[:-3] + "xx/").status_code == 400
    assert client.post(link[:-3] + "xx/").status_code == 400
    import datetime

    from checkin.models import PendingSignup

    PendingSignup.objects.update(created_at=F("created_at") - datetime.timedelta(hours=25))
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    assert not get_user_model().objects.exists()


def test_sign_ups_are_throttled_per_address(client, mailoutbox):
    form = {"email": "again@example.com", "password1": PASSWORD, "password2": PASSWORD}
    for _ in range(3):
        assert client.post("/accounts/signup/", form).status_code == 200
    response = client.post("/accounts/signup/", form)
    assert response.status_code == 429 and "Too many sign-ups" in response.content.decode()
    assert len(mailoutbox) == 3


@pytest.mark.parametrize(
    "sent, kept",
    [
        ({"time_zone": "America/New_York"}, "America/New_York"),  # the device's, from static/js/time-zone.js
        ({"time_zone": "Mars/Olympus"}, "UTC"),  # unknown to the server: the default, no error
        ({"time_zone": ""}, "UTC"),
        ({}, "UTC"),  # no JavaScript
    ],
)
def test_sign_up_takes_the_devices_time_zone_when_the_server_knows_it(client, settings, mailoutbox, sent, kept):
    settings.TIME_ZONE = "UTC"
    form = {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, **sent}
    assert client.post("/accounts/signup/", form).status_code == 200
    client.post(confirm_link(mailoutbox))
    assert get_user_model().objects.get().time_zone == kept


def test_the_sign_up_form_carries_the_time_zone_for_its_script(client):
    html = client.get("/accounts/signup/").content.decode()
    assert re.search(r'<input type="hidden" name="time_zone"[^>]*>', html)
    assert "/static/js/time-zone.js" in html


def test_sign_up_refuses_a_weak_password_and_keeps_the_email(client):
    response = client.post("/accounts/signup/", {"email": "a@example.com", "password1": "123", "password2": "123"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "too short" in html
    assert 'value="a@example.com"' in html
    assert not get_user_model().objects.exists()


def test_logging_in_with_the_email(client, patient):
    response = client.post("/accounts/login/", {"username": "Patient@Example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/history/").status_code == 200


def test_clinicians_land_on_their_patients_unless_sent_elsewhere(client, clinician):
    credentials = {"username": clinician.email, "password": PASSWORD}
    assert client.post("/accounts/login/", credentials)["Location"] == "/clinician/"
    assert client.get("/accounts/login/")["Location"] == "/clinician/"  # already logged in
    client.logout()
    response = client.post("/accounts/login/?next=/clinician/redeem/", credentials)
    assert response["Location"] == "/clinician/redeem/"


def test_a_wrong_password_is_refused_with_a_message(client, patient):
    response = client.post("/accounts/login/", {"username": "patient@example.com", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "That email address and password do not match an account." in html
    # Announced by screen readers as the page loads.
    assert re.search(r'<div class="alert[^"]*" role="alert">\s*<ul class="m-0">\s*<li>That email address and', html)


def test_logging_out_takes_a_post(patient_client):
    assert patient_client.get("/accounts/logout/").status_code == 405
    response = patient_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert patient_client.get("/history/").status_code == 302


def test_changing_the_password(patient_client, patient):
    response = patient_client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)


def test_resetting_a_forgotten_password_by_email(client, patient, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "patient@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Reset your Mend password"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session value
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)


def test_a_reset_for_an_unknown_email_reveals_nothing(client, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mailoutbox == []


def password_form_page(client, patient, mailoutbox, which):
    """The HTML of the signup, change-password or reset-link form."""
    if which == "signup":
        return client.get("/accounts/signup/").content.decode()
    if which == "change":
        sign_in(client, patient)
        return client.get("/accounts/password/change/").content.decode()
    client.post("/accounts/password/reset/", {"email": patient.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mailoutbox[0].body).group(1)
    return client.get(link, follow=True).content.decode()


@pytest.mark.parametrize("which", ["signup", "change", "reset"])
def test_password_forms_say_the_rules_in_one_plain_sentence(client, patient, mailoutbox, which):
    html = password_form_page(client, patient, mailoutbox, which)
    assert PASSWORD_HELP in html
    assert "Your password can’t" not in html  # Django's four-line list
    assert re.search(r"<label[^>]*>\s*(New p|P)assword again", html)
    if which == "change":
        assert re.search(r"<label[^>]*>\s*Current password", html)


def test_the_password_sentence_names_the_configured_minimum_length():
    minimum = next(v for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator))
    assert f"At least {minimum.min_length} characters." in PASSWORD_HELP
    assert {type(v).__name__ for v in get_default_password_validators()} == {
        "UserAttributeSimilarityValidator",  # "not like your email"
        "MinimumLengthValidator",
        "CommonPasswordValidator",  # "not a common password"
        "NumericPasswordValidator",  # "not only numbers"
    }


def test_sign_up_says_everything_wrong_at_once_naming_each_field(client):
    html = client.post(
        "/accounts/signup/",
        {
            "name": "Sam",
            "email": "not-an-email",
            "password1": "short",
            "password2": "other",
            "time_zone": "Europe/London",
        },
    ).content.decode()
    assert "Email: enter a whole address, like name@example.com." in html
    assert "Password again: the two passwords are different." in html
    assert "This password is too short" in html  # checked in the same round as the mismatch
    assert 'value="Sam"' in html and 'value="not-an-email"' in html


def test_sign_up_keeps_good_passwords_while_the_email_is_fixed(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-email", "password1": "a-long-test-password-42", "password2": "a-long-test-password-42"},
    )
    html = response.content.decode()
    assert html.count('value="a-long-test-password-42"') == 2
    assert "no-store" in response["Cache-Control"]


def test_sign_up_asks_an_optional_name_and_the_account_gets_it(client, mailoutbox):
    import re

    from checkin.models import User

    client.post(
        "/accounts/signup/",
        {
            "name": "Sam Jones",
            "email": "sam@example.com",
            "password1": "a-long-test-password-42",
            "password2": "a-long-test-password-42",
        },
    )
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mailoutbox[0].body).group(1)
    client.post(link)
    assert User.objects.get(email="sam@example.com").name == "Sam Jones"
    home = client.get("/").content.decode()
    assert "Hello, Sam Jones" in home and "Welcome to Mend." in home


def test_an_account_made_for_the_address_at_the_same_moment_makes_the_link_a_400_not_a_500(client, mailoutbox):
    """Two links for one address tapped at once (or an admin adding the same
    address): the database's unique email refuses the second account."""
    from unittest import mock

    from checkin.accounts import signup as signup_flow

    client.post("/accounts/signup/", {"email": "race@example.com", "password1": PASSWORD, "password2": PASSWORD})
    get_user_model().objects.create(email="race@example.com")  # made a moment ago, by the other tap
    # Past the check that someone has the address, as the other tap was a moment earlier.
    with mock.patch.object(signup_flow.User.objects, "filter", return_value=mock.Mock(exists=lambda: False)):
        assert client.post(confirm_link(mailoutbox)).status_code == 400
    assert get_user_model().objects.filter(email="race@example.com").count() == 1


# --- a clinician's own account page ---------------------------------------------


def test_a_clinicians_account_page_is_theirs_with_sign_out_at_the_top(clinician_client, clinician):
    html = clinician_client.get("/account/").content.decode()
    main = html[html.index('id="main"') :]
    assert main.index('action="/accounts/logout/"') < main.index("Signing in")
    assert main.count('action="/accounts/logout/"') == 1
    for patients_part in ("reminders-heading", "Share with a clinician", "Download a spreadsheet"):
        assert patients_part not in main, patients_part
    assert "Passkeys, app and recovery codes" in main or "Turn on two-step sign-in" in main


def test_a_clinician_who_keeps_their_own_check_ins_has_the_patients_sections_too(
    clinician_client, clinician, make_checkin
):
    make_checkin(clinician, clinician.today())
    main = clinician_client.get("/account/").content.decode()
    assert "reminders-heading" in main and "Download a spreadsheet" in main


def test_a_patients_account_page_keeps_every_section_and_log_out_at_the_end(patient_client):
    html = patient_client.get("/account/").content.decode()
    assert "reminders-heading" in html and "Share with a clinician" in html
    assert html.index("Signing in") < html.index('action="/accounts/logout/"')
