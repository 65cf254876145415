"""The benchmark's bare-Django reference (scripts/loadbench.py): Mend's database,
apps and user model, but only the two middlewares any signed-in Django page
needs (sessions, then the user). Its pages show what Django itself costs
before an app adds anything: its own trivial page, the same page signed in,
and a signed-in write of one row (scripts/bench/urls.py).
"""

from scripts.bench.settings import *  # noqa: F401,F403

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
