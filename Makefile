# Jiedao. The README's two commands: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3
DEV    := DEBUG=1

.PHONY: install run demo test test-sqlite test-postgres lint bench clean cluster cluster-stop

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_demo
	$(DEV) PY=$(PY) scripts/serve-dev

demo: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_demo

test: install
	scripts/ensure-system-packages
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# The suite on every core, at most four workers (each builds its own test database).
PYTEST := $(PY) -m pytest -q --numprocesses auto --maxprocesses 4

test-sqlite: install
	$(PYTEST)

test-postgres: install
	scripts/with-postgres $(PYTEST)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

# Benchmarks are run by hand; their figures are written down in docs/benchmarks.md.
bench: install
	$(PY) bench/import_people.py
	scripts/with-postgres $(PY) bench/import_people.py
	scripts/with-postgres $(PY) bench/api_people.py
	$(PY) bench/request_path.py
	scripts/with-postgres $(PY) bench/request_path.py
	scripts/with-postgres $(PY) bench/sign_in.py
	scripts/with-postgres $(PY) bench/booking.py

# On loopback, what a city deployment runs (docs/scaling.md): PostgreSQL, PgBouncer, two
# gunicorn app servers, the task worker and nginx, under var/cluster/ (port JIEDAO_CLUSTER_PORT).
cluster: install
	scripts/ensure-system-packages --cluster
	VENV=$(VENV) scripts/cluster start

cluster-stop:
	VENV=$(VENV) scripts/cluster stop

clean:
	rm -rf $(VENV) var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
