#!/usr/bin/env python3
"""Several app servers, PgBouncer and a read replica, tested together on one
machine: `make scaletest` (about ten minutes; not part of `make test`).

    make scaletest                                    # 1,000 soak sequences, 10 s per load scenario
    .venv/bin/python scripts/scaletest.py --sequences 100 --duration 5

It starts the layout of docs/deploy.md (scripts/scale/cluster.py): the
machine's PostgreSQL (127.0.0.1:5432) as the primary, a streaming replica
beside it made with pg_basebackup, PgBouncer in transaction mode in front of
each, two gunicorn servers with DATABASE_POOLER=transaction and
DATABASE_REPLICA_URL, and haproxy in front of them; a third server straight
to the primary serves as the reference for the exports. Through the
balancer it then checks, in this order: every export of a ten-year patient
byte for byte against the straight server; an admin's crisis-line edit on
both servers; the service worker's version on both; read-your-writes with
the replica's replay paused; send_reminders on both servers at once; the
load benchmark's pages with two servers and with one (zero errors); and the
offline sync soak, with one server killed part-way (every sequence exact,
no check-in lost). Each result is a line; the table goes to
bench-results/scaletest.md, and the script exits 1 if any check fails.

Needs root or the postgres user's rights (the replica and PgBouncer run as
postgres), Debian's pgbouncer and haproxy, and wrk. It adds a replication
rule for 127.0.0.1 to the primary's pg_hba.conf if it has none.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import loadbench  # noqa: E402
from production_server import PYTHON, ROOT, manage, production_env, sql  # noqa: E402
from scale import checks, soak  # noqa: E402
from scale.cluster import ADMIN, PRIMARY_PORT, Cluster  # noqa: E402

DATABASE = "mend_scale"
SOAK_PATIENTS = 40
DUE_REMINDERS = 1000
RULES_SECONDS = 10  # MEND_RULES_CACHE_SECONDS for the servers here
RESULTS = ROOT / "bench-results" / "scaletest.md"


def seed(workdir: Path):
    """Inside the straight environment (see --seed): the load benchmark's
    people, and this test's own, with a file of sessions for each."""
    loadbench.seed(workdir)  # sets Django up
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from checkin.models import Reminder, Share, User

    def people(prefix, count, **extra):
        User.objects.bulk_create(
            User(email=f"{prefix}{n}@scale.example", time_zone="UTC", password="!", **extra) for n in range(count)
        )
        return list(User.objects.filter(email__startswith=prefix).order_by("pk"))

    soakers = people("soak", SOAK_PATIENTS)
    lines = [f"{p.pk} {loadbench.session_line(p)} {loadbench.session_line(p)}\n" for p in soakers]
    (workdir / "sessions-soak.txt").write_text("".join(lines))

    call_command("seed_demo", email="tenyear@scale.example", days=3650, verbosity=0)
    tenyear = User.objects.get(email="tenyear@scale.example")
    (workdir / "sessions-tenyear.txt").write_text(loadbench.session_line(tenyear) + "\n")

    now = timezone.now()
    Reminder.objects.bulk_create(
        Reminder(patient=p, time=datetime.time(20), email=True, next_at=now - datetime.timedelta(minutes=5))
        for p in people("due", DUE_REMINDERS)
    )

    writer = people("rw", 1)[0]
    clinician = User.objects.get(email="clinician0@bench.example")
    share = Share.objects.create(patient=writer, clinician=clinician, invite_expires_at=now, redeemed_at=now)
    (workdir / "sessions-rw.txt").write_text(f"{share.pk}\n{loadbench.session_line(writer)}\n")


