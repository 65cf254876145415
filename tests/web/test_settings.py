"""config/settings.py reads the environment and fails loudly on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    """Import config.settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "EMAIL_"))}
    clean.update(env)
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'TIME_ZONE': s.TIME_ZONE, "
        "'ENGINE': s.DATABASES['default']['ENGINE'], 'EMAIL_BACKEND': s.EMAIL_BACKEND, 'HASHER': s.PASSWORD_HASHERS[0]}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_reads_production_values_from_the_environment():
    import json

    result = load_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="mend.example.org, www.mend.example.org",
        DATABASE_URL="postgres://u:p@db.example.org:5432/mend",
        DJANGO_TIME_ZONE="Europe/Paris",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["mend.example.org", "www.mend.example.org"]
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["TIME_ZONE"] == "Europe/Paris"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["HASHER"] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_defaults_to_sqlite_and_prints_email_only_under_debug():
    import json

    result = load_settings(DJANGO_DEBUG="1")
    values = json.loads(result.stdout)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_production_without_an_email_server_refuses_to_start():
    result = load_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "EMAIL_HOST must be set when DJANGO_DEBUG is off" in result.stderr


def test_an_operator_may_choose_an_email_backend_explicitly():
    import json

    result = load_settings(DJANGO_SECRET_KEY="x" * 50, EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")
    assert json.loads(result.stdout)["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"


@pytest.mark.parametrize(
    "env, named",
    [
        ({"DJANGO_DEBUG": "perhaps"}, "DJANGO_DEBUG"),
        ({"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_TIME_ZONE": "Mars/Olympus"}, "DJANGO_TIME_ZONE"),
        ({"DJANGO_SECRET_KEY": "k" * 50, "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
        ({"DJANGO_SECRET_KEY": "k" * 50, "DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, named):
    result = load_settings(**env)
    assert result.returncode != 0
    assert named in result.stderr


def test_debug_generates_a_development_key_in_an_ignored_file(tmp_path):
    result = load_settings(DJANGO_DEBUG="yes")
    assert result.returncode == 0, result.stderr
    assert (ROOT / ".dev-secret-key").exists()
    ignored = subprocess.run(["git", "check-ignore", ".dev-secret-key"], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.strip() == ".dev-secret-key"
