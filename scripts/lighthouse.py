#!/usr/bin/env python3
"""Performance budget: Lighthouse (mobile preset) on /accounts/login/ and on
/checkin/ logged in, plus what a repeat visit of /checkin/ fetches.

    make lighthouse          # installs Lighthouse into scripts/lighthouse/node_modules first

Targets: performance 95+, accessibility 100, best practices 100;
the first load of /checkin/ transfers at most 80 KB (compressed) in all; a
repeat visit fetches nothing but the HTML.

The app runs as in production (DEBUG off, collectstatic's hashed and
compressed files served by WhiteNoise, gunicorn) over plain HTTP on
127.0.0.1, against a throwaway SQLite database holding one patient with two
weeks of check-ins. Lighthouse drives the system Chromium (CHROME_PATH,
/usr/bin/chromium by default) with its default mobile emulation and
simulated slow 4G. Two visits of /checkin/ in a fresh profile are then made
with Playwright in the same Chromium: the first is measured in all, the
service worker's install included (what crosses the network: a response the
browser serves from its own HTTP cache is not counted); for the repeat visit, the server's
access log shows every request that reached it.

Reports are written to bench-results/lighthouse/ (git-ignored). Exits 1 when
a target is missed.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from production_server import (
    PYTHON,
    ROOT,
    free_port,
    manage,
    production_env,
    start_gunicorn,
)

LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench-results" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"

TARGET_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100}
FIRST_LOAD_BUDGET = 80 * 1024  # bytes over the wire, compressed
PAGES = {"login": ("/accounts/login/", False), "checkin": ("/checkin/", True)}
PATIENT_EMAIL = "lighthouse@example.com"
ATTEMPTS = 2


def seed(workdir: Path):
    """Runs inside the production environment (--seed): a patient with two
    weeks of check-ins, and a signed-in session for them in sessionid.txt."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from checkin.models import CheckIn, User

    patient = User.objects.create_user(PATIENT_EMAIL, password=None, name="Sam", time_zone="Europe/London")
    today = patient.today()
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=3 + n % 4,
            mood=6 - n % 3,
            sleep_hours=6 + (n % 4) / 2,
            sleep_quality=3,
            exercise_minutes=20,
            exercise_kind="walking",
        )
        for n in range(1, 15)
    )
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(patient.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: patient.get_session_auth_hash(),
        }
    )
    session.create()
    (workdir / "sessionid.txt").write_text(session.session_key)


def run_lighthouse(url: str, name: str, cookie: str | None) -> dict:
    """Lighthouse's JSON report for one page (a fresh profile: a first visit)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / f"{name}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    # Lighthouse now and then fails to record a trace (NO_NAVSTART); once more.
    for attempt in range(ATTEMPTS):
        done = subprocess.run(command, cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROME})
        if done.returncode == 0:
            return json.loads(report.read_text())
    raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}")


def summarise(report: dict) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": {key: round(category["score"] * 100) for key, category in report["categories"].items()},
        "transfer": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "failing": [
            audit["title"]
            for audit in audits.values()
            if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
        ],
    }


def served(log: Path, start: int) -> list[str]:
    """Paths of the requests in the access log after byte offset `start`."""
    with open(log) as file:
        file.seek(start)
        return re.findall(r'"(?:GET|POST|HEAD) (\S+) HTTP', file.read())


def visits(base: str, sessionid: str, log: Path) -> tuple[list, list]:
    """Opens /checkin/ twice in a fresh profile. Returns what the first visit
    transferred, the service worker's install included, as (url, bytes) pairs;
    and the paths of the requests that reached the server the second time."""
    from playwright.sync_api import sync_playwright

    first = []

    def finished(request):
        sizes = request.sizes()
        # No body: served from the browser's HTTP cache (the worker precaching a
        # file the page fetched a moment before), so nothing crossed the network.
        if sizes["responseBodySize"] > 0:
            first.append((request.url, sizes["responseBodySize"] + max(0, sizes["responseHeadersSize"])))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split()[1:])
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "sessionid", "value": sessionid, "url": base}])
        context.on("requestfinished", finished)  # the page's requests and the worker's
        page = context.new_page()
        page.goto(base + "/checkin/")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
        page.wait_for_load_state("networkidle")
        time.sleep(1)  # the access log is written as each request ends
        context.remove_listener("requestfinished", finished)
        start = log.stat().st_size
        page.goto(base + "/checkin/")
        page.wait_for_load_state("networkidle")
        time.sleep(1)
        browser.close()
    return first, served(log, start)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        return seed(args.seed)

    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse` (npm install in scripts/lighthouse).")
    if not Path(CHROME).exists():
        raise SystemExit(f"No Chromium at {CHROME}: apt-get install chromium, or set CHROME_PATH.")

    workdir = Path(tempfile.mkdtemp(prefix="mend-lighthouse-"))
    env = production_env(f"sqlite:///{workdir / 'lighthouse.sqlite3'}")
    server = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_guidance")
        manage(env, "collectstatic", "--noinput")
        subprocess.run([PYTHON, __file__, "--seed", str(workdir)], cwd=ROOT, env=env, check=True)
        sessionid = (workdir / "sessionid.txt").read_text()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_gunicorn(env, port, workdir, access_log=str(workdir / "access.log"))

        results = {}
        for name, (path, signed_in) in PAGES.items():
            print(f"Lighthouse: {path}{' (logged in)' if signed_in else ''} ...", flush=True)
            cookie = f"sessionid={sessionid}" if signed_in else None
            results[name] = summarise(run_lighthouse(base + path, name, cookie))
        first, repeat = visits(base, sessionid, workdir / "access.log")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    missed = report(results, first, repeat)
    sys.exit(1 if missed else 0)


def report(results: dict, first: list, repeat: list) -> list[str]:
    missed = []
    print()
    print(f"{'page':<22}{'perf':>6}{'a11y':>6}{'best':>6}{'LCP ms':>8}{'requests':>10}{'transfer':>11}")
    for name, result in results.items():
        scores = result["scores"]
        path = PAGES[name][0]
        print(
            f"{path:<22}{scores['performance']:>6}{scores['accessibility']:>6}{scores['best-practices']:>6}"
            f"{result['lcp_ms']:>8}{result['requests']:>10}{result['transfer'] / 1024:>9.1f} KB"
        )
        for category, target in TARGET_SCORES.items():
            if scores[category] < target:
                missed.append(f"{path}: {category} {scores[category]} < {target}")
        for title in result["failing"]:
            print(f"    failing audit (not scored): {title}")

    page_load = results["checkin"]["transfer"]
    in_all = sum(size for _, size in first)
    print(
        f"\nFirst visit of /checkin/: {page_load / 1024:.1f} KB for the page (Lighthouse); "
        f"{in_all / 1024:.1f} KB in all with the service worker's install ({len(first)} requests)"
    )
    if max(page_load, in_all) > FIRST_LOAD_BUDGET:
        missed.append(f"/checkin/ first load over {FIRST_LOAD_BUDGET // 1024} KB")
    print(f"Repeat visit of /checkin/ reached the server for: {', '.join(repeat) or 'nothing'}")
    if repeat != ["/checkin/"]:
        missed.append(f"repeat visit fetched {repeat}, not just the page")
    print("\n" + ("\n".join(f"MISSED: {line}" for line in missed) if missed else "All targets met."))
    print(f"Reports: {RESULTS.relative_to(ROOT)}/")
    return missed


if __name__ == "__main__":
    main()
