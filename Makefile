# Praxis — `make run` serves the demo; `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# pyenv reads .python-version (3.12); elsewhere use python3.12 or python3.
PYTHON ?= $(shell pyenv which python3 2>/dev/null || command -v python3.12 || command -v python3)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432

.PHONY: help run test bench install system-deps lint messages compilemessages check-i18n \
	check-deploy test-sqlite test-search-conformance test-postgres clean

help:
	@echo "make run   - install, migrate, load the demo and serve http://$(HOST):$(PORT) with the task worker"
	@echo "make test  - install and run every check: lint, migrations, deploy check, i18n, tests on SQLite and PostgreSQL"
	@echo "make bench - print performance figures as ratios measured side by side"

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0) if sys.version_info >= (3, 12) else sys.exit("Praxis needs Python 3.12 or newer, but $(PYTHON) is " + sys.version.split()[0] + ". Install 3.12 (pyenv install 3.12) or run: make PYTHON=/path/to/python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet . --group dev
	touch $@

install: system-deps $(VENV)/.installed compilemessages

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

compilemessages: $(VENV)/.installed
	@$(MANAGE) compilemessages --ignore=.venv -v 0

# After changing user-facing strings: update the catalogues, then translate es and zh_Hans.
messages: $(VENV)/.installed
	$(MANAGE) makemessages -l es -l zh_Hans -l en --ignore=bench --ignore=tests --no-obsolete
	@# English is the source language: its entries are their own msgids, never a fuzzy guess.
	msgattrib --clear-fuzzy --empty --no-wrap locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	msgen --no-wrap locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@# Rebuild the search index beside the live one and swap it in (search fields may have changed).
	$(MANAGE) update_index
	@echo "Praxis: http://$(HOST):$(PORT)/  (editor: http://$(HOST):$(PORT)/admin/; demo log-ins in README.md)"
	@# The task worker, scheduled publishing once a minute (cron does it in production), the site.
	@trap 'kill 0' EXIT; $(MANAGE) db_worker & \
		while true; do $(MANAGE) publish_scheduled > /dev/null; sleep 60; done & \
		$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-i18n: $(VENV)/.installed
	@bash bin/check-i18n

check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="$$(head -c 64 /dev/urandom | base64 | tr -d '\n')" \
		$(MANAGE) check --deploy --fail-level WARNING

test-sqlite: install
	$(PY) -m pytest

# modelsearch's own backend conformance suite against the Whoosh backend, with its own settings.
test-search-conformance: install
	$(PY) -m django test tests.search_conformance --settings=tests.search_conformance.settings -v 1

test-postgres: install
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql 2>/dev/null | head -1) main start 2>/dev/null || true; \
		sleep 2; \
	fi
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		DATABASE_URL=$(PG_URL)/praxis_$$$$ SEARCH_BACKEND=database $(PY) -m pytest -m "not browser" -p no:cacheprovider; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at 127.0.0.1:5432; CI needs it." >&2; exit 1; \
	else echo "PostgreSQL is not reachable at 127.0.0.1:5432: skipped the PostgreSQL run (CI runs it)."; fi

test: install lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-deploy
	$(MAKE) --no-print-directory check-i18n
	$(MAKE) --no-print-directory test-search-conformance
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

bench: install
	$(PY) bench/run.py
	$(PY) bench/pdf.py
	$(PY) bench/search.py
	$(PY) bench/enrolment.py
	$(PY) bench/load.py
	$(PY) bench/allocation.py
	$(PY) bench/quality.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache bench/.work
