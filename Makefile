# Clusters meet Regions: `make run` to try the site, `make test` for the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
# Development defaults for `make run`; the environment wins (see README, "Configuration").
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
# The suite runs on this many processes, each with its own test database (pytest-xdist): one
# more than the 2 cores of the machine it is timed on: tests waiting on a browser, a server or a
# worker leave a core idle.
TEST_WORKERS ?= 3
# Tests run with production settings (DEBUG off) over plain HTTP.
# The development .env of `make run` is not read (DJANGO_ENV_FILE empty).
TEST_ENV := DJANGO_ENV_FILE= DJANGO_DEBUG=false DJANGO_SECRET_KEY=test-only-secret-key-not-for-production \
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1

# `make run` serves on this port; SITE_URL (the links in emails) follows it unless set.
PORT ?= 8000
export PORT

.PHONY: run serve bench test lint format static messages messages-update venv node clean help \
	system-packages system-packages-bench

help:
	@echo "make run    set up .venv, migrate, load the Milan 2024 edition, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   lint, migrations check and the full test suite against PostgreSQL"

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12+ is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --group dev -e .
	touch $@

venv: $(BIN)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

# Chromium, Java, Node, gettext, PostgreSQL and Redis for the tests: installed when run as root,
# otherwise the exact list to install.
system-packages:
	@scripts/system-packages test

system-packages-bench:
	@scripts/system-packages bench

static: venv
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

# Compiled catalogues (.mo) are built, not committed; this needs GNU gettext's msgfmt.
messages: venv
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (Debian: apt-get install gettext)"; exit 1; }
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

run: venv .env static messages
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_seed_edition
	@echo ""
	@echo "  The site:  http://127.0.0.1:$(PORT)/  (the Milan 2024 edition: /milano-2024/)"
	@echo "  The admin: http://127.0.0.1:$(PORT)/admin/  (create a login first: $(BIN)/python manage.py createsuperuser)"
	@echo ""
	@# The email worker runs beside the development server and stops with it.
	$(RUN_ENV) $(BIN)/python manage.py db_worker --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Local settings for this checkout, so that every `manage.py` command works after `make run`
# without exporting anything; the environment wins over it (see README, "Configuration").
ENV_FILE ?= .env
$(ENV_FILE):
	printf '# Written by make run: development settings for this checkout.\nDJANGO_DEBUG=true\n' > $@

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Lighthouse audits beside the suite, which runs at a lower priority so that the audited pages
# and Chromium keep the processor (the suite's processes leave it idle at times).
test: system-packages venv node messages lint
	$(TEST_ENV) $(BIN)/python scripts/with_postgres.py -- bash -c '\
		set -e; \
		$(BIN)/python manage.py makemigrations --check --dry-run; \
		$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
		log=$$(mktemp); $(BIN)/python scripts/lighthouse.py > $$log 2>&1 & lighthouse=$$!; \
		tests=0; nice -n 10 $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile \
			--durations=25 $(PYTEST_ARGS) || tests=$$?; \
		audits=0; wait $$lighthouse || audits=$$?; cat $$log; rm -f $$log; \
		test $$tests = 0 && test $$audits = 0'

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache .ruff_cache

# After changing interface text: update the catalogues, then translate what is new.
messages-update: venv
	$(RUN_ENV) $(BIN)/python manage.py makemessages --all --no-location --ignore=.venv \
		--ignore=node_modules --ignore=staticfiles --ignore=tests

# Load test of the production-like server (gunicorn, DEBUG off, PostgreSQL, Redis when running).
bench: system-packages-bench venv static messages
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/python scripts/bench.py

# The site as production runs it (gunicorn, DEBUG off, whitenoise), on http://127.0.0.1:$(PORT).
serve: venv static messages
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-false} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	sh -c '$(BIN)/python manage.py migrate --noinput && $(BIN)/python manage.py load_seed_edition && \
	       $(BIN)/gunicorn --config gunicorn.conf.py'
