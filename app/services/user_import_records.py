"""What a CSV import of IAM users reports: its stages, its bad lines, its preview and result,
and the refusals that end it without writing anything (app/services/user_import.py runs it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.errors import IamDeskError, PreconditionError, ValidationError
from app.messages import render


@dataclass(frozen=True)
class RowError:
    """One refused row: ``line`` is the CSV line number (the header is line 1), ``field`` the
    column (or ``row``); ``message`` is the English sentence of the catalogue's ``code`` with
    ``params``, which a front end may say in its own language (``code`` None: a plain
    sentence from outside the catalogue)."""

    line: int
    field: str
    message: str
    code: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, line: int, field: str, code: str, **params: Any) -> RowError:
        """The row error for the catalogue's ``code``."""
        return cls(line, field, render(code, {"field": field, **params}), code, params)

    @classmethod
    def refused(cls, line: int, refusal: IamDeskError) -> RowError:
        """The row error for a refusal raised while checking the row (its traceback is not
        kept: it holds the import's rows)."""
        code = refusal.code if refusal.from_catalogue else None
        return cls(line, refusal.field or ROW, refusal.message, code, dict(refusal.params))

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


ROW = "row"  # a RowError's field when the whole line is wrong


class ImportRejectedError(ValidationError):
    """The file has bad rows; nothing was imported. ``errors`` lists them (up to 1,000)."""

    def __init__(self, errors: list[RowError], total_bad: int) -> None:
        super().__init__(code="import.rejected", field="file", first=str(errors[0]),
                         count=total_bad)  # fmt: skip
        self.errors = errors
        self.total_bad = total_bad


@dataclass(frozen=True)
class ImportResult:
    created: int


class ImportStage(StrEnum):
    """What an import is doing, in order (a front end's progress bar follows them)."""

    READING = "reading"  # parsing and checking each row
    CHECKING = "checking"  # against the store's names, emails and mobiles
    USERS = "users"  # writing the users
    AUDIT = "audit"  # writing their audit events
    SAVING = "saving"  # the commit


# Called on the import's own thread with (stage, done, total); total 0: not known yet.
Progress = Callable[[ImportStage, int, int], None]


class ImportCancelledError(PreconditionError):
    """The operator cancelled the import before it was saved: nothing was written."""

    default_code = "import.cancelled"


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, checked without writing: ``users`` good rows, ``total_bad``
    bad lines, and their problems (the first 1,000), each with its line and reason."""

    users: int
    errors: tuple[RowError, ...]
    total_bad: int
