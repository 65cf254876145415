"""The shared browser fixtures themselves: a phone-sized Chromium that logs in like a person."""

import pytest


def test_it_logs_in_through_the_real_form_at_phone_size(patient_page, shot):
    assert patient_page.viewport_size == {"width": 390, "height": 844}
    assert patient_page.get_by_role("heading", name="Hello, Pat").is_visible()
    assert shot(patient_page, "fixture-smoke").stat().st_size > 0


def test_it_fails_with_the_forms_own_words_when_a_login_is_refused(page, log_in, patient):
    with pytest.raises(pytest.fail.Exception, match="That email address and password do not match an account"):
        log_in(page, patient, password="not the password")


def test_waiting_for_a_service_worker_that_never_comes_fails_and_says_what_there_is(
    new_context, wait_for_service_worker
):
    page = new_context(service_workers="block").new_page()
    page.goto("/")
    with pytest.raises(pytest.fail.Exception, match=r"No service worker took control .*'registrations': \[\]"):
        wait_for_service_worker(page, timeout=500)
