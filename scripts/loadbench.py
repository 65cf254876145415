#!/usr/bin/env python3
"""Load benchmark: gunicorn (2 workers) on 127.0.0.1, against SQLite and against
PostgreSQL, driven by wrk for a fixed time per scenario.

    make loadbench                                   # both databases, 30 s each
    .venv/bin/python scripts/loadbench.py --db sqlite --duration 10

Each database gets a fresh copy (a temporary SQLite file; a PostgreSQL
database named mend_bench, created and dropped here), migrated and seeded
with: 200 patients who check in, one patient with a year of check-ins, and a
clinician with 500 sharing patients. The server runs with production
settings (DEBUG off, hashed static files, Secure cookies) over plain HTTP:
only the HTTPS redirect and HSTS are switched off.

Scenarios, in one run so they are comparable: a trivial "ok" page and a
static file (the ceilings), the same trivial page with a patient's session
cookie and the help page for a signed-in patient (the floor of any signed-in
page), both for reference, the check-in POST, the home page,
/trends/?days=30, and the clinician's list of 500 patients. Then, from a
second gunicorn on the same database, bare Django (sessions and auth
middleware only, scripts/bench/settings_bare.py): its trivial page, the same
page signed in, and a signed-in write of one row, to show what Django itself
costs. The table gives requests per second, p50/p95/p99 latency and errors;
the targets are checked against Mend's trivial page. Needs wrk (Debian:
apt-get install wrk).
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from production_server import (
    PYTHON,
    ROOT,
    free_port,
    manage,
    production_env,
    sql,
    start_gunicorn,
)

LUA = ROOT / "scripts" / "loadbench.lua"
RESULTS = ROOT / "bench-results"
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "mend_bench"

CHECKIN_PATIENTS = 200
YEAR_DAYS = 365
CLINICIAN_PATIENTS = 500
CLINICIAN_PATIENT_DAYS = 35  # each sharing patient's history (the list reads what its rules need)


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    expected: int
    sessions: str | None  # which seeded sessions send it; None: anonymous
    server: str = "mend"  # "bare": Django with sessions and auth only (scripts/bench/settings_bare.py)


SCENARIOS = [
    Scenario("trivial ok (ceiling)", "GET", "/bench/ok", 200, None),
    Scenario("static file (ceiling)", "GET", "{static}", 200, None),
    # Not targets: the trivial page with a patient's session cookie (what
    # loading the session and the user alone costs), and the least any
    # signed-in page costs (session, user, base template), to read the other
    # figures against.
    Scenario("signed-in trivial ok", "GET", "/bench/ok", 200, "year"),
    Scenario("signed-in /help/ (floor)", "GET", "/help/", 200, "year"),
    Scenario("check-in POST", "POST", "/checkin/", 302, "checkin"),
    Scenario("home page", "GET", "/", 200, "year"),
    Scenario("/trends/?days=30", "GET", "/trends/?days=30", 200, "year"),
    Scenario("clinician list (500)", "GET", "/clinician/", 200, "clinician"),
    # Not targets either: the same database served by Django with nothing of
    # Mend's middleware, to show what Django itself costs a signed-in request
    # before any app code runs. Each is compared with its own trivial page.
    Scenario("bare Django: trivial ok", "GET", "/bench/ok", 200, None, "bare"),
    Scenario("bare Django: signed-in ok", "GET", "/bench/signed-in", 200, "year", "bare"),
    Scenario("bare Django: signed-in one-row write", "POST", "/bench/write", 302, "checkin", "bare"),
]
SETTINGS = {"mend": "scripts.bench.settings", "bare": "scripts.bench.settings_bare"}
# Throughput as a share of the trivial page's.
TARGETS = {"check-in POST": 0.50, "home page": 0.50, "/trends/?days=30": 0.35}


# --- the database ------------------------------------------------------------------


def prepare(db: str, workdir: Path) -> str:
    if db == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    sql(POSTGRES_ADMIN_URL, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    sql(POSTGRES_ADMIN_URL, f'CREATE DATABASE "{BENCH_DB}"')
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def cleanup(db: str):
    if db == "postgres":
        sql(POSTGRES_ADMIN_URL, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def seed(workdir: Path):
    """Runs inside the benchmark's environment (see --seed): fills the database
    and writes one file of "sessionid csrftoken" lines per kind of user."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from checkin.models import CheckIn, Share, User

    call_command("load_guidance", verbosity=0)

    def users(prefix, count, **extra):
        # No password: hashing hundreds with Argon2 would dominate the set-up.
        User.objects.bulk_create(
            User(email=f"{prefix}{n}@bench.example", time_zone="Europe/London", password="!", **extra)
            for n in range(count)
        )
        return list(User.objects.filter(email__startswith=prefix).order_by("pk"))

    def days(patient, count):
        today = patient.today()
        for n in range(count):
            yield CheckIn(
                patient=patient,
                date=today - datetime.timedelta(days=n),
                pain=(n * 7) % 11,
                mood=(n * 5 + 3) % 11,
                sleep_hours=4 + (n % 9) / 2,
                sleep_quality=1 + n % 5,
                exercise_minutes=(n * 13) % 90,
                exercise_kind="walking",
            )

    def write_sessions(name, people):
        (workdir / f"sessions-{name}.txt").write_text("".join(f"{session_line(person)}\n" for person in people))

    write_sessions("checkin", users("checkin", CHECKIN_PATIENTS))

    year = users("year", 1)
    CheckIn.objects.bulk_create(days(year[0], YEAR_DAYS))
    write_sessions("year", year)

    clinician = users("clinician", 1, is_clinician=True)[0]
    sharing = users("sharing", CLINICIAN_PATIENTS)
    now = timezone.now()
    Share.objects.bulk_create(
        Share(patient=p, clinician=clinician, invite_expires_at=now, redeemed_at=now) for p in sharing
    )
    CheckIn.objects.bulk_create(c for p in sharing for c in days(p, CLINICIAN_PATIENT_DAYS))
    write_sessions("clinician", [clinician])
    (workdir / "sessions-none.txt").write_text("")


