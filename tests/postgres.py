"""Helpers for tests that only mean something against PostgreSQL."""

import os

import pytest
from django.db import connection


def require_postgresql():
    """Skip on SQLite; fail instead when the run declares it is on PostgreSQL
    (.ci/run sets MEND_EXPECT_POSTGRES=1), so CI can never skip it unseen."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("MEND_EXPECT_POSTGRES"):
        pytest.fail(f"MEND_EXPECT_POSTGRES is set but the database is {connection.vendor}")
    pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
