"""Backups that restore: `manage.py backup` copies a running Mend's SQLite
database, `manage.py restore` puts it back, and nothing committed before the
backup began is lost."""

import os
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.web.test_settings import ROOT

pytestmark = pytest.mark.slow

SEED = """
import datetime
from checkin.models import CheckIn, User
patient = User.objects.create_user("patient@example.com", "a-long-test-password-42")
start = datetime.date(2020, 1, 1)
CheckIn.objects.bulk_create(
    CheckIn(patient=patient, date=start + datetime.timedelta(days=n), pain=n % 11, mood=5, sleep_hours=7,
            sleep_quality=3, exercise_minutes=10)
    for n in range(500)
)
"""
# Writes one check-in a transaction, as requests do, and says which day each time one is committed.
WRITER = """
import datetime, sys
from checkin.models import CheckIn, User
patient = User.objects.create_user("busy@example.com", "a-long-test-password-42")
day = datetime.date(2020, 1, 1)
while True:
    CheckIn.objects.create(patient=patient, date=day, pain=3, mood=5, sleep_hours=7, sleep_quality=3,
                           exercise_minutes=0)
    print(day.isoformat(), flush=True)
    day += datetime.timedelta(days=1)
"""


def manage(database, *args, **run):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {**clean, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **run
    )


def writer(database):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {**clean, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", WRITER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def rows(database, sql):
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


def test_a_backup_taken_while_requests_write_restores_everything_committed_before_it(tmp_path):
    live, copy, fresh = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3", tmp_path / "fresh.sqlite3"
    assert manage(live, "migrate", "--noinput").returncode == 0
    assert manage(live, "shell", "-c", SEED).returncode == 0
    busy = writer(live)
    try:
        committed = [busy.stdout.readline().strip() for _ in range(20)]  # writing, for sure
        before = set(rows(live, "SELECT patient_id, date FROM checkin_checkin"))
        done = manage(live, "backup", str(copy))
        time.sleep(0.5)  # and writing still
    finally:
        busy.kill()
        busy.communicate()
    assert done.returncode == 0, done.stderr
    assert committed[-1]

    restored = manage(fresh, "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    after = set(rows(fresh, "SELECT patient_id, date FROM checkin_checkin"))
    assert before <= after  # every check-in committed before the backup began
    assert rows(fresh, "PRAGMA integrity_check") == [("ok",)]
    # Nothing half-written: the stored totals agree with the check-ins in the copy.
    assert rows(fresh, "SELECT patient_id, n FROM checkin_historytotals ORDER BY patient_id") == rows(
        fresh, "SELECT patient_id, COUNT(*) FROM checkin_checkin GROUP BY patient_id ORDER BY patient_id"
    )
    assert manage(fresh, "check", "--database", "default").returncode == 0


def test_restore_refuses_to_replace_a_database_that_holds_data_without_force(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    manage(live, "migrate", "--noinput")
    manage(live, "shell", "-c", SEED)
    assert manage(live, "backup", str(copy)).returncode == 0

    refused = manage(live, "restore", str(copy))
    assert refused.returncode != 0
    assert "holds 1 accounts and 500 check-ins" in refused.stderr and "--force" in refused.stderr
    assert manage(live, "restore", str(copy), "--force").returncode == 0


def test_a_backup_is_readable_by_the_servers_user_only(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    manage(live, "migrate", "--noinput")
    assert manage(live, "backup", str(copy)).returncode == 0
    assert copy.stat().st_mode & 0o777 == 0o600
    copy.chmod(0o644)
    assert manage(live, "backup", str(copy), "--force").returncode == 0
    assert copy.stat().st_mode & 0o777 == 0o600


def test_backup_will_not_overwrite_a_file_and_restore_refuses_what_is_not_a_backup(tmp_path):
    live, other = tmp_path / "live.sqlite3", tmp_path / "notes.txt"
    manage(live, "migrate", "--noinput")
    other.write_text("not a database")
    assert "exists already" in manage(live, "backup", str(other)).stderr
    assert "nothing was changed" in manage(live, "restore", str(other)).stderr


def test_on_postgresql_backup_and_restore_name_pg_dump_and_pg_restore(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {**clean, "DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mend"}
    for command, tool in (("backup", "pg_dump"), ("restore", "pg_restore")):
        done = subprocess.run(
            [sys.executable, "manage.py", command, str(tmp_path / "x")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0
        assert tool in done.stderr
