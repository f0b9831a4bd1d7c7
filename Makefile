# Praxis — `make run` serves the demo; `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# pyenv reads .python-version (3.12); elsewhere use python3.12 or python3.
PYTHON ?= $(shell pyenv which python3 2>/dev/null || command -v python3.12 || command -v python3)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0 \
	postgresql-client
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432

.PHONY: help run test bench install system-deps lint messages compilemessages check-i18n \
	check-deploy security test-sqlite test-sqlite-part test-postgres-part test-search-conformance test-postgres backup restore restore-drill clean lock coverage \
	coverage-core coverage-rest

help:
	@echo "make run   - install, migrate, load the demo and serve http://$(HOST):$(PORT) with the task worker"
	@echo "make test  - install and run every check: lint, security, migrations, deploy check, i18n, tests on SQLite and PostgreSQL, the restore drill"
	@echo "make bench - print performance figures as ratios measured side by side"
	@echo "make coverage - line and branch coverage of the suite on PostgreSQL"
	@echo "make lock  - resolve requirements.lock again after changing pyproject.toml"
	@echo "make backup - back up the PostgreSQL database at DATABASE_URL, the media and the private files into backups/"
	@echo "make restore BACKUP=backups/<timestamp> - restore a backup into an empty database at DATABASE_URL"

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0) if sys.version_info >= (3, 12) else sys.exit("Praxis needs Python 3.12 or newer, but $(PYTHON) is " + sys.version.split()[0] + ". Install 3.12 (pyenv install 3.12) or run: make PYTHON=/path/to/python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	@# uv, at its locked version, installs the lock in seconds where pip takes a minute.
	$(PY) -m pip install --quiet --disable-pip-version-check "$$(grep -o '^uv==[^ ]*' requirements.lock)"
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	touch $@

# requirements.lock: every package at the version `make install` installs, resolved by uv from
# pyproject.toml (tests/core/test_lockfile.py fails on a pin that is not locked).
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --python-version 3.12 --universal \
		--no-header --annotation-style line --quiet -o requirements.lock.new
	{ sed -n 1,2p requirements.lock; cat requirements.lock.new; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock && rm requirements.lock.new

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
	@# The task worker, the scheduler of periodic tasks (core.scheduling) and the site.
	@trap 'kill 0' EXIT; $(MANAGE) db_worker & $(MANAGE) scheduler & \
		$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/mypy

# Bandit, then semgrep with the rules in semgrep/ (tested on their own cases first); offline.
SEMGREP := $(VENV)/bin/semgrep scan --metrics=off --disable-version-check
security: $(VENV)/.installed
	$(VENV)/bin/bandit -c pyproject.toml -r . -q
	$(SEMGREP) --test --quiet semgrep/
	$(SEMGREP) --config semgrep/ --error --quiet \
		--exclude semgrep --exclude tests --exclude bench --exclude .venv .

check-i18n: $(VENV)/.installed
	@bash bin/check-i18n

check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="$$(head -c 64 /dev/urandom | base64 | tr -d '\n')" \
		$(MANAGE) check --deploy --fail-level WARNING

# The whole suite on SQLite (make run's database), browser journeys included.
test-sqlite: install
	$(PY) -m pytest $(SLOWEST)

# `make test` runs two parts side by side, one per core, of about the same length. The
# PostgreSQL suite (all but the browser journeys) is shared between them: these apps' tests run
# in the second part, the rest in the first.
PG_SECOND_SHARE := tests/assessment tests/faculty tests/placements tests/plans

# On SQLite with Whoosh: the browser journeys, then the tests of what differs from PostgreSQL
# (search, make run's settings and database, the demo's loading; marked `sqlite`); then the
# second share of the PostgreSQL suite.
test-sqlite-part: install
	$(PY) -m pytest -m browser -p no:cacheprovider $(SLOWEST)
	$(PY) -m pytest -m "sqlite and not browser" -p no:cacheprovider $(SLOWEST)
	$(call with_postgres,DATABASE_URL=$(PG_URL)/$(PG_TEST_DATABASE)_b SEARCH_BACKEND=database $(PY) -m pytest -m "not browser" -p no:cacheprovider $(SLOWEST) $(PG_SECOND_SHARE),the PostgreSQL run of $(PG_SECOND_SHARE))

# On PostgreSQL, the production database: the suite but the browser journeys and the second
# share, then the restore drill.
test-postgres-part: install
	$(call with_postgres,DATABASE_URL=$(PG_URL)/$(PG_TEST_DATABASE)_a SEARCH_BACKEND=database $(PY) -m pytest -m "not browser" -p no:cacheprovider $(SLOWEST) $(addprefix --ignore=,$(PG_SECOND_SHARE)),the PostgreSQL run)
	$(MAKE) --no-print-directory restore-drill

# modelsearch's own backend conformance suite against the Whoosh backend, with its own settings.
test-search-conformance: install
	$(PY) -m django test tests.search_conformance --settings=tests.search_conformance.settings -v 1

# Runs $(1) where PostgreSQL answers at 127.0.0.1:5432, starting the local cluster if it is down;
# CI needs it, elsewhere $(2) is skipped with a note.
define with_postgres
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql 2>/dev/null | head -1) main start 2>/dev/null || true; \
		sleep 2; \
	fi
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then $(1); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at 127.0.0.1:5432; CI needs it." >&2; exit 1; \
	else echo "PostgreSQL is not reachable at 127.0.0.1:5432: skipped $(2) (CI runs it)."; fi
endef
PG_TEST_DATABASE := praxis_test_$(shell date +%s)
# Each test run ends with its slowest tests.
SLOWEST := --durations=15

test-postgres: install
	$(call with_postgres,DATABASE_URL=$(PG_URL)/$(PG_TEST_DATABASE) SEARCH_BACKEND=database $(PY) -m pytest -m "not browser" -p no:cacheprovider $(SLOWEST),the PostgreSQL run)

# Line and branch coverage of the suite on PostgreSQL (no threshold yet). Tracing branches
# doubles a run's time on Python 3.12, so CI runs it after `make test`, in two shares side by
# side (tests/core and tests/search, the rest), whose data are then combined.
COVERAGE_RUN := SEARCH_BACKEND=database $(PY) -m coverage run --parallel-mode -m pytest -m "not browser" -p no:cacheprovider -q
coverage: install
	@rm -f .coverage .coverage.*
	$(MAKE) --no-print-directory -j2 --output-sync=target coverage-core coverage-rest
	@if ls .coverage.* > /dev/null 2>&1; then $(PY) -m coverage combine -q && $(PY) -m coverage report; fi

coverage-core: install
	$(call with_postgres,DATABASE_URL=$(PG_URL)/$(PG_TEST_DATABASE)_core $(COVERAGE_RUN) tests/core tests/search,coverage)

coverage-rest: install
	$(call with_postgres,DATABASE_URL=$(PG_URL)/$(PG_TEST_DATABASE)_rest $(COVERAGE_RUN) --ignore=tests/core --ignore=tests/search,coverage)

# The database at DATABASE_URL (PostgreSQL), MEDIA_ROOT and PRIVATE_MEDIA_ROOT; see "Backup and restore" in README.md.
backup: $(VENV)/.installed
	@PYTHON=$(abspath $(PY)) bin/backup

restore: $(VENV)/.installed
	@if [ -z "$(BACKUP)" ]; then echo "Name the backup: make restore BACKUP=backups/<timestamp>" >&2; exit 1; fi
	@PYTHON=$(abspath $(PY)) bin/restore "$(BACKUP)"

# Backs the demo up from a scratch PostgreSQL database and restores it into a fresh one.
restore-drill: install
	$(call with_postgres,PYTHON=$(abspath $(PY)) PG_URL=$(PG_URL) bin/restore-drill,the restore drill)

test: install lint security
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-deploy
	$(MAKE) --no-print-directory check-i18n
	$(MAKE) --no-print-directory test-search-conformance
	@# Two cores: the whole suite on PostgreSQL (then the restore drill) on one, the browser
	@# journeys and what differs on SQLite on the other; each part's output is printed when
	@# it ends, with its slowest tests.
	$(MAKE) --no-print-directory -j2 --output-sync=target test-postgres-part test-sqlite-part

# Every part runs; the bench fails at the end if a part missed one of its targets.
bench: install
	@failed=""; for part in run pdf search enrolment load allocation quality; do \
		$(PY) bench/$$part.py || failed="$$failed $$part"; \
	done; \
	if [ -n "$$failed" ]; then echo "Bench targets missed in:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache bench/.work