def environments(secret_env: dict, bouncers: tuple[int, int]) -> tuple[dict, dict]:
    """The straight environment, and the app servers' (pooler and replica)."""
    straight = {
        **secret_env,
        "MEND_RULES_CACHE_SECONDS": str(RULES_SECONDS),
        "MEND_REPLICA_LAG_NOTE_SECONDS": "1",
        "MEND_SITE_URL": "http://127.0.0.1",
    }
    straight.pop("DATABASE_REPLICA_URL", None)
    straight.pop("DATABASE_POOLER", None)
    primary, replica = bouncers
    apps = {
        **straight,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{primary}/{DATABASE}",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{replica}/{DATABASE}",
        "DATABASE_POOLER": "transaction",
    }
    return straight, apps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sequences", type=int, default=1000, help="offline sync soak sequences (default 1,000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per load scenario and layout (default 10)")
    parser.add_argument("--seed", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed(Path(args.seed))
        return 0

    import subprocess

    workdir = Path(tempfile.mkdtemp(prefix="mend-scale-"))
    cluster = Cluster(workdir)
    sql(ADMIN, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    sql(ADMIN, f'CREATE DATABASE "{DATABASE}"')
    rows: list[tuple] = []
    try:
        print("== collectstatic, migrate and seed (straight to the primary)", flush=True)
        base_env = production_env(f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/{DATABASE}")
        straight_env, _ = environments(base_env, (0, 0))
        manage(straight_env, "collectstatic", "--noinput", "--clear")  # hashed files, as in production
        manage(straight_env, "migrate", "--noinput")
        seeding = [PYTHON, __file__, "--seed", str(workdir)]
        subprocess.run(seeding, cwd=ROOT, env=straight_env, check=True, stdout=subprocess.DEVNULL)

        print("== replica, PgBouncer x2, gunicorn x3, haproxy", flush=True)
        replica_port = cluster.start_replica()
        bouncers = (
            cluster.start_pgbouncer("pgbouncer-primary", PRIMARY_PORT),
            cluster.start_pgbouncer("pgbouncer-replica", replica_port),
        )
        straight_env, app_env = environments(base_env, bouncers)
        ports = {name: cluster.start_app(f"app-{name}", app_env) for name in ("a", "b")}
        straight = f"http://127.0.0.1:{cluster.start_app('app-straight', straight_env)}"
        balancer = f"http://127.0.0.1:{cluster.start_haproxy(ports)}"
        apps = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        cluster.wait_replayed(replica_port)

        os.environ.update(straight_env)
        import django

        django.setup()
        replica_admin = f"postgresql://postgres@127.0.0.1:{replica_port}/postgres"
        share_id, rw_line = (workdir / "sessions-rw.txt").read_text().splitlines()
        clinician_line = (workdir / "sessions-clinician.txt").read_text().splitlines()[0]

        def step(title, results):
            print(f"== {title}", flush=True)
            for row in results:
                print(f"   {'ok  ' if row[2] else 'FAIL'} {row[0]}: {row[1]}", flush=True)
            rows.extend(results)

        step("exports", checks.exports(balancer, straight, (workdir / "sessions-tenyear.txt").read_text().strip()))
        step("service worker", checks.service_worker(apps))
        step("crisis line edit", checks.crisis_line(apps, RULES_SECONDS))
        step("read-your-writes", checks.read_your_writes(balancer, replica_admin, rw_line, clinician_line, share_id))
        step("reminders", checks.reminders(app_env, DUE_REMINDERS))
        step("load", checks.load(balancer, apps["a"], workdir, args.duration))

        patients = [
            {"id": int(fields[0]), "phones": [(fields[1], fields[2]), (fields[3], fields[4])]}
            for fields in (line.split() for line in (workdir / "sessions-soak.txt").read_text().splitlines())
        ]
        kill_at = args.sequences // 3

        def progress(done):
            if done == kill_at:
                print(f"   {done} sequences: killing server b", flush=True)
                cluster.kill("app-b")

        started = time.monotonic()
        totals = soak.run(balancer, patients, args.sequences, seed=1, on_progress=progress)
        exact = totals.sequences - totals.wrong
        step(
            "offline sync soak, server b killed a third of the way",
            [
                (
                    f"soak: {args.sequences:,} sequences on two phones per patient",
                    f"{exact:,}/{totals.sequences:,} exact; {totals.requests:,} requests in "
                    f"{time.monotonic() - started:.0f} s, {totals.sent_again} sent again",
                    exact == args.sequences,
                )
            ],
        )
    finally:
        cluster.stop()
        sql(ADMIN, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    RESULTS.parent.mkdir(exist_ok=True)
    table = "| check | result | |\n|---|---|---|\n" + "".join(
        f"| {c} | {r} | {'ok' if ok else 'FAIL'} |\n" for c, r, ok in rows
    )
    RESULTS.write_text(table)
    failed = [row for row in rows if not row[2]]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} checks passed; the table is in {RESULTS.relative_to(ROOT)}")
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    sys.exit(main())
