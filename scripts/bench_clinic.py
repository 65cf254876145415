#!/usr/bin/env python3
"""Benchmark a clinician's list of patients, /clinician/, for a whole clinic: `make bench`.

Seeds three clinicians sharing with 50, 500 and 5,000 patients, each patient
with two weeks of check-ins (one in twenty with a warning sign, so urgent)
and a PHQ-9, into a throwaway database (SQLite by default, or a new
PostgreSQL database with --postgres), then reports each list's median server
time through Django's test client (DEBUG off) and its number of queries, in
its default order and sorted by 7-day pain (the one order that reads days).

Targets, for each order: the list of 5,000 within 1.5x of the list of 50, and
the same number of queries for every size. Exits 1 when a target is missed.

    .venv/bin/python scripts/bench_clinic.py [--runs 40] [--postgres postgres://user@host:5432]
"""

import datetime
import random
import sys
from decimal import Decimal

from bench_trends import (
    count_queries,
    database_name,
    median_ms,
    parse_arguments,
    setup_django,
    throwaway_database,
    verdict,
)

SIZES = (50, 500, 5000)
PATHS = ("/clinician/", "/clinician/?sort=pain")
TARGET = 1.5  # the list of 5,000 against the list of 50


def seed_clinic(size: int):
    """A clinician and `size` patients sharing with them."""
    from django.utils import timezone

    from checkin.models import CheckIn, QuestionnaireResponse, Share, User
    from checkin.sharing import summaries

    rng = random.Random(size)
    clinician = User.objects.create_user(
        email=f"clinician{size}@example.com", password="bench-password-123", is_clinician=True, name=f"Clinician {size}"
    )
    patients = User.objects.bulk_create(
        User(email=f"p{size}-{n}@example.com", name=f"Patient {n:05}", time_zone="Europe/London") for n in range(size)
    )
    now = timezone.now()
    Share.objects.bulk_create(
        Share(patient=p, clinician=clinician, redeemed_at=now, invite_expires_at=now) for p in patients
    )
    today = datetime.date.today()
    CheckIn.objects.bulk_create(
        (
            CheckIn(
                patient=p,
                date=today - datetime.timedelta(days=d),
                pain=rng.randint(0, 10),
                mood=rng.randint(2, 10),
                sleep_hours=Decimal("7"),
                sleep_quality=3,
                exercise_minutes=20,
                symptoms=["fever"] if n % 20 == 0 and d == 1 else [],
            )
            for n, p in enumerate(patients)
            for d in range(14)
        ),
        batch_size=2000,
    )
    QuestionnaireResponse.objects.bulk_create(
        (
            QuestionnaireResponse(
                patient=p, instrument="phq9", date=today, score=n % 28, band="", answers={}, version="PHQ-9"
            )
            for n, p in enumerate(patients)
        ),
        batch_size=2000,
    )
    # As check-ins arriving one by one would have left them.
    summaries.refresh_many({p.pk: p for p in patients})
    return clinician


def list_page(clinician, path):
    from django.test import Client

    from tests.conftest import sign_in

    client = Client()
    sign_in(client, clinician)  # with the second step every clinician passes

    def request():
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        return response

    return request


def main() -> int:
    args = parse_arguments(__doc__)

    with throwaway_database(args.postgres) as database_url:
        setup_django(database_url)
        import django
        from django.db import connection

        clinicians = {size: seed_clinic(size) for size in SIZES}
        cases = {(path, size): list_page(clinicians[size], path) for path in PATHS for size in SIZES}
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics yet; a running server's autovacuum gathers them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        queries = {size: count_queries(case) for size, case in cases.items()}
        server = median_ms(cases, args.runs)
        database = database_name(connection)

    print(
        f"Mend clinic benchmark: Django {django.get_version()}, {database}, Python {sys.version.split()[0]}, median of {args.runs} runs"
    )
    print()
    print("| page | sharing patients | server time (median) | queries |")
    print("|---|---:|---:|---:|")
    checks = []
    for path in PATHS:
        for size in SIZES:
            print(f"| {path} | {size:,} | {server[path, size]:.1f} ms | {queries[path, size]} |")
        ratio = server[path, SIZES[-1]] / server[path, SIZES[0]]
        equal = len({queries[path, size] for size in SIZES}) == 1
        checks += [
            (f"{path}: 5,000 patients vs 50: {ratio:.2f}x (target <= {TARGET}x)", ratio <= TARGET),
            (f"{path}: queries whatever the clinic's size: {'equal' if equal else 'NOT equal'}", equal),
        ]
    return verdict(checks)


if __name__ == "__main__":
    sys.exit(main())
