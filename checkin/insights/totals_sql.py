"""The database triggers that keep WeekTotals and HistoryTotals (see
checkin.models.WeekTotals), written from ``totals.SUMS`` by ``sql_adds``:
the same definition ``totals.Totals.of`` computes in Python, so the two
can never say different things (tests/insights/test_week_totals.py compares
the stored rows with ``Totals.of``). Each migration that installs triggers
freezes everything it installs (the sums, each value's SQL, the day
numbering and the columns watched); the newest must equal what the code
writes today, which a test checks, so no threshold can change without a
migration that installs it and recomputes the stored rows.
"""

from checkin.insights.totals import SUMS, VALUE_SQL, WEEK_SUMS, sql_adds

# Only these columns feed the sums: editing a note fires nothing.
WATCHED = "patient_id, date, pain, mood, sleep_hours, exercise_minutes"

# The day number of {r}.date, per database. Its week number is {day} / 7
# (both databases divide integers to a whole number).
DAY = {
    "postgresql": "({r}.date - DATE '1999-12-27')",
    "sqlite": "CAST(julianday({r}.date) - julianday('1999-12-27') AS INTEGER)",
}


class Triggers:
    """The SQL for one definition of the sums (``sums``, and the ``week_sums`` kept per week)."""

    def __init__(
        self,
        sums: dict = SUMS,
        week_sums: tuple = WEEK_SUMS,
        value_sql: dict = VALUE_SQL,
        day_sql: dict = DAY,
        watched: str = WATCHED,
    ):
        self.sums = sums
        self.value_sql = value_sql
        self.day_sql = day_sql
        self.watched = watched
        week_columns = ("weekdays", *week_sums)
        # Each table: the columns a check-in belongs to it by, and the columns it adds to.
        self.tables = {
            "checkin_weektotals": (("patient_id", "week"), week_columns),
            "checkin_historytotals": (("patient_id",), tuple(sums)),
        }
        self.columns = {*week_columns, *sums}

    def expressions(self, vendor, row):
        """SQL for every key column and every summed column, of the check-in ``row``."""
        day = self.day_sql[vendor].format(r=row)
        keys = {"patient_id": f"{row}.patient_id", "week": f"{day} / 7"}
        return keys, sql_adds(row, day, self.columns, self.sums, self.value_sql)

    def add_row(self, vendor):
        """Add NEW to its week and its history, creating their rows if they are the first."""
        keys, adds = self.expressions(vendor, "NEW")
        statements = []
        for table, (key, columns) in self.tables.items():
            values = [keys[k] for k in key] + [adds[c] for c in columns]
            updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
            statements.append(
                f"INSERT INTO {table} ({', '.join(key + columns)}) VALUES ({', '.join(values)}) "
                f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
            )
        return "; ".join(statements)

    def subtract_row(self, vendor):
        """Take OLD away from its week and its history. UPDATEs, never INSERTs: when
        the patient is being deleted their rows may be gone already, and must stay gone."""
        keys, adds = self.expressions(vendor, "OLD")
        statements = []
        for table, (key, columns) in self.tables.items():
            updates = ", ".join(f"{c} = {c} - {adds[c]}" for c in columns)
            where = " AND ".join(f"{k} = {keys[k]}" for k in key)
            statements.append(f"UPDATE {table} SET {updates} WHERE {where}")
        return "; ".join(statements)

    def backfill(self, vendor):
        """Every row recomputed from the check-ins stored (any earlier rows are replaced)."""
        keys, adds = self.expressions(vendor, "c")
        statements = [f"DELETE FROM {table}" for table in self.tables]
        for table, (key, columns) in self.tables.items():
            groups = ", ".join(keys[k] for k in key)
            sums = ", ".join(f"SUM({adds[c]})" for c in columns)
            statements.append(
                f"INSERT INTO {table} ({', '.join(key + columns)}) "
                f"SELECT {groups}, {sums} FROM checkin_checkin c GROUP BY {groups}"
            )
        return statements

    def create(self, vendor):
        if vendor == "postgresql":
            return [
                "CREATE FUNCTION checkin_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP <> 'INSERT' THEN {self.subtract_row(vendor)}; END IF; "
                f"IF TG_OP <> 'DELETE' THEN {self.add_row(vendor)}; END IF; "
                "RETURN NULL; END $$",
                f"CREATE TRIGGER checkin_totals AFTER INSERT OR DELETE OR UPDATE OF {self.watched} ON checkin_checkin "
                "FOR EACH ROW EXECUTE FUNCTION checkin_totals_apply()",
            ]
        return [
            f"CREATE TRIGGER checkin_totals_insert AFTER INSERT ON checkin_checkin BEGIN {self.add_row(vendor)}; END",
            f"CREATE TRIGGER checkin_totals_delete AFTER DELETE ON checkin_checkin BEGIN {self.subtract_row(vendor)}; END",
            f"CREATE TRIGGER checkin_totals_update AFTER UPDATE OF {self.watched} ON checkin_checkin "
            f"BEGIN {self.subtract_row(vendor)}; {self.add_row(vendor)}; END",
        ]

    def install(self, schema_editor):
        """Fill the tables from the check-ins stored, then keep them with triggers."""
        vendor = schema_editor.connection.vendor
        if vendor not in DAY:
            raise NotImplementedError(f"Mend's stored totals have triggers for PostgreSQL and SQLite, not {vendor}")
        for sql in [*self.backfill(vendor), *self.create(vendor)]:
            schema_editor.execute(sql, params=None)


def drop(schema_editor):
    """Remove the triggers (whichever sums they were written for)."""
    if schema_editor.connection.vendor == "postgresql":
        statements = [
            "DROP TRIGGER IF EXISTS checkin_totals ON checkin_checkin",
            "DROP FUNCTION IF EXISTS checkin_totals_apply()",
        ]
    else:
        statements = [f"DROP TRIGGER IF EXISTS checkin_totals_{event}" for event in ("insert", "delete", "update")]
    for sql in statements:
        schema_editor.execute(sql, params=None)
