"""Packaging tests: under pytest-xdist (`--dist loadgroup`) they all run on one worker, so the
.deb is built once (test_deb.py's module fixture) and no two builds share build/ at once."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGING_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).resolve().parent == PACKAGING_DIR:
            item.add_marker(pytest.mark.xdist_group("packaging"))
