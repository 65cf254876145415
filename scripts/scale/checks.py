"""The checks of `make scaletest` other than the soak, each returning rows of
(check, result, passed). They run in the script's own Django (straight to
the primary) for what they set up and read back, and over HTTP for the rest."""

import datetime
import re
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import loadbench
import requests
from production_server import PYTHON, ROOT

EXPORTS = {
    "JSON": "/account/export/",
    "FHIR": "/account/export/?format=fhir",
    "CSV check-ins": "/account/export/?format=csv&table=checkins",
    "CSV questionnaires": "/account/export/?format=csv&table=questionnaires",
    "CSV safety signals": "/account/export/?format=csv&table=signals",
}
# The one thing an export may differ in from one request to the next: when it was made.
MADE_AT = re.compile(rb'"(exported_at|timestamp)": "[^"]+"')
LOAD_SCENARIOS = ("check-in POST", "home page", "/trends/?days=30", "clinician list (500)")


def signed_in(line: str) -> requests.Session:
    """A browser with one of the seeded sessions ("sessionid csrftoken")."""
    session_key, csrf = line.split()
    http = requests.Session()
    http.cookies.update({"sessionid": session_key, "csrftoken": csrf})
    http.headers["X-CSRFToken"] = csrf
    return http


def get(http, url: str) -> requests.Response:
    return http.get(url, timeout=120, allow_redirects=False)


def exports(balancer: str, straight: str, line: str) -> list[tuple]:
    """Every export of the ten-year patient, byte for byte, through the
    balancer (PgBouncer in transaction mode, the replica) and straight."""
    rows = []
    http = signed_in(line)
    for name, path in EXPORTS.items():
        pooled, direct = get(http, balancer + path), get(http, straight + path)
        same = pooled.status_code == direct.status_code == 200 and MADE_AT.sub(b"", pooled.content) == MADE_AT.sub(
            b"", direct.content
        )
        rows.append((f"export {name}, ten years", f"{len(pooled.content):,} bytes, identical: {same}", same))
    return rows


def crisis_line(apps: dict[str, str], seconds: int) -> list[tuple]:
    """An admin's edit of a crisis line, saved elsewhere (so no signal reaches
    either server), shows on every server within MEND_RULES_CACHE_SECONDS."""
    from checkin.models import CrisisLine

    for base in apps.values():
        requests.get(base + "/help/", timeout=30)  # each server holds its copy
    line = CrisisLine.objects.filter(region="GB", kind="support").order_by("order").first()
    original, edited = line.name, f"{line.name} (edited {time.time():.0f})"
    line.name = edited
    line.save()
    started, seen = time.monotonic(), {}
    try:
        while len(seen) < len(apps) and time.monotonic() - started < seconds + 10:
            for name, base in apps.items():
                if name not in seen and edited in requests.get(base + "/help/", timeout=30).text:
                    seen[name] = time.monotonic() - started
            time.sleep(0.5)
    finally:
        line.name = original
        line.save()
    ok = len(seen) == len(apps) and max(seen.values()) <= seconds + 1
    shown = ", ".join(f"{name} after {after:.1f} s" for name, after in sorted(seen.items())) or "on no server"
    return [(f"a crisis line edited: shown on every server within {seconds} s", shown, ok)]


def service_worker(apps: dict[str, str]) -> list[tuple]:
    versions = {
        name: re.search(r'"version": "([^"]+)"', requests.get(base + "/serviceworker.js", timeout=30).text).group(1)
        for name, base in apps.items()
    }
    same = len(set(versions.values())) == 1
    return [("the service worker's version, every server", ", ".join(f"{n} {v}" for n, v in versions.items()), same)]


def read_your_writes(balancer: str, replica_url: str, patient_line: str, clinician_line: str, share_id) -> list[tuple]:
    """With the replica's replay paused: a patient's check-in is on home, in
    the API and in their export at once; the clinician reads "As of"."""
    from production_server import sql

    from checkin.core.replica import AFTER_WRITE_COOKIE

    patient, clinician = signed_in(patient_line), signed_in(clinician_line)
    day = datetime.date.today().isoformat()
    body = {"date": day, "pain": 7, "mood": 4, "client_uuid": str(uuid.uuid4()), "updated_at": _now()}
    sql(replica_url, "SELECT pg_wal_replay_pause()")
    try:
        time.sleep(1.5)  # past MEND_REPLICA_LAG_NOTE_SECONDS
        saved = patient.post(balancer + "/api/checkins/", json=body, timeout=30)
        # A Secure cookie: over HTTPS the browser sends it back; here, by hand.
        patient.cookies.set(AFTER_WRITE_COOKIE, saved.cookies.get(AFTER_WRITE_COOKIE, ""))
        home = get(patient, balancer + "/").text
        listed = get(patient, f"{balancer}/api/checkins/?since={day}").json()["checkins"]
        exported = get(patient, balancer + "/account/export/").text
        page = get(clinician, f"{balancer}/clinician/patients/{share_id}/").text
    finally:
        sql(replica_url, "SELECT pg_wal_replay_resume()")
    checks = [
        (
            "a check-in saved with the replica paused: on home at once",
            saved.status_code == 201 and ">7<small>/10" in home,
        ),
        ("... in the API's list", any(row["date"] == day and row["pain"] == 7 for row in listed)),
        ("... in the patient's export right after", f'"date": "{day}"' in exported),
        ('... and the clinician reads "As of"', "data-replica-as-of" in page),
    ]
    return [(name, "yes" if ok else "NO", ok) for name, ok in checks]


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def reminders(env: dict, due: int) -> list[tuple]:
    """send_reminders from two servers at once: each due patient reminded once.
    The console email backend prints each email; its "To:" lines are counted."""
    command = [PYTHON, "manage.py", "send_reminders"]
    with ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(lambda _: subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True), "ab")
        )
    recipients = [to for run in runs for to in re.findall(r"^To: (.+)$", run.stdout, re.MULTILINE)]
    once = len(recipients) == len(set(recipients)) == due
    said = " / ".join(run.stdout.strip().splitlines()[-1] for run in runs if run.stdout.strip())
    return [(f"send_reminders on two servers at once, {due} due", f"{len(recipients)} emails ({said})", once)]


def load(balancer: str, single: str, workdir: Path, duration: int) -> list[tuple]:
    """The load benchmark's pages through the balancer (two servers) and on one server alone."""
    rows = []
    for scenario in loadbench.SCENARIOS:
        if scenario.name not in LOAD_SCENARIOS:
            continue
        result = {}
        for name, base in (("two", balancer), ("one", single)):
            loadbench.check_once(base, scenario, scenario.path, workdir)
            result[name] = loadbench.run_wrk(base, scenario, scenario.path, workdir, duration, connections=8)
        errors = result["two"]["errors"] + result["one"]["errors"]
        rows.append(
            (
                f"load: {scenario.name}",
                f"two servers {result['two']['rps']:.0f} req/s (p95 {result['two']['p95_ms']:.0f} ms), "
                f"one {result['one']['rps']:.0f} req/s: {result['two']['rps'] / result['one']['rps']:.2f}x; {errors} errors",
                errors == 0,
            )
        )
    return rows
