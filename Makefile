# Cổng thông tin điện tử huyện – every task a developer or a script needs.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
MANAGE := $(BIN)/python manage.py
# The address runserver serves, for the links of e-mails and the demo's Sites (portal/settings/dev.py).
SERVED := PORTAL_BASE_URL=http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help run test lint format check migrate demo messages clean bench-search bench bench-load bench-profile lock test-scale

help: ## List every target with what it does
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error  # axe-core and vnu-jar for the tests (node_modules/)
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed ## Set up (venv, migrations, demo content) and serve at http://127.0.0.1:8000 (HOST, PORT)
	$(MANAGE) migrate --noinput
	$(SERVED) $(MANAGE) load_demo
	@echo ""
	@echo "Trang quản trị / admin: http://$(HOST):$(PORT)/admin/"
	$(SERVED) $(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.dev-installed lint ## Lint, then run the whole test suite (SQLite, or DATABASE_URL when set)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

lint: $(VENV)/.dev-installed ## Check formatting and lint rules with ruff, and the import layering with import-linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.dev-installed ## Format the code and fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.dev-installed ## Django system checks and the missing-migration check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

migrate: $(VENV)/.runtime-installed ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: $(VENV)/.runtime-installed ## Load or complete the demo content (safe to run again); its Sites answer at HOST:PORT
	$(SERVED) $(MANAGE) load_demo

messages: $(VENV)/.dev-installed ## Extract our strings into locale/vi and compile the catalogue
	$(MANAGE) makemessages --locale vi --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --no-obsolete
	$(MANAGE) compilemessages --locale vi --ignore ".venv/*"

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
BENCH_SIZE ?= 100000

bench-search: $(VENV)/.runtime-installed ## Search latency (median, p95) over BENCH_SIZE articles on PostgreSQL (BENCH_DATABASE_URL)
	DJANGO_SETTINGS_MODULE=portal.settings.test DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_SIZE=$(BENCH_SIZE) $(MANAGE) bench_search

BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
BENCH_MEDIA_ROOT ?= $(CURDIR)/.bench-media
# Production settings plus the bench's commands (gunicorn serves plain production settings);
# throwaway secrets for this machine only.
BENCH_ENV := DJANGO_SETTINGS_MODULE=portal.settings.bench DATABASE_URL=$(BENCH_DATABASE_URL) \
	REDIS_URL=$(BENCH_REDIS_URL) MEDIA_ROOT=$(BENCH_MEDIA_ROOT) ALLOWED_HOSTS=127.0.0.1,localhost \
	WAGTAILADMIN_BASE_URL=http://127.0.0.1:8311 SECURE_SSL_REDIRECT=false BENCH_SIZE=$(BENCH_SIZE)

bench: $(VENV)/.runtime-installed ## Load test on PostgreSQL with BENCH_SIZE articles (gunicorn + wrk): the figures of docs/PERFORMANCE.md
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(BENCH_ENV) SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') $(MANAGE) bench

KIND ?= article
bench-profile: $(VENV)/.dev-installed ## In-process timing of one page type on the bench database (KIND=article|search|..., TREE=1 for pyinstrument's tree)
	$(BENCH_ENV) SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') $(MANAGE) bench_profile $(KIND) $(if $(TREE),--tree,)

bench-load: $(VENV)/.runtime-installed ## 200 readers for 60 s while an editor publishes (PostgreSQL, gunicorn, wrk): no error, nothing lost
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(BENCH_ENV) SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') $(MANAGE) bench_load

test-scale: $(VENV)/.runtime-installed ## Several app servers for real: a PostgreSQL primary and streaming replica of its own, two gunicorns on one Redis, a publish on one seen at once on the other, the replica killed and a server restarted under load (errors=0 stale=0)
	@command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis must run at 127.0.0.1:6379"; exit 1; }
	$(BIN)/python scripts/test_scale.py

PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links

lock: $(VENV)/.dev-installed ## Compile requirements*.txt (exact pins, hashes) from requirements*.in; UPGRADE=1 to take new releases
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade,) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade,) --output-file requirements-dev.txt requirements-dev.in

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

BACKUP_DIR ?= backups

.PHONY: backup restore
backup: $(VENV)/.runtime-installed ## Back up the database and media into $(BACKUP_DIR)/portal-YYYYmmdd-HHMMSS.tar.gz
	$(MANAGE) backup --output-dir $(BACKUP_DIR)

restore: $(VENV)/.runtime-installed ## Restore BACKUP=path into an empty database and MEDIA_ROOT (FORCE=1 to replace content)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/portal-YYYYmmdd-HHMMSS.tar.gz [FORCE=1]"; exit 2; }
	$(MANAGE) restore $(BACKUP) $(if $(FORCE),--force,)

.PHONY: test-browser
test-browser: $(VENV)/.dev-installed ## Only the browser and accessibility tests (Chromium: apt-get install -y chromium), with axe-core's table
	$(BIN)/pytest tests/browser -m browser -n 0
