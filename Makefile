# The Enhanced Health in Care Homes Learning Network. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
FRONTEND := site/frontend
BUILD := site/ehch/static/ehch/build

.PHONY: help install assets browser migrate load-demo run test bench lint format clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@echo "==> Installing Python packages into $(VENV)"
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)"; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the project with its test tools

$(FRONTEND)/node_modules/.package-lock.json: $(FRONTEND)/package-lock.json
	@echo "==> Installing front-end packages"
	@command -v npm >/dev/null || { echo "npm is needed to build the front end (apt-get install nodejs npm)"; exit 1; }
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error

assets: $(FRONTEND)/node_modules/.package-lock.json ## Build the CSS and JavaScript from nhsuk-frontend
	@echo "==> Building front-end assets"
	cd $(FRONTEND) && npm run --silent build

migrate: install ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(PY) manage.py migrate --no-input

load-demo: migrate ## Load the demo content (safe to repeat)
	$(PY) manage.py load_demo

run: install assets load-demo ## Install, build, migrate, load the demo and serve http://127.0.0.1:8000
	@echo "==> Serving on http://127.0.0.1:$(PORT) (Ctrl+C stops)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

browser: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || { echo "==> Installing Debian's chromium for the browser tests"; \
		(apt-get update && apt-get install -y chromium) \
		|| { echo "ERROR: could not install chromium; the browser tests need it (apt-get install chromium, as root)"; exit 1; }; }

test: install assets browser ## Start throwaway PostgreSQL and Elasticsearch, run every test, stop them
	scripts/services/with-services.sh $(PY) -m pytest $(PYTEST_ARGS)

$(VENV)/.installed-bench: $(VENV)/.installed
	@echo "==> Installing the benchmark tools (locust) into $(VENV)"
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $@

# Own state folders, so a benchmark and `make test` can run side by side.
bench: $(VENV)/.installed-bench assets ## Load and search benchmark (gunicorn + locust, ~12 min); tables in bench-results/
	PG_STATE_DIR=$(CURDIR)/.cache/services/bench-postgres \
	ES_STATE_DIR=$(CURDIR)/.cache/services/bench-elasticsearch \
	scripts/services/with-services.sh scripts/bench/run.sh

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove the virtualenv, built assets and local data
	rm -rf $(VENV) $(FRONTEND)/node_modules $(BUILD) var .cache/services
