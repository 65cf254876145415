#!/usr/bin/env python3
"""Benchmark /trends/ against ten years of history: `make bench`.

Seeds three patients, with 30, 365 and 3,650 consecutive daily check-ins,
into a throwaway database (SQLite in a temporary folder by default, or a new
PostgreSQL database with --postgres; either is deleted afterwards), then
reports for `/trends/?days=30` and `/trends/?days=all`:

- the median server time of a full request through Django's test client
  (middleware, session, queries, trends.py, template), with DEBUG off; the
  cases are timed in turns, so a busy machine slows them alike;
- the number of database queries;
- the time of trends.py alone (build_series, weekly_summary, insights) on
  the patient's whole history, already in memory as Days.

Targets: days=30 with 3,650 stored days within 1.2x of days=30 with
30 stored; days=all with 3,650 stored within 3x of days=30 with 30 stored;
the same number of queries for a page whatever the history. Exits 1 when a
target is missed.

    .venv/bin/python scripts/bench_trends.py [--runs 40] [--postgres postgres://user@host:5432]
"""

import argparse
import contextlib
import datetime
import gc
import logging
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HISTORIES = (30, 365, 3650)
RANGES = ("30", "all")
SAME_RANGE_TARGET = 1.2  # days=30 with 3,650 stored vs with 30 stored
ALL_RANGE_TARGET = 3.0  # days=all with 3,650 stored vs days=30 with 30 stored


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"  # DEBUG off, fast hasher
    import django

    django.setup()
    # Login signals log a line per force_login; keep the report readable.
    logging.disable(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def parse_arguments(doc: str, runs_help: str = "timed requests per case (default 40)") -> argparse.Namespace:
    """Every benchmark's command line (``make bench`` passes both): --runs and --postgres."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help=runs_help)
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL server to create the throwaway database on")
    return parser.parse_args()


@contextlib.contextmanager
def throwaway_database(postgres: str | None):
    """Yield a DATABASE_URL for a new, empty database; delete it afterwards."""
    if not postgres:
        folder = Path(tempfile.mkdtemp(prefix="mend-bench-"))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg

    name = f"mend_bench_{os.getpid()}"
    server = postgres.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def seed(days: int, today: datetime.date):
    """A patient with one check-in on each of the last `days` days."""
    from checkin.models import CheckIn, User

    rng = random.Random(days)
    patient = User.objects.create_user(email=f"bench{days}@example.com", password="bench-password-123")
    CheckIn.objects.bulk_create(
        (
            CheckIn(
                patient=patient,
                date=today - datetime.timedelta(days=n),
                pain=rng.randint(0, 10),
                mood=rng.randint(0, 10),
                sleep_hours=Decimal(rng.choice(["4.5", "5.5", "6.5", "7", "7.5", "8.5"])),
                sleep_quality=rng.randint(1, 5),
                exercise_minutes=rng.choice([0, 0, 15, 30, 45]),
            )
            for n in range(days)
        ),
        batch_size=1000,
    )
    return patient


def pure_trends(days):
    """trends.py alone on days already in memory: series, weekly table and insights."""
    from checkin.insights import sentences, trends

    start, end = days[0].date, days[-1].date

    def run():
        trends.build_series(days, start, end)
        trends.weekly_summary(days, start, end)
        sentences.insights(days)

    return run


def case(patient, range_key: str):
    """A function making one real request for the page, through Django's test client."""
    from django.test import Client

    client = Client()
    client.force_login(patient)
    url = f"/trends/?days={range_key}"

    def request():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    return request


def count_queries(func) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def median_ms(funcs: dict, runs: int) -> dict:
    """Median milliseconds per function, timed in turns (in a new order each turn)
    so that a busy machine, or going first, favours no case."""
    for func in funcs.values():
        for _ in range(3):  # warm up: templates, session, connection
            func()
    times = {key: [] for key in funcs}
    order = list(funcs.items())
    shuffle = random.Random(0).shuffle
    for _ in range(runs):
        shuffle(order)
        for key, func in order:
            start = time.perf_counter()
            func()
            times[key].append(time.perf_counter() - start)
    return {key: statistics.median(values) * 1000 for key, values in times.items()}


def database_name(connection) -> str:
    """ "sqlite 3.40.1" or "postgresql 150004", for a report's first line."""
    version = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    return f"{connection.vendor} {version}"


def verdict(checks: list[tuple[str, bool]]) -> int:
    """Prints each target's line, ok or MISS; the exit status: 1 when one is missed."""
    print()
    for text, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {text}")
    return 0 if all(ok for _, ok in checks) else 1


def main() -> int:
    args = parse_arguments(__doc__)

    with throwaway_database(args.postgres) as database_url:
        setup_django(database_url)
        import django
        from django.db import connection

        from checkin.models import CheckIn

        cases, pure, queries = {}, {}, {}
        for days in HISTORIES:
            patient = seed(days, datetime.date.today())
            history = [c.as_day() for c in CheckIn.objects.filter(patient=patient).order_by("date")]
            pure[days] = pure_trends(history)
            for key in RANGES:
                cases[(days, key)] = case(patient, key)
                queries[(days, key)] = count_queries(cases[(days, key)])
        # As the production server does before forking its workers
        # (config/gunicorn.conf.py): what is loaded now stays out of the
        # garbage collector's full collections.
        gc.freeze()
        server = median_ms(cases, args.runs)
        pure_ms = median_ms(pure, args.runs)
        database = database_name(connection)

    print(
        f"Mend trends benchmark: Django {django.get_version()}, {database}, Python {sys.version.split()[0]}, median of {args.runs} runs"
    )
    print()
    print("| page | stored days | server time (median) | queries | trends.py alone, whole history |")
    print("|---|---:|---:|---:|---:|")
    for (days, key), ms in sorted(server.items(), key=lambda item: (item[0][1] != "30", item[0][0])):
        print(f"| /trends/?days={key} | {days:,} | {ms:.1f} ms | {queries[(days, key)]} | {pure_ms[days]:.2f} ms |")

    base = server[(30, "30")]
    same = server[(3650, "30")] / base
    whole = server[(3650, "all")] / base
    equal = all(len({queries[(days, key)] for days in HISTORIES}) == 1 for key in RANGES)
    counts = ", ".join(f"days={key}: {queries[(HISTORIES[0], key)]}" for key in RANGES)
    checks = [
        (f"days=30, 3,650 vs 30 stored: {same:.2f}x (target <= {SAME_RANGE_TARGET}x)", same <= SAME_RANGE_TARGET),
        (
            f"days=all with 3,650 stored vs days=30 with 30 stored: {whole:.2f}x (target <= {ALL_RANGE_TARGET}x)",
            whole <= ALL_RANGE_TARGET,
        ),
        (f"queries per page whatever the history ({counts}): {'equal' if equal else 'NOT equal'}", equal),
    ]
    return verdict(checks)


if __name__ == "__main__":
    sys.exit(main())
