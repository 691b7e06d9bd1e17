# The README's two commands: `make run` starts IAM Desk, `make test` runs every test.
# Both do all the set-up on a fresh Debian machine: system packages, the venv, Python packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SYSTEM_STAMP := $(VENV)/.system-stamp

# Qt's xcb platform plugin libraries (for `make run` on a desktop) and what the tests use:
# a PostgreSQL server, Debian's oathtool (an independent TOTP), Xvfb for screenshots.
RUN_PACKAGES := libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 \
	libgl1 libfontconfig1 libdbus-1-3 fonts-noto-cjk
TEST_PACKAGES := $(RUN_PACKAGES) postgresql oathtool xvfb

.PHONY: run test lint system-deps system-deps-run clean benchmark

run: system-deps-run $(STAMP)
	$(BIN)/iamdesk

test: system-deps $(STAMP)
	$(BIN)/ruff check app ui tests benchmarks
	IAMDESK_REQUIRE_ALL=1 $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check app ui tests benchmarks
	$(BIN)/ruff format --check app ui tests benchmarks

benchmark: system-deps $(STAMP)
	$(BIN)/python benchmarks/users_paging.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	@sh packaging/linux/install-system-packages.sh $(TEST_PACKAGES)

system-deps-run:
	@sh packaging/linux/install-system-packages.sh $(RUN_PACKAGES)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
