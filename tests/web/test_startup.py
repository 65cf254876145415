"""Start-up says what is wrong with the database, in one line naming the fix;
`migrate` alone makes a database that serves every page."""

import os
import subprocess
import sys

import pytest

from checkin.web import checks
from tests.web.test_settings import ROOT


def manage(tmp_path, *args, database_url=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {
        **clean,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'mend.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_database_that_was_never_migrated_is_named_with_its_fix(tmp_path):
    done = manage(tmp_path, "check", "--database", "default")
    assert done.returncode != 0
    assert "is missing" in done.stderr and "Run: python manage.py migrate" in done.stderr


def test_migrate_alone_makes_a_database_that_passes_the_check(tmp_path):
    assert manage(tmp_path, "migrate", "--noinput").returncode == 0
    done = manage(tmp_path, "check", "--database", "default")
    assert done.returncode == 0, done.stderr


def test_a_database_server_that_refuses_is_named_with_its_fix(tmp_path):
    done = manage(tmp_path, "check", "--database", "default", database_url="postgres://mend@127.0.0.1:1/mend")
    assert done.returncode != 0
    assert "Mend cannot reach its database" in done.stderr
    assert "Check DATABASE_URL and that the database server is running" in done.stderr


def test_a_malformed_database_url_is_named_in_one_line_with_its_fix(tmp_path):
    done = manage(tmp_path, "check", database_url="not a url at all")
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("Mend cannot start")]
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "DATABASE_URL is not a database URL" in lines[0] and "postgres://USER:PASSWORD@HOST:5432/NAME" in lines[0]


@pytest.mark.django_db
def test_a_read_only_sqlite_file_is_named_with_its_fix(monkeypatch):
    # Permissions cannot make a file read-only for root, who runs CI: the probe is stood in for.
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the read-only check is SQLite's")
    monkeypatch.setattr(checks, "_writable", lambda path: False)
    problems = checks.database_ready(databases=["default"])
    assert [p.id for p in problems] == ["mend.E002"]
    assert "read-only" in problems[0].msg and "write the file and its folder" in problems[0].hint


@pytest.mark.django_db
def test_the_test_database_made_by_migrate_passes_every_check():
    assert checks.database_ready(databases=["default"]) == []
