"""Dump every table of a store (rows sorted) to compare its content before and after a call."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, select

Dump = dict[str, list[tuple[Any, ...]]]


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _order(row: tuple[Any, ...]) -> tuple[tuple[bool, str, str], ...]:
    # Rows mix None, numbers, text, bytes and datetimes: order them by type name and text.
    return tuple((v is None, type(v).__name__, repr(v)) for v in row)


def dump(store: str | Engine) -> Dump:
    """Every table's rows, sorted, found by reflection (works on SQLite and PostgreSQL).

    ``store`` is a database URL, or an engine to reuse across many dumps.
    """
    engine = create_engine(store) if isinstance(store, str) else store
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        result: Dump = {}
        with engine.connect() as connection:
            for name, table in sorted(metadata.tables.items()):
                rows = connection.execute(select(table)).all()
                result[name] = sorted((tuple(_plain(v) for v in row) for row in rows), key=_order)
        return result
    finally:
        if isinstance(store, str):
            engine.dispose()


def differences(before: Dump, after: Dump) -> list[str]:
    """What changed, one line per table (empty when nothing did)."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        if old != new:
            added = [r for r in new if r not in old]
            removed = [r for r in old if r not in new]
            lines.append(f"{name}: {len(added)} row(s) added or changed, {len(removed)} gone")
    return lines
