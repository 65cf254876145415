"""`manage.py backup PATH`: a consistent copy of Mend's SQLite database,
taken while Mend runs (SQLite's online backup API). PostgreSQL is backed up
with its own tools (README: Backups)."""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

PG_DUMP = "pg_dump --format=custom --no-owner --file=mend.dump DATABASE_NAME"


def integrity(path: Path) -> str:
    """SQLite's verdict on the file at ``path``: "ok", or what is wrong."""
    try:
        with closing(sqlite3.connect(path)) as copy:
            return copy.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)


def require_sqlite(what: str, example: str) -> None:
    """Stop, naming PostgreSQL's own tool, unless the database is SQLite."""
    if connection.vendor != "sqlite":
        raise CommandError(
            f"This database is {connection.vendor}: {what} it with its own tools, for example {example} "
            "(README: Backups)."
        )


class FileCommand(BaseCommand):
    """A command between the SQLite database and one file: PATH, and --force
    to go ahead where it would refuse. On PostgreSQL it stops, naming
    ``pg_tool`` (for example) for what it would ``verb``."""

    path_help = force_help = verb = pg_tool = ""

    def add_arguments(self, parser):
        parser.add_argument("path", help=self.path_help)
        parser.add_argument("--force", action="store_true", help=self.force_help)

    def handle(self, path, force, **options):
        require_sqlite(self.verb, self.pg_tool)
        self.run(Path(path), force)

    def run(self, path: Path, force: bool) -> None:
        raise NotImplementedError


class Command(FileCommand):
    help = "Write a consistent copy of the SQLite database to PATH, while Mend keeps running."
    path_help, force_help = "the file to write the copy to", "replace PATH if it exists"
    verb, pg_tool = "back up", PG_DUMP

    def run(self, target, force):
        if target.exists() and not force:
            raise CommandError(f"{target} exists already: choose a new file, or add --force to replace it.")
        target.unlink(missing_ok=True)
        # Readable by the server's own user only (0600): the copy is every patient's data.
        target.touch(mode=0o600)
        target.chmod(0o600)
        connection.ensure_connection()
        # One step: the copy is the database as it was when the step began;
        # writers carry on meanwhile (WAL) and their later commits are not in it.
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
        if (result := integrity(target)) != "ok":
            raise CommandError(f"The copy at {target} failed SQLite's integrity check: {result}")
        self.stdout.write(f"Backed up the database to {target}.")