def session_line(person) -> str:
    """A new signed-in session for ``person``, stamped as a real log-in leaves
    it, second step passed: "sessionid csrftoken" (inside a set-up Django)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from checkin.web.middleware import REFRESHED_AT, SEEN_AT, STARTED_AT
    from tests.conftest import second_step_session

    store = SessionStore()
    store.update(
        {
            SESSION_KEY: str(person.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: person.get_session_auth_hash(),
            # Stamped as logging in stamps them (web/middleware.mark_session_fresh).
            **dict.fromkeys((REFRESHED_AT, STARTED_AT, SEEN_AT), int(time.time())),
            **second_step_session(person),  # a clinician's pages need the second step
        }
    )
    store.create()
    return f"{store.session_key} {_get_new_csrf_string()}"


# --- the server and wrk ----------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_once(base, scenario, path, workdir):
    """One request by hand before the load: the scenario must answer as expected."""
    lines = (workdir / f"sessions-{scenario.sessions or 'none'}.txt").read_text().split()
    headers, data = {}, None
    if lines:
        sid, token = lines[0], lines[1]
        headers["Cookie"] = f"sessionid={sid}; csrftoken={token}"
        if scenario.method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            data = (
                f"csrfmiddlewaretoken={token}&pain=4&mood=6&sleep_hours=7.5&sleep_quality=3"
                "&exercise_minutes=20&exercise_kind=walking&note="
            ).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers, method=scenario.method)
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        status, location = response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        status, location = error.code, error.headers.get("Location")
    if status != scenario.expected or (status == 302 and location != "/"):
        raise SystemExit(f"{scenario.name}: {scenario.method} {path} answered {status} {location or ''}")


def workers_cpu_seconds(server) -> float:
    """CPU time used so far by gunicorn's workers: the live ones, plus those
    already recycled (the kernel adds a reaped child's time to its parent's
    cutime and cstime)."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    master = fields(server.pid)
    used = int(master[13]) + int(master[14])  # cutime + cstime: reaped workers
    for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
        try:
            worker = fields(pid)
        except FileNotFoundError:  # exited just now; counted once reaped
            continue
        used += int(worker[11]) + int(worker[12])  # utime + stime
    return used / tick


