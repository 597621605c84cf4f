# Piri — the two commands: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PIRI := $(UV) run --frozen piri
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_ENV := PIRI_DATA_DIR=$(CURDIR)/.test-data PIRI_SECRET_KEY=test-only-not-secret
# the mixed-load bench's throwaway PostgreSQL (make test-postgres's uses 55432)
BENCH_PG_PORT ?= 55441

.PHONY: run test test-js test-postgres lint bench install browser clean

install:  ## uv (via pip when missing), then the locked dependencies
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

browser:  ## Debian's Chromium and poppler-utils for the tests (never Playwright's own download)
	@bash scripts/ensure-test-tools.sh

run: install  ## migrate, load the demo clinic on first start, serve on http://$(HOST):$(PORT)
	$(PIRI) serve --host $(HOST) --port $(PORT) --demo

test: install browser  ## every test: the player's JavaScript, unit, integration (SQLite), browser
	node --test tests/js/
	$(TEST_ENV) $(UV) run --frozen pytest -q -p no:cacheprovider --durations=15

test-js:  ## the player's JavaScript tests (node's own test runner, no packages)
	node --test tests/js/

test-postgres: install browser  ## the same suite on a throwaway PostgreSQL cluster
	$(TEST_ENV) bash scripts/with-postgres.sh $(UV) run --frozen pytest -q -p no:cacheprovider --durations=15

lint: install  ## ruff, mypy, import-linter
	$(UV) run --frozen ruff check src tests bench
	$(UV) run --frozen ruff format --check src tests bench
	$(TEST_ENV) $(UV) run --frozen mypy
	$(UV) run --frozen lint-imports

bench: install  ## benchmarks; results go in docs/performance.md
	$(TEST_ENV) $(UV) run --frozen python -m bench --rounds 3
	$(TEST_ENV) $(UV) run --frozen python -m bench --only layers
	$(TEST_ENV) $(UV) run --frozen python -m bench --only pages
	$(TEST_ENV) $(UV) run --frozen python -m bench --only mixed
	$(TEST_ENV) PIRI_PG_PORT=$(BENCH_PG_PORT) bash scripts/with-postgres.sh $(UV) run --frozen python -m bench --only mixed
	$(TEST_ENV) $(UV) run --frozen python -m bench --only dashboard
	$(TEST_ENV) $(UV) run --frozen python -m bench --only jobs
	$(TEST_ENV) $(UV) run --frozen python -m bench --only reminders

clean:
	rm -rf .test-data .venv
