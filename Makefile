# Maillage — the few commands a newcomer needs.
#   make run    virtual env + install + migrate (SQLite) + demo data + server on :8000
#   make test   the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock 2>/dev/null | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test test-fast lint format quality check-deploy bench clean

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

quality: lint

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: install
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	ALLOWED_HOSTS=maillage.example.fr $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/db.sqlite3 staticfiles .pytest_cache .ruff_cache
