# The two set-up commands: `make run` (seeded demo on 127.0.0.1:8000) and
# `make test` (the whole suite). Each creates .venv and installs what it needs.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench seed-bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy .

# Benchmarks need PostgreSQL (DATABASE_URL=postgres://...): `make seed-bench` once
# (CASES=100000 by default), then `make bench` prints the table and writes JSON.
CASES ?= 100000

seed-bench: install
	$(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=false $(BIN)/python manage.py seed_bench --cases $(CASES)

bench: install
	DJANGO_DEBUG=false $(BIN)/python manage.py bench
