"""Sign-up and password reset answer in the same time whether or not the
address has an account, so that no one can find a patient by timing them.

Each request goes through Django's own WSGI handler, timed as a client would
see it: until the answer is handed to the server. The server then closes the
response, which is when the email goes (core/after_response.py), as gunicorn
does after sending the body. Taken and free addresses alternate, each first
in every other pair, so a busy machine slows both alike. On a very busy one
the pairs' differences scatter more, so more pairs are timed (up to ROUNDS
rounds of TIMES) until their median settles: a real difference stays
however many pairs are timed."""

import contextlib
import statistics
import time
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import make_password
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.mail.backends.locmem import EmailBackend
from django.db import close_old_connections
from django.test import override_settings
from django.utils.crypto import get_random_string

from checkin.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TIMES = 30
ROUNDS = 4
# "A few milliseconds": well under the tens of milliseconds that hashing a
# password, writing a row or rendering and sending an email takes.
MEDIANS_WITHIN_MS = 5
ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
SENDING_MS = 20


class SlowBackend(EmailBackend):
    """The test outbox, as slow as a mail server's round trip."""

    def send_messages(self, messages):
        time.sleep(SENDING_MS / 1000)
        return super().send_messages(messages)


SLOW_MAIL = "tests.accounts.test_answer_times.SlowBackend"


def answer_ms(handler, n, path, form):
    """Milliseconds until the handler answers a POST from its own client address."""
    secret = get_random_string(32)
    body = urlencode({**form, "csrfmiddlewaretoken": secret}).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"csrftoken={secret}",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": f"10.1.{n // 250}.{n % 250 + 1}",  # no throttle counts two requests together
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "http",
    }
    statuses = []
    start = time.perf_counter()
    response = handler(environ, lambda status, headers: statuses.append(status))
    elapsed = (time.perf_counter() - start) * 1000
    response.close()  # the server's part, after the answer has gone
    return elapsed, statuses[0]


@contextlib.contextmanager
def connections_kept():
    """As Django's test client does: a request must not close the test's
    database connection (inside the test's transaction) when it starts or ends."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def compare(path, form_for):
    """Times for taken and free addresses, alternating, in rounds of TIMES
    pairs until the pairs' median gap is within bounds (or ROUNDS are done)."""
    handler = WSGIHandler()
    taken, free = [], []
    with connections_kept():
        answer_ms(handler, 9999, path, form_for("warm@example.com"))  # first-request costs, for neither side
        for first in range(0, ROUNDS * TIMES, TIMES):
            User.objects.bulk_create(
                User(email=f"taken{n}@example.com", password=make_password(PASSWORD))
                for n in range(first, first + TIMES)
            )
            for n in range(first, first + TIMES):
                sides = [("taken", taken), ("free", free)]
                # Each goes first in every other pair: whatever favours the first or second of two is shared alike.
                for side, (kind, times) in enumerate(sides if n % 2 else sides[::-1]):
                    # Each request its own client address, so each pays for a new throttle row alike.
                    elapsed, status = answer_ms(handler, 2 * n + side, path, form_for(f"{kind}{n}@example.com"))
                    assert status.startswith(("200", "302")), status
                    times.append(elapsed)
            if median_gap(taken, free) < MEDIANS_WITHIN_MS:
                break
    return taken, free


def median_gap(taken, free) -> float:
    # Each taken answer was timed right beside a free one, so whatever else the
    # machine did meanwhile slowed both alike: compare them pair by pair.
    return abs(statistics.median(t - f for t, f in zip(taken, free)))


def assert_alike(taken, free):
    assert median_gap(taken, free) < MEDIANS_WITHIN_MS, (sorted(taken), sorted(free))
    assert max(taken) >= min(free) and max(free) >= min(taken), (sorted(taken), sorted(free))


@override_settings(PASSWORD_HASHERS=ARGON2, EMAIL_BACKEND=SLOW_MAIL)
def test_sign_up_takes_as_long_for_a_taken_address_as_for_a_free_one(mailoutbox):
    taken, free = compare(
        "/accounts/signup/", lambda email: {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert_alike(taken, free)
    # Every address still got its own email, after the answer.
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects["taken3@example.com"] == "Someone tried to create a Mend account with your address"
    assert subjects["free3@example.com"] == "Confirm your Mend account"


@override_settings(PASSWORD_HASHERS=ARGON2, EMAIL_BACKEND=SLOW_MAIL)
def test_password_reset_takes_as_long_for_a_taken_address_as_for_a_free_one(mailoutbox):
    taken, free = compare("/accounts/password/reset/", lambda email: {"email": email})
    assert_alike(taken, free)
    assert {message.to[0] for message in mailoutbox} == {f"taken{n}@example.com" for n in range(len(taken))}
