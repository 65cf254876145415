# Mend: `make run` serves the app, `make test` runs the whole suite.
# Needs only Python 3.11 and make; everything else goes into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint migrate demo clean loadbench bench lighthouse bootstrap scaletest test-pooled

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# The development server: DEBUG on unless DJANGO_DEBUG says otherwise.
run: export DJANGO_DEBUG ?= 1
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_guidance
	$(BIN)/python manage.py runserver $(HOST)

# The browser tests (tests/e2e) need a Chromium: Debian's /usr/bin/chromium, or
# Playwright's own. Without one they are skipped, and this says so loudly.
test: $(VENV)/.installed-dev
	@$(BIN)/python -c 'from tests.e2e.conftest import browser_available as b; raise SystemExit(not b())' \
	  || { echo; echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	       echo "!!  NO CHROMIUM FOUND: the browser tests in tests/e2e will be SKIPPED."; \
	       echo "!!  Install one:  sudo apt-get install chromium   (Debian/Ubuntu)"; \
	       echo "!!  or:           $(BIN)/playwright install chromium"; \
	       echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; echo; }
	$(BIN)/python -m pytest

# ruff (lint and format check) over the tree, mypy over the pure modules (pyproject.toml).
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

demo: export DJANGO_DEBUG ?= 1
demo: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_guidance
	$(BIN)/python manage.py seed_demo

# /trends/ against 30, 365 and 3,650 days of history, /clinician/ with 50,
# 500 and 5,000 sharing patients, and one send_reminders pass for 10,000
# patients, in throwaway SQLite databases;
# BENCH_ARGS="--postgres postgres://user@host:5432" for PostgreSQL.
bench: $(VENV)/.installed-dev
	$(BIN)/python scripts/bench_trends.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_clinic.py $(BENCH_ARGS)
	$(BIN)/python scripts/bench_reminders.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles

# Load benchmark (scripts/loadbench.py): gunicorn with 2 workers against SQLite
# and PostgreSQL, driven by wrk; needs wrk (apt-get install wrk) and PostgreSQL
# on 127.0.0.1:5432. About twelve minutes.
loadbench: $(VENV)/.installed-dev
	$(BIN)/python scripts/loadbench.py

# The whole suite through PgBouncer in transaction mode (scripts/pooled_suite.py);
# needs PostgreSQL on 127.0.0.1:5432 and pgbouncer (apt-get install pgbouncer).
test-pooled: $(VENV)/.installed-dev
	$(BIN)/python scripts/pooled_suite.py

# Several servers (scripts/scaletest.py): a streaming replica, PgBouncer in
# transaction mode, two gunicorn servers behind haproxy, all on this machine;
# needs root (or the postgres user), pgbouncer, haproxy and wrk
# (apt-get install pgbouncer haproxy wrk). About ten minutes.
scaletest: $(VENV)/.installed-dev
	$(BIN)/python scripts/scaletest.py $(SCALE_ARGS)

# Performance budget (scripts/lighthouse.py): Lighthouse, mobile preset, on
# /accounts/login/ and /checkin/ logged in, with production settings; needs
# node/npm and a Chromium (CHROME_PATH, default /usr/bin/chromium).
scripts/lighthouse/node_modules/.bin/lighthouse: scripts/lighthouse/package.json
	cd scripts/lighthouse && npm install --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(VENV)/.installed-dev scripts/lighthouse/node_modules/.bin/lighthouse
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python scripts/lighthouse.py

# Bootstrap's CSS, built from its own Sass with only the parts Mend's pages use
# (scripts/bootstrap/mend.scss; static/vendor/README.md). Needs node/npm; the
# built file is committed, so neither `make run` nor `make test` needs this.
scripts/bootstrap/node_modules/.bin/sass: scripts/bootstrap/package.json
	cd scripts/bootstrap && npm install --no-audit --no-fund --loglevel=error
	touch $@

bootstrap: scripts/bootstrap/node_modules/.bin/sass
	cd scripts/bootstrap && ./node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
		--quiet-deps --silence-deprecation=import,global-builtin,color-functions \
		mend.scss ../../static/vendor/bootstrap-5.3.9/bootstrap.mend.min.css
