# Mend: `make run` serves the app, `make test` runs the whole suite.
# Needs only Python 3.11 and make; everything else goes into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test migrate demo clean loadbench bench

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
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_guidance
	$(BIN)/python manage.py runserver $(HOST)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

demo: export DJANGO_DEBUG ?= 1
demo: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_guidance
	$(BIN)/python manage.py seed_demo

# /trends/ against 30, 365 and 3,650 days of history, in a throwaway SQLite
# database; BENCH_ARGS="--postgres postgres://user@host:5432" for PostgreSQL.
bench: $(VENV)/.installed-dev
	$(BIN)/python scripts/bench_trends.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles

# Load benchmark (scripts/loadbench.py): gunicorn with 2 workers against SQLite
# and PostgreSQL, driven by wrk; needs wrk (apt-get install wrk) and PostgreSQL
# on 127.0.0.1:5432. About seven minutes.
loadbench: $(VENV)/.installed-dev
	$(BIN)/python scripts/loadbench.py
