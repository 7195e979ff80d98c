# 人事业绩填报与审核平台
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 5000
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := app:create_app
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# npm writes node_modules/.package-lock.json on every install: older than the lock means stale
NODE_STAMP := web/node_modules/.package-lock.json
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts \
	$(wildcard web/tsconfig*.json) web/package-lock.json

.PHONY: install web-install web-build chromium run serve test test-py test-web test-e2e test-embedded lint bench clean

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

install: $(VENV)/.installed

$(NODE_STAMP): web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web-install: $(NODE_STAMP)

web/dist/index.html: $(WEB_SOURCES) | $(NODE_STAMP)
	cd web && npm run build
	touch $@

web-build: web/dist/index.html

# Debian's Chromium for the browser suite, and a CJK font so its screenshots show the Chinese pages
chromium:
	@{ test -x $(CHROMIUM) && dpkg -s fonts-wqy-microhei >/dev/null 2>&1; } || \
		{ $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-wqy-microhei; }

## make run [PORT=5000] [HOST=127.0.0.1]: install, build the web app, migrate, deploy definitions,
## seed the demo (organisation and records), serve (EMBEDDED=1: the session key is generated once into
## instance/secret_key)
run: export EMBEDDED := 1
run:
	@$(PYTHON) scripts/port_free.py $(HOST) $(PORT)
	$(MAKE) --no-print-directory install web-build
	$(PY) -m flask db upgrade
	$(PY) -m flask definitions deploy
	$(PY) -m flask seed-demo
	@echo ""
	@echo "  人事业绩填报与审核平台: http://$(HOST):$(PORT)/   API docs: http://$(HOST):$(PORT)/api/v1/docs"
	@echo "  demo accounts (password: demo-password):"
	@$(PY) -m flask demo-accounts
	@echo ""
	$(PY) -m flask run --host $(HOST) --port $(PORT)

## make serve: the production web server (gunicorn, gthread workers = cores, keep-alive; gunicorn.conf.py)
## on the configured DATABASE_URL / REDIS_URL / SECRET_KEY; migrates and deploys the definitions first
serve:
	$(MAKE) --no-print-directory install web-build
	$(PY) -m flask db upgrade
	$(PY) -m flask definitions deploy
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

## make test: install everything, lint, then pytest (PostgreSQL/Redis when reachable, SQLite otherwise),
## Vitest, and the Playwright suite in Debian's Chromium
test: lint test-py test-web test-e2e

test-py: install
	$(PY) -m pytest -q

## make lint: ruff and mypy (pyproject.toml), the import contracts (.importlinter; docs/architecture.md),
## and the web app's type check
lint: install web-install
	$(VENV)/bin/ruff check app tests bench config.py celery_worker.py gunicorn.conf.py
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	cd web && npx tsc -b

## make test-embedded: the Python suite on the embedded default on purpose (SQLite, in-process Celery),
## whatever is reachable; CI's second run (.ci/run)
test-embedded: install
	TEST_EMBEDDED=1 $(PY) -m pytest -q

test-web: web-install
	cd web && npx vitest run

test-e2e: install web-install chromium web-build
	cd web && npx playwright test

bench: install
	$(PY) bench/lifecycle.py

clean:
	rm -rf $(VENV) instance .pytest_cache web/dist web/test-results web/playwright-report
