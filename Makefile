# Cổng thông tin điện tử huyện – every task a developer or a script needs.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help run test lint format check migrate demo messages clean bench-search

help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed ## Set up (venv, migrations, demo content) and serve at http://127.0.0.1:8000 (HOST, PORT)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo ""
	@echo "Trang quản trị / admin: http://$(HOST):$(PORT)/admin/"
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.dev-installed lint ## Lint, then run the whole test suite (SQLite, or DATABASE_URL when set)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

lint: $(VENV)/.dev-installed ## Check formatting and lint rules with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed ## Format the code and fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.dev-installed ## Django system checks and the missing-migration check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

migrate: $(VENV)/.runtime-installed ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: $(VENV)/.runtime-installed ## Load or complete the demo content (safe to run again)
	$(MANAGE) load_demo

messages: $(VENV)/.dev-installed ## Extract our strings into locale/vi and compile the catalogue
	$(MANAGE) makemessages --locale vi --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --no-obsolete
	$(MANAGE) compilemessages --locale vi --ignore ".venv/*"

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
BENCH_SIZE ?= 100000

bench-search: $(VENV)/.runtime-installed ## Search latency (median, p95) over BENCH_SIZE articles on PostgreSQL (BENCH_DATABASE_URL)
	DJANGO_SETTINGS_MODULE=portal.settings.test DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_SIZE=$(BENCH_SIZE) $(MANAGE) bench_search

clean: ## Remove the virtualenv, caches and collected static files (keeps db.sqlite3 and media)
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: translations
translations: $(VENV)/.dev-installed ## Extract our strings, compile all catalogues, report how much of each is Vietnamese
	$(BIN)/python scripts/translation_report.py

BENCH_REPORT_DB ?= /tmp/portal-bench-report.sqlite3
BENCH_ITEMS ?= 3000
BENCH_REPORT_ENV := DATABASE_URL=sqlite:///$(BENCH_REPORT_DB) MEDIA_ROOT=/tmp/portal-bench-report-media

.PHONY: bench-report
bench-report: $(VENV)/.runtime-installed ## Time the editorial report over 2 years of BENCH_ITEMS items (scratch SQLite database)
	rm -f $(BENCH_REPORT_DB)
	$(BENCH_REPORT_ENV) $(MANAGE) migrate --noinput
	$(BENCH_REPORT_ENV) $(MANAGE) load_demo > /dev/null
	$(BENCH_REPORT_ENV) $(MANAGE) make_demo_history --items $(BENCH_ITEMS)
	$(BENCH_REPORT_ENV) $(MANAGE) time_report
