# Smeaton: `make demo` serves the demonstration, `make test` runs every test.
# Both install what they need first: Python packages into .venv from uv.lock,
# npm packages from package-lock.json, and the built stylesheet and scripts.

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
STATIC := src/smeaton/web/static/smeaton/dist
ASSETS := src/smeaton/web/assets
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test test-fast test-browser test-postgres install system-packages lint lock clean

demo: install
	scripts/system-packages demo
	$(BIN)/smeaton demo

# The tests that need no browser run in WORKERS processes at once (pytest-xdist; one a
# core), a whole test file to each (its module fixtures, such as the demo prepared once
# for tests/test_cli.py, made once). The browser tests drive one chromium, one at a time.
WORKERS ?= 2
PARALLEL := -n $(WORKERS) --dist loadfile
# On PostgreSQL, every web test but those of the demo's content (test_demo.py): the demo
# runs on SQLite, where they run.
POSTGRES_TESTS := tests/web --ignore-glob="*/test_demo.py"

test: install system-packages lint
	$(BIN)/pytest -m "not browser" $(PARALLEL)
	scripts/with-postgres $(BIN)/pytest -m "not browser" $(PARALLEL) $(POSTGRES_TESTS)
	$(BIN)/pytest -m browser

test-fast: install
	$(BIN)/pytest -m "not browser" $(PARALLEL) -x -q

test-browser: install system-packages
	$(BIN)/pytest -m browser

test-postgres: install system-packages
	scripts/with-postgres $(BIN)/pytest -m "not browser" $(PARALLEL) $(POSTGRES_TESTS)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports --no-cache

install: $(VENV)/.synced node_modules/.installed $(STATIC)/smeaton.css $(STATIC)/smeaton.mjs

# Debian packages: Pango for writing reports as PDF (the demo and the tests), chromium
# for the browser tests, PostgreSQL for the database tests. Installed only where missing.
system-packages:
	scripts/system-packages

$(VENV)/.synced: pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	# Bytecode compiled at install: the smeaton command starts in a second, not five.
	$(BIN)/uv sync --frozen --quiet --compile-bytecode
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STATIC)/smeaton.css: $(wildcard $(ASSETS)/*.scss) node_modules/.installed
	mkdir -p $(STATIC)
	node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
		--load-path=node_modules $(ASSETS)/smeaton.scss $@

$(STATIC)/smeaton.mjs: $(ASSETS)/smeaton.mjs node_modules/.installed
	mkdir -p $(STATIC)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC)/
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC)/
	cp $(ASSETS)/smeaton.mjs $@

# Refresh uv.lock after changing pyproject.toml.
lock:
	$(BIN)/uv lock

clean:
	rm -rf $(VENV) node_modules $(STATIC) var .pytest_cache
