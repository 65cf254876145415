"""`manage.py restore PATH`: put a copy made by `manage.py backup` back as
Mend's SQLite database. It refuses to replace a database that holds data,
unless told to with --force. Stop Mend first."""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

from checkin.management.commands.backup import FileCommand, integrity

PG_RESTORE = "pg_restore --clean --if-exists --no-owner --dbname=DATABASE_NAME mend.dump"
HELD = {"accounts": "checkin_user", "check-ins": "checkin_checkin"}


def held(conn: sqlite3.Connection) -> dict[str, int]:
    """How many accounts and check-ins a SQLite database holds (none without Mend's tables)."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        what: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for what, table in HELD.items()
        if table in tables
    }


class Command(FileCommand):
    help = "Replace the SQLite database with a copy made by `manage.py backup` (stop Mend first)."
    path_help, force_help = "the copy to restore", "replace a database that holds data"
    verb, pg_tool = "restore", PG_RESTORE

    def run(self, source, force):
        if not source.is_file():
            raise CommandError(f"There is no backup at {source}.")
        if (result := integrity(source)) != "ok":
            raise CommandError(f"{source} is not a sound SQLite database ({result}): nothing was changed.")
        with closing(sqlite3.connect(source)) as backup:
            if "check-ins" not in held(backup):
                raise CommandError(f"{source} is not a Mend database: nothing was changed.")
        connection.close()
        target = Path(connection.settings_dict["NAME"])
        with closing(sqlite3.connect(target)) as live:
            there = held(live)
            if any(there.values()) and not force:
                raise CommandError(
                    f"The database at {target} holds {there['accounts']} accounts and {there['check-ins']} "
                    "check-ins: restoring would replace them. Add --force to replace them."
                )
            with closing(sqlite3.connect(source)) as backup:
                backup.backup(live)
            restored = held(live)
        self.stdout.write(
            f"Restored {restored['accounts']} accounts and {restored['check-ins']} check-ins into {target}."
        )
