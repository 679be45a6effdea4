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

# The showcase search at national scale and the staff import of 10,000 rows (issue #3), and the
# social-return portfolio of 10,000 contracts and its export (issue #4), on SQLite,
# then on PostgreSQL when it can be reached (BENCH_PG_URL; its database is made afresh).
# BENCH_ARGS go to the showcase benchmark: BENCH_ARGS="--documents 100000" is quicker.
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/ip_bench
bench: install static
	status=0; \
	$(BIN)/python -m bench showcase $(BENCH_ARGS) || status=1; \
	$(BIN)/python -m bench import_speed || status=1; \
	$(BIN)/python -m bench socialreturn || status=1; \
	$(BIN)/python -m bench reports || status=1; \
	if $(BIN)/python -c "import psycopg, sys; psycopg.connect('$(BENCH_PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python -m bench showcase $(BENCH_ARGS) || status=1; \
		BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python -m bench import_speed || status=1; \
		BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python -m bench socialreturn || status=1; \
		BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python -m bench reports || status=1; \
	else echo "PostgreSQL at $(BENCH_PG_URL) cannot be reached: measured on SQLite only"; fi; \
	exit $$status

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
