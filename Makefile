# The README's two commands: `make run` starts IAM Desk, `make test` runs every test.
# Both do all the set-up on a fresh Debian machine: system packages, the venv, Python packages.

PYTHON ?= python3

# Python writes a module's bytecode cache when it first imports it, and every later process (each
# iamctl, server and test worker) reads it instead of compiling the module again. Where the
# environment sets PYTHONDONTWRITEBYTECODE (this machine's does), every process compiles
# SQLAlchemy and the rest anew: `iamctl user list` took 1.3 s so, 0.5 s with the caches.
unexport PYTHONDONTWRITEBYTECODE

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SYSTEM_STAMP := $(VENV)/.system-stamp

# Qt's xcb platform plugin libraries (for `make run` on a desktop) and what the tests use:
# a PostgreSQL server, Debian's oathtool (an independent TOTP), Xvfb for screenshots, and
# chromium, the real browser the portal tests drive through playwright.
RUN_PACKAGES := libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 \
	libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-noto-cjk
# `make package` (packaging/build.sh): PyInstaller resolves the Qt plugins' libraries against
# the run libraries (GLib among them), binutils strips the .deb's ELF files, lintian checks the result.
# The packaging tests also compile the Windows installer script with Debian's makensis (nsis).
PACKAGE_PACKAGES := $(filter-out fonts-%,$(RUN_PACKAGES)) binutils lintian
TEST_PACKAGES := $(sort $(RUN_PACKAGES) postgresql oathtool xvfb chromium $(PACKAGE_PACKAGES) nsis)

# Both cores (one pytest-xdist worker per core, each with its own PostgreSQL server and offscreen
# Qt); the 25 slowest steps are listed. Whole files go to a worker (--dist loadfile), so a
# module's fixtures are made once: the .deb is built once, by one worker, while the other runs
# the rest (xdist_group/loadgroup grouped nothing under pytest 9: both workers built at once).
# Files go out in collection order, which tests/conftest.py starts with the longest files
# (--no-loadscope-reorder; xdist would order them by their number of tests).
# A worker that crashes ends the run (--max-worker-restart=0): xdist 3.8 re-queues a crashed
# worker's whole file under loadfile and can then wait for ever (pytest-xdist #1323/#1327).
PYTEST_OPTS ?= -n auto --dist loadfile --no-loadscope-reorder --max-worker-restart=0 --durations=25

.PHONY: run portal test test-fast lint system-deps system-deps-run clean benchmark package system-deps-package \
	build-venv

run: system-deps-run $(STAMP)
	$(BIN)/iamdesk

# The user portal (iamdesk-portal) on the same store as `make run`: it reads the same
# IAMDESK_HOME, IAMDESK_DATABASE_URL and IAMDESK_KEY_FILE (as set in this shell, or their
# defaults). Make the store first (`make run`'s wizard or `iamctl init`). Browsers allow security
# keys on http://localhost only, so open it there, not on 127.0.0.1.
PORTAL_HOST ?= 127.0.0.1
PORTAL_PORT ?= 8080
PORTAL_ARGS ?=
portal: $(STAMP)
	@echo "make portal: open http://localhost:$(PORTAL_PORT)/ (emailed links and the console's login link use it after: $(BIN)/iamctl portal set --url http://localhost:$(PORTAL_PORT))"
	$(BIN)/iamdesk-portal --host $(PORTAL_HOST) --port $(PORTAL_PORT) $(PORTAL_ARGS)

# ruff and mypy run inside pytest (tests/static), beside the other tests.
# The packaging tests' build venv (packaging/build.sh venv) is made beside the test venv, one on
# each core: pip keeps one core busy, and the .deb's build then starts with PyInstaller.
# Tests marked `alone` compare wall times (a known and an unknown name's sign-in): they run
# after the rest, one at a time, so no other worker's hashing or browser sits beside them.
test: system-deps
	$(MAKE) --no-print-directory -j2 $(STAMP) build-venv
	IAMDESK_REQUIRE_ALL=1 $(BIN)/pytest $(PYTEST_OPTS) -m "not alone"
	IAMDESK_REQUIRE_ALL=1 $(BIN)/pytest -m alone --durations=5

build-venv:
	PYTHON=$(PYTHON) bash packaging/build.sh venv

# The edit-test loop: everything but the soak and kill loops (`make test` runs those too).
test-fast: $(STAMP)
	IAMDESK_REQUIRE_ALL=1 $(BIN)/pytest $(PYTEST_OPTS) -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check app ui portal tests benchmarks
	$(BIN)/ruff format --check app ui portal tests benchmarks

benchmark: system-deps $(STAMP)
	$(BIN)/python benchmarks/users_paging.py

# --no-compile: Python compiles a module when it is first imported, so only what runs is
# compiled (compiling all of site-packages at install took 21 of this step's 52 s).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -e '.[test]'
	touch $(STAMP)

system-deps:
	@sh packaging/linux/install-system-packages.sh $(TEST_PACKAGES)

system-deps-run:
	@sh packaging/linux/install-system-packages.sh $(RUN_PACKAGES)

# The installers this machine can build: the .deb (dist/iamdesk_<version>_<arch>.deb), then a
# compile check of the Windows installer script when makensis is there (the real Windows
# installer is built on Windows: docs/INSTALLERS.md).
package: system-deps-package
	PYTHON=$(PYTHON) bash packaging/build.sh deb
	@if command -v makensis >/dev/null 2>&1; then bash packaging/build.sh nsis-check; \
	else echo "make package: makensis (apt-get install nsis) is missing: skipped the NSIS check"; fi

system-deps-package:
	@sh packaging/linux/install-system-packages.sh $(PACKAGE_PACKAGES)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
