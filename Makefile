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
.PHONY: help run test lint format check migrate demo messages clean

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

clean: ## Remove the virtualenv, caches and collected static files (keeps db.sqlite3 and media)
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
