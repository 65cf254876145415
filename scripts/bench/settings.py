"""Production settings plus one trivial page, for scripts/loadbench.py only.

The trivial page goes through the same middleware as every other page, so it
is the ceiling the benchmark compares real pages against.
"""

from config.settings import *  # noqa: F401,F403

ROOT_URLCONF = "scripts.bench.urls"
