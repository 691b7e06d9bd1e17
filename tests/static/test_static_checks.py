"""The static checks `make test` runs: ruff and mypy, as tests, so that they take one worker's
core while the other worker runs tests (run before pytest, mypy alone held the run 10 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINTED = ("app", "ui", "portal", "tests", "benchmarks")


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    done = _run(str(ruff), "check", *LINTED)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing() -> None:
    done = _run(sys.executable, "-m", "mypy")  # pyproject.toml names the files and options
    assert done.returncode == 0, done.stdout + done.stderr
