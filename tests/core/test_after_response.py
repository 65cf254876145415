"""Work chained after the answer runs when the server closes the response,
and its failure is logged without touching the answer."""

import pytest
from django.http import HttpResponse

from checkin.core.after_response import after_response

# Closing a response ends the request, which tidies the database connections.
pytestmark = pytest.mark.django_db


def test_the_work_runs_on_close_and_not_before():
    done = []
    response = after_response(HttpResponse("ok"), lambda: done.append("sent"))
    assert done == []
    response.close()
    assert done == ["sent"]


def test_a_failure_is_logged_and_the_response_still_closes(caplog):
    closed = []
    response = HttpResponse("ok")
    response._resource_closers.append(lambda: closed.append(True))

    def broken():
        raise ConnectionError("mail server down")

    after_response(response, broken).close()
    assert closed == [True]
    assert "Work after the response failed" in caplog.text and "mail server down" in caplog.text
