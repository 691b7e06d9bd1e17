"""How `iamctl` prints: JSON for scripts (UTC times with "Z"), short aligned columns for people."""

from __future__ import annotations

import dataclasses
import enum
import json
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

# Characters a terminal may act on instead of showing: C0/C1 controls (ESC starts escape
# sequences, CR overwrites a line), lone surrogates, line separators, and the bidirectional
# controls that reorder what is shown.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Zl", "Zp"})
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")  # fmt: skip


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would act on (but newline and tab) shown as a
    ``\\uXXXX`` escape, which is also a valid escape inside a JSON string."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        f"\\u{ord(c):04x}"
        if c not in "\n\t"
        and (unicodedata.category(c) in _UNSAFE_CATEGORIES or c in _BIDI_CONTROLS)
        else c
        for c in text
    )


class TerminalSafeWriter:
    """A text stream that passes everything written to it through ``terminal_safe``.

    Args:
        stream: the stream written to (stdout, stderr).
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty ... as the stream has
        return getattr(self._stream, name)


def iso(moment: datetime | None) -> str | None:
    """ISO-8601 in UTC with a "Z" (2026-01-01T09:30:00.123456Z), or None."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def short_time(moment: datetime | None) -> str:
    """A UTC time for a table cell: 2026-01-01 09:30Z."""
    if moment is None:
        return "-"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ")


def jsonable(value: Any) -> Any:
    """Records, enums and datetimes as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def print_json(out: TextIO, value: Any) -> None:
    out.write(json.dumps(jsonable(value), ensure_ascii=False, indent=2) + "\n")


def cell(value: Any) -> str:
    """One table cell: '-' for nothing, yes/no for flags, short UTC times."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return short_time(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return " ".join(str(value).split())  # one line per row, whatever the data holds


def print_table(out: TextIO, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Aligned columns with a header row; nothing but the header when there are no rows."""
    text = [[h.upper() for h in headers]] + [[cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in text) for i in range(len(headers))]
    for row in text:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def print_fields(out: TextIO, pairs: Sequence[tuple[str, Any]]) -> None:
    """``label: value`` lines with the values aligned."""
    width = max((len(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        out.write(f"{(label + ':').ljust(width + 1)} {cell(value)}\n")
