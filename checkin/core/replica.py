"""Reading pages from a PostgreSQL read replica, when one is set.

With DATABASE_REPLICA_URL, the settings add a "replica" database and this
router. Views that only read, and whose reader did not just write what they
show (the clinician's list, patient pages, report and downloads, and the
patient's own exports), are wrapped in ``reads_replica``: while one runs, its
reads go to the replica. Every other read, and every write, goes to the
primary, so a patient who saves a check-in and then opens home, the check-in
page or the API reads it back from where it was written, however far the
replica lags. And for a minute after anyone's write (a clinician marking
signals seen, a patient saving and then exporting), a cookie keeps that
browser's reads on the primary too (``PrimaryAfterWrite``).

A replica that does not answer is not an outage: the view reads from the
primary instead and the failure is logged. One that lags by more than
MEND_REPLICA_LAG_NOTE_SECONDS says so on the page ("as of 14:02").
"""

import contextvars
import datetime
import functools
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
PRIMARY = "default"
AFTER_WRITE_COOKIE = "mend_primary_until"
AFTER_WRITE_SECONDS = 60
_reading = contextvars.ContextVar("mend_reads_replica", default=False)
log = logging.getLogger(__name__)

# Replayed everything received: up to date, whatever the last commit's age
# (an idle primary commits nothing). Else the time of the last commit replayed.
LAG_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() "
    "THEN NULL ELSE pg_last_xact_replay_timestamp() END"
)


class Router:
    """Reads to the replica inside ``reads_replica``; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() else PRIMARY

    def db_for_write(self, model, **hints):
        # Explicit: Django would otherwise write an object read from the
        # replica back to where it came from.
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def configured() -> bool:
    return REPLICA in settings.DATABASES


def replayed_as_of() -> datetime.datetime | None:
    """When the replica's data was last current, if it is behind; None if it
    has replayed all it received. Raises DatabaseError if it does not answer."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return cursor.fetchone()[0]


def reads_replica(view):
    """Run ``view`` with its reads on the replica, when one is configured and answers.

    Sets ``request.replica_as_of`` to the replica's time when it lags by more
    than MEND_REPLICA_LAG_NOTE_SECONDS (the base template shows it)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not configured() or _wrote_lately(request):
            return view(request, *args, **kwargs)
        try:
            as_of = replayed_as_of()
        except DatabaseError:
            log.warning("The read replica does not answer: reading %s from the primary", request.path)
            return view(request, *args, **kwargs)
        lag = settings.MEND_REPLICA_LAG_NOTE_SECONDS
        if as_of is not None and (datetime.datetime.now(datetime.timezone.utc) - as_of).total_seconds() > lag:
            request.replica_as_of = as_of
        token = _reading.set(True)
        try:
            response = view(request, *args, **kwargs)
            # A streamed download reads as it is sent, after the view returns.
            if getattr(response, "streaming", False):
                response.streaming_content = _on_replica(response.streaming_content)
            return response
        finally:
            _reading.reset(token)

    wrapped.reads_replica = True  # type: ignore[attr-defined]  # tests list the views that do
    return wrapped


def _on_replica(chunks):
    # Set only while each chunk is made: a worker serves its next request in
    # the same context, and a download left unfinished must not route it.
    iterator = iter(chunks)
    while True:
        token = _reading.set(True)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _reading.reset(token)
        yield chunk


def _wrote_lately(request) -> bool:
    try:
        return float(request.COOKIES.get(AFTER_WRITE_COOKIE, 0)) > time.time()
    except ValueError:
        return False


class PrimaryAfterWrite:
    """After a request that may have written (any method but GET and HEAD,
    answered without an error), keep this browser's reads on the primary for
    AFTER_WRITE_SECONDS: what it just saved is then never missing from the
    next page because the replica has not replayed it yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") and response.status_code < 400:
            response.set_cookie(
                AFTER_WRITE_COOKIE,
                str(int(time.time()) + AFTER_WRITE_SECONDS),
                max_age=AFTER_WRITE_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
