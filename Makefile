# The Enhanced Health in Care Homes Learning Network. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
FRONTEND := site/frontend
BUILD := site/ehch/static/ehch/build

.PHONY: help install assets browser redis haproxy migrate load-demo run test bench cluster-drill lock lint format clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  %-12s %s\n", $$1, $$2}'

# Exact versions with hashes from requirements/*.txt (`make lock` writes them);
# pyproject.toml keeps the ranges for people who depend on the package.
# --no-build-isolation: a source-only package builds with the locked tools.
PIP_LOCKED := $(PY) -m pip install --quiet --require-hashes --no-deps --no-build-isolation
LOCKS := requirements/build.txt requirements/production.txt requirements/test.txt requirements/bench.txt
UV_VERSION := 0.13.8
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"

$(VENV)/.installed: pyproject.toml requirements/build.txt requirements/test.txt
	@echo "==> Installing the locked Python packages into $(VENV)"
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)"; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PIP_LOCKED) -r requirements/build.txt
	$(PIP_LOCKED) -r requirements/test.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the project with its test tools

$(FRONTEND)/node_modules/.package-lock.json: $(FRONTEND)/package-lock.json
	@echo "==> Installing front-end packages"
	@command -v npm >/dev/null || { echo "npm is needed to build the front end (apt-get install nodejs npm)"; exit 1; }
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error

assets: $(FRONTEND)/node_modules/.package-lock.json ## Build the CSS and JavaScript from nhsuk-frontend
	@echo "==> Building front-end assets"
	cd $(FRONTEND) && npm run --silent build

# The demo's one site address follows PORT (cms/site_address.py), unless set.
migrate load-demo run: export SITE_URL ?= http://127.0.0.1:$(PORT)

migrate: install ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(PY) manage.py migrate --no-input

load-demo: migrate ## Load the demo content (safe to repeat)
	$(PY) manage.py load_demo

run: install assets load-demo ## Install, build, migrate, load the demo and serve http://127.0.0.1:8000
	$(PY) manage.py demo_accounts
	@echo "==> Serving on http://127.0.0.1:$(PORT) (Ctrl+C stops)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

browser: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || { echo "==> Installing Debian's chromium for the browser tests"; \
		(apt-get update && apt-get install -y chromium) \
		|| { echo "ERROR: could not install chromium; the browser tests need it (apt-get install chromium, as root)"; exit 1; }; }

redis: ## Install Debian's redis-server for the tests when it is missing
	@command -v redis-server >/dev/null || { echo "==> Installing Debian's redis-server for the tests"; \
		(apt-get update && apt-get install -y redis-server) \
		|| { echo "ERROR: could not install redis-server; the tests need it (apt-get install redis-server, as root)"; exit 1; }; }

haproxy: ## Install Debian's haproxy (the tests check deploy/haproxy; the drill runs it)
	@command -v haproxy >/dev/null || { echo "==> Installing Debian's haproxy"; \
		(apt-get update && apt-get install -y haproxy) \
		|| { echo "ERROR: could not install haproxy; the tests need it (apt-get install haproxy, as root)"; exit 1; }; }

test: install assets browser redis haproxy ## Start throwaway PostgreSQL, Elasticsearch and Redis, run every test, stop them
	PY=$(PY) scripts/services/with-services.sh scripts/test/run.sh $(PYTEST_ARGS)

$(VENV)/.installed-bench: $(VENV)/.installed requirements/bench.txt
	@echo "==> Installing the locked benchmark tools (locust) into $(VENV)"
	$(PIP_LOCKED) -r requirements/bench.txt
	@touch $@

# Own state folders, so a benchmark and `make test` can run side by side.
bench: $(VENV)/.installed-bench assets redis ## Load and search benchmark (gunicorn + locust, ~12 min); tables in bench-results/
	PG_STATE_DIR=$(CURDIR)/.cache/services/bench-postgres \
	ES_STATE_DIR=$(CURDIR)/.cache/services/bench-elasticsearch \
	REDIS_STATE_DIR=$(CURDIR)/.cache/services/bench-redis \
	WITH_KEYCLOAK=no scripts/services/with-services.sh scripts/bench/run.sh

# Not part of `make test`: its own services in .cache/drill, ~10 minutes.
cluster-drill: $(VENV)/.installed-bench assets redis haproxy ## Cluster drill: 2 app servers, 3 ES nodes, Redis, HAProxy under load, with failures; bench-results/cluster-drill.md
	scripts/drill/run.sh

# `make lock` keeps every pin it can and adds what pyproject.toml newly asks
# for; `make lock UPGRADE=1` moves everything to the newest allowed versions.
LOCK_UPGRADE := $(if $(UPGRADE),--upgrade,)

lock: ## Rewrite requirements/*.txt from pyproject.toml, keeping pins (UPGRADE=1: newest allowed)
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	@# The largest set first; the others are held to its versions, so every lock agrees.
	$(UV_COMPILE) $(LOCK_UPGRADE) pyproject.toml --extra test --extra bench -o requirements/bench.txt
	$(UV_COMPILE) pyproject.toml --extra test -c requirements/bench.txt -o requirements/test.txt
	$(UV_COMPILE) pyproject.toml -c requirements/bench.txt -o requirements/production.txt
	$(UV_COMPILE) $(LOCK_UPGRADE) requirements/build.in -c requirements/bench.txt -o requirements/build.txt
	@echo "==> Locks rewritten. Review 'git diff requirements/', run make test, commit."

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove the virtualenv, built assets and local data
	rm -rf $(VENV) $(FRONTEND)/node_modules $(BUILD) var .cache/services
