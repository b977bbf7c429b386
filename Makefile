# Maillage — the few commands a newcomer needs.
#   make run    virtual env + install + migrate (SQLite) + demo data + server on :8000
#   make test   the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock 2>/dev/null | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint format quality check-deploy bench bench-exports bench-imports \
	backup restore \
	clean cluster cluster-stop cluster-load-test

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

# One pytest worker per core (pytest-xdist): each worker has its own test database.
test: install
	$(BIN)/pytest -n auto --dist worksteal --durations=20

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

# Benchmarks on PostgreSQL at two sizes (needs `apt-get install wrk` for the load test);
# results go to docs/benchmarks.md.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_SMALL ?= 2000
BENCH_LARGE ?= 20000

bench: install
	@for n in $(BENCH_SMALL) $(BENCH_LARGE); do \
	  dropdb --if-exists -h 127.0.0.1 -U postgres maillage_bench_$$n && \
	  createdb -h 127.0.0.1 -U postgres maillage_bench_$$n && \
	  DATABASE_URL=$(BENCH_PG)/maillage_bench_$$n $(BIN)/python manage.py migrate --noinput -v 0 && \
	  DATABASE_URL=$(BENCH_PG)/maillage_bench_$$n $(BIN)/python manage.py generate_dataset --households $$n && \
	  psql -q -h 127.0.0.1 -U postgres -d maillage_bench_$$n -c 'VACUUM ANALYZE' || exit 1; \
	done
	$(BIN)/python tests/perf/bench.py run --small $(BENCH_PG)/maillage_bench_$(BENCH_SMALL) \
	  --large $(BENCH_PG)/maillage_bench_$(BENCH_LARGE) --exports --load-test
	$(MAKE) bench-exports
	$(MAKE) bench-imports

# Exports of any size (issue 15): 2 000 000 contacts through gunicorn and db_worker, on a copy
# of a generated database topped up to that many contacts (tests/perf/export_bench.py).
EXPORT_BENCH_SOURCE ?= maillage_bench_$(BENCH_LARGE)
bench-exports: install
	MAILLAGE_EXPORT_BENCH_SOURCE=$(EXPORT_BENCH_SOURCE) $(BIN)/pytest tests/perf/test_export_2m.py \
	  -s -p no:cacheprovider

# Imports (issue 19): 10 000 households with 25 000 members from a CSV, dry run then the
# confirmation's task, on a fresh database (tests/perf/import_bench.py).
IMPORT_BENCH_DB ?= maillage_bench_imports
bench-imports: install
	dropdb --if-exists -h 127.0.0.1 -U postgres $(IMPORT_BENCH_DB)
	createdb -h 127.0.0.1 -U postgres $(IMPORT_BENCH_DB)
	DATABASE_URL=$(BENCH_PG)/$(IMPORT_BENCH_DB) $(BIN)/python manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_PG)/$(IMPORT_BENCH_DB) $(BIN)/python tests/perf/import_bench.py \
	  --households 10000

# Past one machine, on this one (docs/deployment.md « Au-delà d'une machine ») : a read
# replica of the local PostgreSQL on :5433, Redis, two app servers on :8101 and :8102, a task
# worker, shared documents; pids and logs in var/cluster/. CLUSTER_DATABASE_URL names the base.
cluster: install
	$(BIN)/python tests/perf/cluster.py start

cluster-stop:
	$(BIN)/python tests/perf/cluster.py stop

# The load test (50 connections, 60 s) through both servers of the running cluster.
cluster-load-test:
	$(BIN)/python tests/perf/cluster.py load-test

# The same at 20 000 and 100 000 households (issue 15: a large département; generating the
# 100 000 takes ~10 min and 1 GB): `make bench-large`, results in docs/benchmarks.md.
.PHONY: bench-large
bench-large:
	$(MAKE) bench BENCH_SMALL=20000 BENCH_LARGE=100000

# Backup and restore (PostgreSQL with pg_dump/pg_restore, or SQLite), documents included.
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(DIR)" || (echo "Indiquez la sauvegarde : make restore DIR=chemin/de/la/sauvegarde" && exit 2)
	$(BIN)/python manage.py restore $(DIR) --yes

clean:
	rm -rf $(VENV) var/db.sqlite3 staticfiles .pytest_cache .ruff_cache
