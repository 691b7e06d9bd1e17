"""How times and counts read on screen."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time(moment: datetime | None, never: str = "—") -> str:
    """A stored UTC time in the workstation's time zone, to the minute."""
    if moment is None:
        return never
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def csv_cell(value: object) -> str:
    """A value safe to put in a CSV a spreadsheet opens (no formula injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
