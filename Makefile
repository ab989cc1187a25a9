# TradeWindow: `make run` serves the app on embedded defaults, `make test` runs everything
# against real services it starts and stops itself, `make bench` measures speed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
export FLASK_APP := wsgi
SERVICES_DIR := $(CURDIR)/.services
I18N := i18n/translations
PYBABEL := $(VENV)/bin/pybabel

.PHONY: run test lint bench venv dev-deps translations-extract translations-update translations-compile demo clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-deps: $(VENV)/.installed-dev

translations-compile: venv
	$(PYBABEL) compile -d $(I18N) --statistics 2>&1 | grep -v "^compiling" || true

translations-extract: venv
	$(PYBABEL) extract -F i18n/babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -o i18n/messages.pot --no-location --sort-output core marketplace govportal i18n search

translations-update: translations-extract
	$(PYBABEL) update -i i18n/messages.pot -d $(I18N) --no-fuzzy-matching --ignore-obsolete

# Without root the font cannot be installed: the app runs anyway, and the credit report PDF
# answers 503 until it is.
run: venv translations-compile
	bash scripts/ensure-debian-packages.sh run || echo "make run: continuing without fonts-wqy-microhei"
	PORT=$(PORT) bash scripts/run.sh

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --no-cache

test: dev-deps translations-compile
	bash scripts/ensure-debian-packages.sh test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --no-cache
	bash scripts/test.sh $(SERVICES_DIR) $(PYTEST_ARGS)

bench: dev-deps translations-compile
	bash scripts/ensure-debian-packages.sh bench
	$(PY) bench/run.py

clean:
	rm -rf $(SERVICES_DIR) bench/out .pytest_cache
