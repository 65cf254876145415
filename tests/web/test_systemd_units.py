"""The systemd units of docs/deploy.md (config/systemd/) pass `systemd-analyze
verify`, with /srv/mend standing for this checkout so that their commands
exist; and they run what the README says."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "config" / "systemd").iterdir())


def test_every_unit_passes_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/srv/mend", str(ROOT)))
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / unit.name) for unit in UNITS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_units_run_gunicorn_the_reminder_loop_and_a_nightly_dump():
    text = {unit.name: unit.read_text() for unit in UNITS}
    assert set(text) == {"mend.service", "mend-reminders.service", "mend-backup.service", "mend-backup.timer"}
    assert "ExecStart=/srv/mend/.venv/bin/gunicorn -c config/gunicorn.conf.py" in text["mend.service"]
    assert "manage.py send_reminders --every 300" in text["mend-reminders.service"]
    assert "pg_dump --format=custom --no-owner" in text["mend-backup.service"]
    assert "OnCalendar=*-*-* 02:30:00" in text["mend-backup.timer"]
