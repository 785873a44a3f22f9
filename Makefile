# VitalsDesk: the two commands are `make run` and `make test` (README.md).
# Both start from a fresh Debian 12 / Ubuntu 22.04+ machine: they install the missing system
# packages, create .venv and install the project into it, then run.

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
# pip runs again only when pyproject.toml is newer than these stamps.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
BUNDLE_STAMP := $(VENV)/.installed-bundle
# Where `make bundle` installs the project (not editable) for PyInstaller, and puts the bundle.
BUNDLE_BUILD ?= build/bundle
BUNDLE_SITE := $(BUNDLE_BUILD)/site
BUNDLE_DIST ?= dist
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test venv system-deps system-deps-test clean screenshots compile-ui lint bundle

help:
	@echo "make run          install what is missing, then start VitalsDesk"
	@echo "make test         install what is missing, then run the tests (PYTEST_ARGS='-m \"not gui\"')"
	@echo "make venv         create .venv and install the project with its test extras"
	@echo "make system-deps  install the missing Debian/Ubuntu packages the app needs"
	@echo "make bundle       build the self-contained app in dist/vitalsdesk/ (PyInstaller; docs/deploy.md)"
	@echo "make screenshots  save PNGs of the main window to docs/screenshots/ (under Xvfb)"
	@echo "make compile-ui   regenerate vitalsdesk/gui/forms/ from ui/*.ui"
	@echo "make lint         ruff check, ruff format --check, mypy (make test runs it first)"
	@echo "make clean        remove .venv, build output and caches"

run: system-deps $(RUN_STAMP)
	$(VENV)/bin/vitalsdesk

# Lint first (ruff takes seconds, mypy a minute without its cache), then the suite with coverage; the floor is in pyproject.toml.
test: system-deps-test $(TEST_STAMP) lint
	QT_QPA_PLATFORM=offscreen $(VENV_PYTHON) -m pytest -n auto --dist worksteal --cov --cov-report=term $(PYTEST_ARGS)

venv: $(TEST_STAMP)

system-deps:
	scripts/system-deps.sh runtime

system-deps-test:
	scripts/system-deps.sh test

# Created once (python3-venv comes from system-deps). An existing .venv is kept as it is.
$(VENV_PYTHON): | system-deps
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	    echo "VitalsDesk needs Python 3.11 or newer; '$(PYTHON)' is" \
	        "$$($(PYTHON) --version 2>&1 || echo 'not installed')." >&2; \
	    echo "Install python3.11 (and python3.11-venv) and run: make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; \
	    exit 1; }
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV_PYTHON)
	$(VENV_PYTHON) -m pip install -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV_PYTHON)
	$(VENV_PYTHON) -m pip install -e '.[test]'
	touch $@

$(BUNDLE_STAMP): pyproject.toml | $(VENV_PYTHON)
	$(VENV_PYTHON) -m pip install -e '.[bundle]'
	touch $@

# A plain install of the project (what the wheel holds, laid out as installed) is what PyInstaller
# reads; build/lib goes first so a module deleted from the checkout cannot linger in it.
bundle: system-deps $(BUNDLE_STAMP)
	rm -rf build/lib $(BUNDLE_SITE)
	$(VENV_PYTHON) -m pip install --quiet --no-deps --no-build-isolation --target $(BUNDLE_SITE) .
	VITALSDESK_BUNDLE_SITE=$(BUNDLE_SITE) $(VENV)/bin/pyinstaller --noconfirm --log-level WARN \
	    --workpath $(BUNDLE_BUILD)/work --distpath $(BUNDLE_DIST) packaging/vitalsdesk.spec
	@du -sh $(BUNDLE_DIST)/vitalsdesk

screenshots: system-deps-test $(RUN_STAMP)
	scripts/screenshots.sh

compile-ui: $(RUN_STAMP)
	scripts/compile-ui.sh

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy  # what it checks, and how strictly: [tool.mypy] in pyproject.toml

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
