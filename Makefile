# Impactplein — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 2
# The local demo may skip the multi-factor set-up of its staff accounts (see README).
export STAFF_MFA_REQUIRED ?= false

.PHONY: run test lint format bench setup install static migrate demo worker serve clean

run: setup demo
	@echo "Impactplein: http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --queue-name '*' --interval 1 & \
	$(BIN)/gunicorn impactplein.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) \
		--access-logfile - --graceful-timeout 5 & \
	wait -n

test: install
	STAFF_MFA_REQUIRED=true $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

setup: install static migrate

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: install
	$(MANAGE) collectstatic --noinput --verbosity 0

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo --if-empty

clean:
	rm -rf $(VENV) node_modules var/static
