"""Packaging tests: under pytest-xdist (`--dist loadgroup`) each module stays on one worker,
so the .deb is built once (test_deb.py's module fixture), not once per worker."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGING_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if path.parent == PACKAGING_DIR:
            item.add_marker(pytest.mark.xdist_group(f"packaging-{path.stem}"))
