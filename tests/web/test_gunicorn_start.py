"""The production server's start-up in the master (config/gunicorn.conf.py):
it checks the database, then forks workers that must each open their own
connection. One inherited from the master would be shared by every worker,
and two workers talking over one socket read each other's results."""

import gc
import logging
import runpy
from pathlib import Path

import pytest
from django.db import connection

from tests.postgres import require_postgresql

CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


class Master:
    log = logging.getLogger("gunicorn-test")

    def halt(self, reason, exit_status):
        raise AssertionError(f"halted: {reason}")


@pytest.mark.django_db(transaction=True)
def test_the_master_closes_the_checks_connection_before_forking():
    require_postgresql()  # Django keeps SQLite's in-memory test database open whatever is asked
    when_ready = runpy.run_path(str(CONF))["when_ready"]
    connection.ensure_connection()
    try:
        when_ready(Master())
    finally:
        gc.unfreeze()
    assert connection.connection is None
