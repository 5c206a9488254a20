# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
PYTEST_ARGS ?=
AUDIT_PORT ?= 8106
# uv from PATH, else a private copy bootstrapped from PyPI into .tools/, pinned to the
# version uv.lock is written with.
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
export UV_LINK_MODE ?= copy

.PHONY: install run test test-sqlite test-postgres lint format bench audit clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --quiet

# Node tools for the quality gates (axe-core, vnu-jar), exact pins from
# package-lock.json. --ignore-scripts: vnu-jar's postinstall would fetch a Java from the
# internet; Debian's default-jre-headless runs the checker instead.
node_modules: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch node_modules

# The demo runs in development mode; start-up chatter (INFO logs) is hidden so the
# URLs and logins stand out. LOG_LEVEL=INFO make run shows it again.
RUN_ENV = NEWSROOM_ENV=development SITE_URL=http://$(HOST):$(PORT) LOG_LEVEL=$${LOG_LEVEL:-WARNING}

run: install
	@$(RUN_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	@echo "Database migrated."
	@echo
	@$(RUN_ENV) $(PY) manage.py load_demo
	@echo
	@echo "  Public site: http://$(HOST):$(PORT)/"
	@echo "  Admin:       http://$(HOST):$(PORT)/admin/  (log in with a demo login above)"
	@echo
	@# The task worker (django-q2, the database as its queue: README "Background jobs")
	@# runs beside runserver: renditions, e-mails, purge retries. Ctrl-C stops both; a
	@# worker that has not stopped 5 s after SIGTERM (a signal mid start-up) is killed.
	@$(RUN_ENV) $(PY) manage.py qcluster & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; for _ in $$(seq 50); do kill -0 $$worker 2>/dev/null || break; sleep 0.1; done; kill -9 $$worker 2>/dev/null' EXIT; \
	  $(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

test: lint test-sqlite test-postgres

test-sqlite: install node_modules
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-postgres: install node_modules
	@# The test database is created by pytest-django; reachability is checked on 'postgres'.
	@if $(PY) -c "import psycopg2; psycopg2.connect('$(TEST_DATABASE_URL)', dbname='postgres', connect_timeout=3)" 2>/dev/null; then \
	  echo "== tests on PostgreSQL ($(TEST_DATABASE_URL)) =="; \
	  DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest -n 2 $(PYTEST_ARGS); \
	elif [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
	  echo "PostgreSQL at $(TEST_DATABASE_URL) is unreachable and REQUIRE_POSTGRES=1." >&2; exit 1; \
	else \
	  echo "== PostgreSQL unreachable at $(TEST_DATABASE_URL): skipped (REQUIRE_POSTGRES=1 makes this a failure) =="; \
	fi

# Benchmark (bench/run.py): 1k and 100k synthetic stories on PostgreSQL, in-process and
# under load. BENCH_ARGS passes options, e.g. BENCH_ARGS="--scales 1k --no-load" or "--db sqlite".
BENCH_ARGS ?=
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Lighthouse against gunicorn with DEBUG off and the demo loaded: a benchmark, not a test.
# Lighthouse has its own package (bench/lighthouse/) so that `make test` never installs it.
bench/lighthouse/node_modules: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch bench/lighthouse/node_modules

audit: install bench/lighthouse/node_modules
	AUDIT_PORT=$(AUDIT_PORT) bash bench/audit.sh

clean:
	rm -rf .venv .tools node_modules bench/lighthouse/node_modules var/static test-artifacts
