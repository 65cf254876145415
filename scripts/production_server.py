"""Production-like settings and a gunicorn server on this machine, shared by
the measuring scripts (scripts/lighthouse.py, scripts/loadbench.py)."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def production_env(database_url: str, settings_module: str = "config.settings") -> dict:
    """Production settings (DEBUG off) over plain HTTP on this machine."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "GUNICORN_"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        # Nothing here sends mail; production settings need a choice made.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def sql(url: str, statement: str, *params) -> list:
    """Run one statement on PostgreSQL (autocommit); the rows it returns, if any."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, workdir: Path, access_log: str = "", log_name: str = "gunicorn.log"):
    """gunicorn with 2 workers and config/gunicorn.conf.py, once /healthz answers."""
    log = open(workdir / log_name, "w")
    server = subprocess.Popen(
        [Path(PYTHON).with_name("gunicorn"), "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_ACCESS_LOG": access_log},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {workdir / log_name}")
