# 人事业绩填报与审核平台
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export FLASK_APP := app:create_app

.PHONY: install run test test-embedded bench lint clean

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

install: $(VENV)/.installed

## make run: install, migrate, deploy definitions, seed the demo organisation, serve on 127.0.0.1:5000
## (EMBEDDED=1: the session key is generated once into instance/secret_key)
run: export EMBEDDED := 1
run: install
	$(PY) -m flask db upgrade
	$(PY) -m flask definitions deploy
	$(PY) -m flask seed-demo
	@echo ""
	@echo "  人事业绩填报与审核平台: http://127.0.0.1:5000/   API docs: http://127.0.0.1:5000/api/v1/docs"
	@echo "  demo accounts (password: demo-password):"
	@$(PY) -m flask demo-accounts
	@echo ""
	$(PY) -m flask run --host 127.0.0.1 --port 5000

## make test: install, lint, then the whole suite (PostgreSQL/Redis when reachable, SQLite otherwise)
test: install lint
	$(PY) -m pytest -q

## make lint: ruff and mypy (pyproject.toml), the import contracts (.importlinter; docs/architecture.md)
lint: install
	$(VENV)/bin/ruff check app tests bench config.py celery_worker.py
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

## make test-embedded: the Python suite on the embedded default on purpose (SQLite, in-process Celery),
## whatever is reachable; CI's second run (.ci/run)
test-embedded: install
	TEST_EMBEDDED=1 $(PY) -m pytest -q

bench: install
	$(PY) bench/lifecycle.py

clean:
	rm -rf $(VENV) instance .pytest_cache
