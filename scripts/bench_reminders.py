#!/usr/bin/env python3
"""Benchmark one pass of `send_reminders`: `make bench`.

Seeds 10,000 patients with reminders, 1,100 of them due now (each with one
push subscription), into a throwaway database (SQLite, or PostgreSQL with
--postgres), and runs one pass against the fake push service the tests use,
which checks every VAPID signature and decrypts every message. 100 of the
due patients' endpoints are slow: they answer only after the send timeout,
as a stalled push service would. Reports the pass's time and queries, and
checks that every other patient is reminded, that the pass ends within its
budget (sending.PASS_SECONDS plus one send's timeout), and that a second
pass finds only the slow ones due again.

    .venv/bin/python scripts/bench_reminders.py [--postgres postgres://user@host:5432]
"""

import datetime
import sys
import time
from pathlib import Path

from bench_trends import database_name, parse_arguments, setup_django, throwaway_database, verdict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PATIENTS, DUE, SLOW = 10_000, 1_000, 100


def seed(service):
    from django.utils import timezone

    from checkin.models import PushSubscription, Reminder, User

    now = timezone.now()
    users = User.objects.bulk_create(
        (User(email=f"r{n}@example.com", time_zone="UTC") for n in range(PATIENTS)), batch_size=2000
    )
    Reminder.objects.bulk_create(
        (
            Reminder(
                patient=u,
                time=datetime.time(20),
                push=True,
                next_at=now - datetime.timedelta(minutes=5)
                if n < DUE + SLOW
                else now + datetime.timedelta(hours=n % 23 + 1),
            )
            for n, u in enumerate(users)
        ),
        batch_size=2000,
    )
    devices = [service.device(f"d{n}") for n in range(DUE + SLOW)]
    service.slow = {f"d{n}" for n in range(DUE, DUE + SLOW)}
    PushSubscription.objects.bulk_create(
        (
            PushSubscription(patient=u, endpoint=d.endpoint, p256dh=d.p256dh, auth=d.auth)
            for u, d in zip(users, devices)
        ),
        batch_size=2000,
    )


def main() -> int:
    args = parse_arguments(__doc__, runs_help="(ignored: one pass is the measure)")
    with throwaway_database(args.postgres) as database_url:
        setup_django(database_url)
        import django
        from django.conf import settings
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from checkin.reminders import sending
        from tests.reminders.services import FakePushService

        if not sending.push_enabled():
            from checkin.reminders.keys import new_vapid_keys

            settings.MEND_VAPID_PRIVATE_KEY, settings.MEND_VAPID_PUBLIC_KEY = new_vapid_keys()
            settings.MEND_VAPID_SUBJECT = "mailto:bench@example.org"
        service = FakePushService(settings.MEND_VAPID_SUBJECT)
        service.slow_seconds = sending.SEND_TIMEOUT + 1
        seed(service)
        with service.route(), CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            first = sending.run()
            seconds = time.perf_counter() - start
        with service.route():
            again = sending.run(dry_run=True)
        service.stop()
        database = database_name(connection)

    print(f"Mend reminders benchmark: Django {django.get_version()}, {database}, Python {sys.version.split()[0]}")
    print()
    in_time = len([name for name, _, _ in service.received if name not in service.slow])
    print(
        "| patients with reminders | due | of them slow | reminded | pass time | queries "
        "| decrypted by the push service (in time) | second pass |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {PATIENTS:,} | {first.due:,} | {SLOW} | {len(first.claimed):,} | {seconds:.1f} s | {len(queries):,} | "
        f"{in_time:,} | {again.due} due |"
    )
    budget = sending.PASS_SECONDS + sending.SEND_TIMEOUT
    return verdict(
        [
            (
                "every due patient with a working endpoint reminded exactly once",
                len(first.claimed) == DUE == in_time,
            ),
            (f"the pass within its budget ({budget} s) despite {SLOW} slow endpoints", seconds <= budget),
            ("only the slow ones due again", again.due == SLOW),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
