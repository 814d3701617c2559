# The two commands a new user needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt requirements.txt | cksum | cut -d' ' -f1)
TRANSLATIONS := marketplace/translations
export FLASK_APP := wsgi.py

.PHONY: run test lint install translations messages lock card-locally

run: install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# `make run` with card payments through localstripe, a fake Stripe (README: Try a card payment locally).
card-locally: install translations
	$(BIN)/python scripts/card_locally.py

test: install translations node_modules/.package-lock.json
	$(BIN)/pytest $(PYTEST_ARGS)

# axe-core for the browser tests, pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Compiled catalogues are built here, never committed.
translations: install
	$(BIN)/pybabel compile -d $(TRANSLATIONS)

# After adding UI strings: extract them, merge into both catalogues, then translate the new entries.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching

# Re-pin after editing requirements*.in: the newest releases that fit, each with the hashes of its
# files (pip-tools), so an install gets exactly the files that were locked (`--require-hashes`).
LOCK_OPTIONS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	rm -rf /tmp/marketplace-lock && $(PYTHON) -m venv /tmp/marketplace-lock
	/tmp/marketplace-lock/bin/pip install --quiet pip-tools
	/tmp/marketplace-lock/bin/pip-compile $(LOCK_OPTIONS) --upgrade -o requirements.txt requirements.in
	/tmp/marketplace-lock/bin/pip-compile $(LOCK_OPTIONS) --upgrade -c requirements.txt -o requirements-dev.txt requirements-dev.in
