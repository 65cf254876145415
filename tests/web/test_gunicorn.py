"""The production server: gunicorn starts from config/gunicorn.conf.py and serves Mend."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.web.test_hardening import PRODUCTION, ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp_path, port) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "GUNICORN_"))}
    return {
        **clean,
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'mend.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }


def test_gunicorn_refuses_to_start_on_a_database_that_was_never_migrated(tmp_path):
    env = server_env(tmp_path, free_port())
    done = subprocess.run(
        [GUNICORN, "-c", "config/gunicorn.conf.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "Run: python manage.py migrate" in done.stderr + done.stdout
    assert "Booting worker" not in done.stderr + done.stdout


def test_gunicorn_starts_from_its_config_file_and_answers_healthz(tmp_path):
    port = free_port()
    env = server_env(tmp_path, port)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    server = subprocess.Popen(
        [GUNICORN, "-c", "config/gunicorn.conf.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body, headers = response.read(), response.headers
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer within 20 seconds"
                time.sleep(0.2)
    finally:
        server.terminate()
        log = server.communicate(timeout=20)[0].decode()
    assert body == b"ok"
    assert headers["Server"] == "gunicorn"
    assert headers["X-Frame-Options"] == "DENY"
    assert log.count("Booting worker") == 2
    assert re.search(r"Compiled [1-9]\d* templates before forking workers", log)


def test_sqlite_writers_queue_for_the_lock_and_commits_do_not_wait_for_the_disk():
    code = "import json, config.settings as s; print(json.dumps(s.DATABASES['default']['OPTIONS']))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"},
        capture_output=True,
        text=True,
    )
    options = json.loads(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
