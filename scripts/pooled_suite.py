#!/usr/bin/env python3
"""The whole test suite through PgBouncer in transaction mode: `make test-pooled`.

Starts Debian's pgbouncer (pool_mode = transaction, scripts/scale/cluster.py)
in front of the machine's PostgreSQL on 127.0.0.1:5432 and runs pytest with
DATABASE_URL pointing at it and DATABASE_POOLER=transaction, as a clinic
behind a pooler runs Mend. Any feature that relied on a database session
outliving its transaction (a server-side cursor, a SET, an advisory lock, a
prepared statement) fails here.

The test database is created through the pooler and kept (pytest-django's
--reuse-db): PostgreSQL refuses to drop a database PgBouncer still holds
connections to, so it is dropped straight, after PgBouncer has stopped.
Arguments go to pytest.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_server import PYTHON, ROOT, sql  # noqa: E402
from scale.cluster import ADMIN, PRIMARY_PORT, Cluster  # noqa: E402

DATABASE = "mend_pooled"  # pytest-django names the test database test_mend_pooled


def drop_test_database():
    sql(ADMIN, f'DROP DATABASE IF EXISTS "test_{DATABASE}" WITH (FORCE)')


def main() -> int:
    drop_test_database()
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="mend-pooled-")))
    try:
        port = cluster.start_pgbouncer("pgbouncer", PRIMARY_PORT)
        print(f"== the suite through PgBouncer (transaction mode) on 127.0.0.1:{port}", flush=True)
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/{DATABASE}",
            "DATABASE_POOLER": "transaction",
            "MEND_EXPECT_POSTGRES": "1",
        }
        return subprocess.run([PYTHON, "-m", "pytest", "--reuse-db", *sys.argv[1:]], cwd=ROOT, env=env).returncode
    finally:
        cluster.stop()
        drop_test_database()


if __name__ == "__main__":
    sys.exit(main())
