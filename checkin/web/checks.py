"""Start-up checks of the database: each problem in one plain line that
names the command that fixes it, rather than an error page at the first
request that needs the missing piece.

Django runs them with ``manage.py check --database default`` and before
``migrate``; the production server (config/gunicorn.conf.py) runs them
before it starts any worker, and refuses to start on an error.
"""

import os
from pathlib import Path

from django.core import checks
from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

# Set by Mend's `migrate` (checkin/management/commands/migrate.py) while it
# runs: the check for unapplied migrations stays quiet while they are applied.
migrating = False


@register(Tags.database)
def database_ready(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    connection = connections["default"]
    where = _where(connection)
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return [
            Error(
                f"Mend cannot reach its database ({where}): {first_line}",
                hint="Check DATABASE_URL and that the database server is running and accepts this user.",
                id="mend.E001",
            )
        ]
    problems = []
    if connection.vendor == "sqlite" and not _writable(Path(connection.settings_dict["NAME"])):
        problems.append(
            Error(
                f"The SQLite database ({where}) is read-only for this user.",
                hint="Let the user Mend runs as write the file and its folder (SQLite writes beside it too).",
                id="mend.E002",
            )
        )
    if not migrating:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if unapplied:
            problems.append(
                Error(
                    f"The database ({where}) is missing {len(unapplied)} migration(s), so some tables are missing.",
                    hint="Run: python manage.py migrate",
                    id="mend.E003",
                )
            )
    return problems


def _where(connection) -> str:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(config["NAME"])
    return f"{connection.vendor} database {config['NAME']!r} on {config['HOST'] or 'localhost'}"


def _writable(path: Path) -> bool:
    if str(path) == ":memory:" or "mode=memory" in str(path):
        return True
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


# PgBouncer's default port: a database URL on it most likely goes through one.
PGBOUNCER_PORT = 6432


@register(deploy=True)
def pooler_setting(app_configs=None, **kwargs):
    """``check --deploy``: a database URL on PgBouncer's port without
    DATABASE_POOLER=transaction (the exports would fail in transaction mode)."""
    from django.conf import settings

    problems = []
    for alias, database in settings.DATABASES.items():
        on_pgbouncer = "postgresql" in database["ENGINE"] and str(database.get("PORT")) == str(PGBOUNCER_PORT)
        if on_pgbouncer and not database.get("DISABLE_SERVER_SIDE_CURSORS"):
            problems.append(
                checks.Warning(
                    f"The {alias} database is on port {PGBOUNCER_PORT}, PgBouncer's, but DATABASE_POOLER is not set.",
                    hint="Behind PgBouncer in transaction mode set DATABASE_POOLER=transaction (see docs/deploy.md).",
                    id="mend.W010",
                )
            )
    return problems
