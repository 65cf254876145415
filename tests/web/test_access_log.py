"""The production server's access log keeps no token from a sign-up, reset or
unsubscribe link: whoever reads the logs cannot use one."""

import datetime
import runpy
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.util import load_class

from tests.web.test_settings import ROOT

LINKS = [
    ("/accounts/signup/confirm/mkcRZQz1Yn92ctY5N-6Q_ue0p0u0sWG8AlOfeWdZadw/", "/accounts/signup/confirm/[token]/"),
    ("/accounts/password/reset/MTI/cv9k2a-5f1e8b4c7d2a9e0f3b6c/", "/accounts/password/reset/[token]/"),
    ("/reminders/unsubscribe/eyJwIjoxMn0:1uQ2zX:abc/", "/reminders/unsubscribe/[token]/"),
]


def logged(path, referer=None):
    logger_class = load_class(runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))["logger_class"])
    logger = logger_class(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
    }
    headers = [("REFERER", referer)] if referer else []
    if referer:
        environ["HTTP_REFERER"] = referer
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=headers), environ, datetime.timedelta(milliseconds=5))
    return atoms


@pytest.mark.parametrize(("path", "written"), LINKS)
def test_a_token_in_the_address_is_written_as_token(path, written):
    atoms = logged(path, referer=f"https://mend.example{path}")
    token = path.rstrip("/").rsplit("/", 1)[1]
    for key in ("r", "U", "f", "{referer}i"):
        assert token not in atoms[key], key
    assert atoms["U"] == written and atoms["r"] == f"GET {written} HTTP/1.1"


def test_django_s_own_set_password_step_and_other_addresses_are_written_as_they_are():
    for path in ("/accounts/password/reset/MTI/set-password/", "/accounts/password/reset/sent/", "/checkin/?day=1"):
        assert logged(path)["r"] == f"GET {path} HTTP/1.1"
