"""gunicorn settings for Mend: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Each value can be changed from the environment (listed in the README), or on
the command line, which wins over this file.
"""

import gc
import multiprocessing
import os

from config.env import envint

wsgi_app = "config.wsgi:application"

# Behind a reverse proxy on the same machine by default; a container sets
# GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: each handles one request at a time, which suits short,
# database-bound requests. Two per core plus one keeps the cores busy while
# some workers wait on the database.
workers = envint("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1, minimum=1)
threads = envint("GUNICORN_THREADS", 1, minimum=1)

# Import Django once in the master, before forking: workers start at once and
# share the loaded code. No database connection is opened at import time.
preload_app = True


def when_ready(server):
    """Check the database, compile every template once in the master, then
    freeze what is loaded, before any worker forks.

    A database Mend cannot use (unreachable, read-only, not migrated) stops
    the server here with one line naming the fix, instead of error pages at
    the first requests (checkin/web/checks.py).

    With preload_app Django is already loaded here; each worker inherits the
    compiled templates instead of compiling them on its first requests (and
    again after every recycle)."""
    from django.core import checks
    from django.db import connections

    from config.warmup import compile_templates

    problems = [m for m in checks.run_checks(databases=["default"], tags=[checks.Tags.database]) if m.is_serious()]
    if problems:
        for problem in problems:
            server.log.error("%s %s", problem.msg, problem.hint or "")
        server.halt(reason="the database is not ready", exit_status=1)
    # The checks' connection must not be inherited: two workers talking over
    # one socket read each other's results.
    connections.close_all()
    try:
        server.log.info("Compiled %d templates before forking workers", compile_templates())
    except Exception:  # a warm-up must never stop the server; requests compile on demand
        server.log.exception("Compiling templates at start-up failed")
    # Everything loaded so far (Django, the app, the compiled templates) lives
    # as long as the server: freezing it keeps the workers' garbage collector
    # from walking those objects again on every full collection (a visible
    # share of the ten-year trends page's time), and from touching the
    # memory pages the workers share with the master.
    gc.freeze()


# A request that takes longer than this is stuck; the worker is replaced.
timeout = envint("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 30
# Recycle workers now and then so a slow leak can never grow without bound;
# not too often: at a thousand requests a second, a few thousand would mean a
# restart every few seconds per worker, each one a cold start.
max_requests = envint("GUNICORN_MAX_REQUESTS", 50000)
max_requests_jitter = 5000

# Workers' heartbeat files in memory rather than on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# An empty GUNICORN_ACCESS_LOG turns the access log off (the load benchmark does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Tokens in sign-up, reset and unsubscribe links are written as "[token]".
logger_class = "config.access_log.RedactingLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn's control socket (for gunicornc) is not used; leaving it off also
# lets several instances run side by side (the load benchmark does).
control_socket_disable = True