def run_wrk(base, scenario, path, workdir, duration, connections):
    sessions = workdir / f"sessions-{scenario.sessions or 'none'}.txt"
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA),
        base + path, "--", str(sessions), scenario.method, str(scenario.expected),
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.split("RESULT ", 1)[1])
    seconds = result["duration_us"] / 1e6
    return {
        "scenario": scenario.name,
        "rps": result["requests"] / seconds,
        "p50_ms": result["p50_us"] / 1000,
        "p95_ms": result["p95_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "errors": result["socket_errors"] + result["unexpected_status"],
        "requests": result["requests"],
    }


def static_path(env) -> str:
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/mend.css"]


def bench(db, duration, connections):
    workdir = Path(tempfile.mkdtemp(prefix=f"mend-bench-{db}-"))
    servers = {}
    try:
        env = production_env(prepare(db, workdir), SETTINGS["mend"])
        print(f"== {db}: migrate, seed", flush=True)
        manage(env, "migrate", "--noinput")
        subprocess.run([PYTHON, __file__, "--seed", str(workdir)], cwd=ROOT, env=env, check=True)
        for name, settings_module in SETTINGS.items():
            # Both servers share the secret key, so the seeded sessions work on either.
            port = free_port()
            server_env = {**env, "DJANGO_SETTINGS_MODULE": settings_module}
            servers[name] = (start_gunicorn(server_env, port, workdir, log_name=f"gunicorn-{name}.log"), port)
        rows = []
        for scenario in SCENARIOS:
            server, port = servers[scenario.server]
            base = f"http://127.0.0.1:{port}"
            path = scenario.path.format(static=static_path(env))
            check_once(base, scenario, path, workdir)
            print(f"   {scenario.name}: {duration} s", flush=True)
            before = workers_cpu_seconds(server)
            row = run_wrk(base, scenario, path, workdir, duration, connections)
            row["cpu_ms"] = 1000 * (workers_cpu_seconds(server) - before) / max(row["requests"], 1)
            row["server"] = scenario.server
            rows.append(row)
        return rows
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(30)
        cleanup(db)
        shutil.rmtree(workdir, ignore_errors=True)


def table(db, rows) -> str:
    """One table per server; each row's share is of its own server's first (trivial) row."""
    lines = []
    for server, title in (("mend", db), ("bare", f"{db}, bare Django (sessions and auth middleware only)")):
        group = [r for r in rows if r["server"] == server]
        ceiling = group[0]["rps"]
        lines += [
            f"{title}:",
            "",
            "| scenario | req/s | % of trivial | p50 ms | p95 ms | p99 ms | errors | worker CPU ms/req |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in group:
            lines.append(
                f"| {r['scenario']} | {r['rps']:.0f} | {100 * r['rps'] / ceiling:.0f}% | {r['p50_ms']:.1f} "
                f"| {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | {r['cpu_ms']:.2f} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def verdicts(rows) -> list[str]:
    """Each target as a line saying whether it was met; an empty list means all were."""
    ceiling = rows[0]["rps"]
    failures = [f"{r['scenario']}: {r['errors']} errors" for r in rows if r["errors"]]
    for r in rows:
        share = TARGETS.get(r["scenario"])
        if share is not None and r["rps"] < share * ceiling:
            failures.append(f"{r['scenario']}: {r['rps']:.0f} req/s is under {share:.0%} of {ceiling:.0f}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=int, default=30, help="seconds per scenario (default 30)")
    parser.add_argument("--connections", type=int, default=4, help="open connections (default 4)")
    parser.add_argument("--seed", type=Path, help=argparse.SUPPRESS)  # internal: seed, in the bench env
    args = parser.parse_args()
    if args.seed:
        sys.path.insert(0, str(ROOT))
        return seed(args.seed)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    load_before = f"{os.getloadavg()[0]:.1f}"
    print("== collectstatic (hashed files, as in production)", flush=True)
    manage(production_env("sqlite://:memory:", SETTINGS["mend"]), "collectstatic", "--noinput", "--clear")
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    report, failed = [], []
    for db in databases:
        rows = bench(db, args.duration, args.connections)
        report.append(table(db, rows))
        failed += [f"{db}: {line}" for line in verdicts(rows)]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    header = (
        f"{stamp}, {os.cpu_count()} cores, gunicorn 2 sync workers, wrk 1 thread {args.connections} connections, "
        f"{args.duration} s per scenario; load average before the run {load_before}, after {os.getloadavg()[0]:.1f}"
    )
    text = header + "\n\n" + "\n\n".join(report) + "\n\n" + ("\n".join(failed) or "All targets met.") + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text)
    print("\n" + text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
