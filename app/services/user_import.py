"""CSV import of IAM users: every row is checked first, then all are created in one
transaction (one audit event per user, chained in bulk), or none is."""

from __future__ import annotations

import csv
import gc
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from sqlalchemy import Connection, Engine, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from app.domain.contacts import email_key, normalize_email, normalize_mobile
from app.domain.names import name_key, validate_display_name, validate_user_name
from app.domain.roles import Permission, require
from app.domain.vocabulary import LoginProtection, UserStatus
from app.errors import IamDeskError, ValidationError
from app.services.common import search_text
from app.services.context import ServiceContext
from app.services.records import Actor
from app.services.user_import_records import (
    ROW,
    ImportCancelledError,
    ImportPreview,
    ImportRejectedError,
    ImportResult,
    ImportStage,
    Progress,
    RowError,
)
from app.store import audit
from app.store.models import Account, User
from app.store.uow import UnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")

COLUMNS = ("name", "email", "mobile", "display_name")
MAX_ROWS = 200_000
MAX_REPORTED = 1000
# A row holds four short fields: a longer line is not a user list (or is /dev/zero).
MAX_LINE = 4096
CHUNK = 2000  # rows per INSERT: small enough for a progress step (and a cancel) each
MAX_SOURCE = 120  # the file name as the import's audit target (the column holds 128)


def bounded_lines(handle: IO[str], *, max_line: int = MAX_LINE) -> Iterator[str]:
    """The lines of ``handle``, each and all read with a bound: a file without line breaks,
    or a device that never ends, is refused instead of filling memory."""
    number = 0
    while True:
        line = handle.readline(max_line + 1)
        if not line:
            return
        number += 1
        if len(line) > max_line and not line.endswith("\n"):
            raise ValidationError(
                code="import.line_too_long", field="file", line=number, max=f"{max_line:,}"
            )
        if number > 2 * MAX_ROWS:  # blank lines, or quoted fields over several lines
            raise ValidationError(code="import.too_many", field="file", max=f"{MAX_ROWS:,}")
        yield line


def read_csv_file(path: Path, use: Callable[[Iterable[str]], T]) -> T:
    """Call ``use`` with the bounded lines of the UTF-8 CSV at ``path``; an unreadable or
    non-UTF-8 file is refused with the file's name."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ValidationError(
            code="file.unreadable", field="file", path=str(path), reason=exc.strerror
        ) from exc
    try:
        with handle:
            return use(bounded_lines(handle))
    except UnicodeDecodeError as exc:
        raise ValidationError(code="file.not_utf8", field="file", path=str(path)) from exc


def audit_source(name: str) -> str:
    """The import's audit target: the file name without control characters, bounded."""
    shown = "".join(c if c.isprintable() else "?" for c in name).strip()
    return (shown[: MAX_SOURCE - 1] + "…" if len(shown) > MAX_SOURCE else shown) or "csv"


PROGRESS_EVERY = 1000  # rows between two progress calls while reading


@dataclass(frozen=True)
class _Row:
    name: str
    email: str | None
    mobile: str | None
    display_name: str


class UserImportService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def preview(
        self,
        actor: Actor,
        lines: Iterable[str],
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportPreview:
        """Check a CSV as ``import_csv`` would, in a read-only transaction: nothing is written.
        A file that is not a user list at all (header, size, encoding) raises as there."""
        require(actor.role, Permission.MANAGE_USERS)
        step = _Steps(progress, cancel)
        try:
            with _without_cyclic_gc():
                rows, errors = _parse(lines, step)
                with self._ctx.uow(readonly=True) as uow:
                    errors += _collisions(uow, rows, step)
        except IamDeskError as exc:
            refusal = exc
        else:
            return _preview_of(rows, errors)
        raise _unburdened(refusal)

    def import_csv(
        self,
        actor: Actor,
        lines: Iterable[str],
        *,
        source: str = "",
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportResult:
        """Create the users of a CSV (header ``name,email,mobile,display_name``; only ``name``
        is required). Raises ImportRejectedError listing every bad row, and then writes nothing.

        ``progress`` hears each stage; setting ``cancel`` before the commit raises
        ImportCancelledError and the transaction rolls back (all or nothing, as a refusal).
        """
        require(actor.role, Permission.MANAGE_USERS)
        step = _Steps(progress, cancel)
        try:
            with _without_cyclic_gc():
                return self._import(actor, lines, source, step, progress)
        except IamDeskError as exc:
            refusal = exc
        raise _unburdened(refusal)

    def _import(
        self, actor: Actor, lines: Iterable[str], source: str, step: _Steps,
        progress: Progress | None,
    ) -> ImportResult:  # fmt: skip
        rows, errors = _parse(lines, step)
        with self._ctx.uow() as uow:
            errors += _collisions(uow, rows, step)
            if errors:
                errors.sort(key=lambda e: e.line)
                raise ImportRejectedError(errors[:MAX_REPORTED], len(errors))
            if not rows:
                raise ValidationError(code="import.empty", field="file")
            _insert(uow, actor, list(rows.values()), source, step)
            step(ImportStage.SAVING, 0, 1)  # the last moment a cancel is heard
            uow.commit()
            engine = uow.session.get_bind()
        if progress is not None:
            progress(ImportStage.SAVING, 1, 1)
        _tidy_after_bulk_load(engine)
        return ImportResult(len(rows))


def _preview_of(rows: dict[int, _Row], errors: list[RowError]) -> ImportPreview:
    errors.sort(key=lambda e: e.line)
    bad = {e.line for e in errors}
    good = sum(1 for line in rows if line not in bad)
    return ImportPreview(good, tuple(errors[:MAX_REPORTED]), len(bad))


def _unburdened(refusal: IamDeskError) -> IamDeskError:
    """The refusal without its traceback: the import's frames hold its 100,000 rows, which
    would otherwise be freed wherever the refusal is dropped (the console's GUI thread, a
    second's stall). Raised afresh, it carries only the service call's frame."""
    refusal.__traceback__ = None
    refusal.__context__ = None
    return refusal


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while an import holds 100,000 fresh rows: a full
    collection walks them all holding the GIL, up to a second on a busy machine, and the
    console's GUI thread stalls meanwhile. An import makes no reference cycles worth
    collecting; reference counting frees its rows, and collection resumes after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Steps:
    """Reports progress and hears a cancel between two steps of an import."""

    def __init__(self, progress: Progress | None, cancel: threading.Event | None) -> None:
        self._progress, self._cancel = progress, cancel

    def __call__(self, stage: ImportStage, done: int, total: int) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ImportCancelledError()
        if self._progress is not None:
            self._progress(stage, done, total)


def _tidy_after_bulk_load(engine: Engine | Connection) -> None:
    """On PostgreSQL, VACUUM ANALYZE the users table at once rather than when autovacuum
    comes by: fresh statistics and a visibility map keep deep pages index-only and fast."""
    if engine.dialect.name != "postgresql" or not isinstance(engine, Engine):
        return
    try:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM (ANALYZE) users")
            )
    except SQLAlchemyError as exc:  # e.g. not the table's owner: autovacuum will do it
        log.warning(
            "could not vacuum the users table after an import: %s", getattr(exc, "orig", exc)
        )


def _parse(
    lines: Iterable[str], step: _Steps | None = None
) -> tuple[dict[int, _Row], list[RowError]]:
    reader = csv.DictReader(lines)
    try:
        return _parse_rows(reader, step or _Steps(None, None))
    except csv.Error as exc:
        raise ValidationError(
            code="import.not_csv", field="file", line=reader.line_num, reason=str(exc)
        ) from None


def _parse_rows(
    reader: csv.DictReader[str], step: _Steps
) -> tuple[dict[int, _Row], list[RowError]]:
    header = [h.strip().lower() for h in reader.fieldnames or ()]
    if "name" not in header:
        raise ValidationError(code="import.bad_header", field="file", columns=",".join(COLUMNS))
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ValidationError(
            code="import.unknown_column", field="file", column=unknown[0], columns=",".join(COLUMNS)
        )
    reader.fieldnames = header
    rows: dict[int, _Row] = {}
    errors: list[RowError] = []
    step(ImportStage.READING, 0, 0)
    for record in reader:
        line = reader.line_num
        count = len(rows) + len(errors)
        if count % PROGRESS_EVERY == 0 and count:
            step(ImportStage.READING, count, 0)
        if count >= MAX_ROWS:
            raise ValidationError(code="import.too_many", field="file", max=f"{MAX_ROWS:,}")
        if None in record:
            errors.append(RowError.of(line, ROW, "import.extra_values"))
            continue
        try:
            rows[line] = _row(record)
        except IamDeskError as exc:
            errors.append(RowError.refused(line, exc))
    return rows, errors


def _row(record: dict[str, str | None]) -> _Row:
    def value(key: str) -> str:
        return (record.get(key) or "").strip()

    name = validate_user_name(value("name"))
    email = normalize_email(value("email")) if value("email") else None
    mobile = normalize_mobile(value("mobile")) if value("mobile") else None
    return _Row(name, email, mobile, validate_display_name(value("display_name")))


def _collisions(
    uow: UnitOfWork, rows: dict[int, _Row], step: _Steps | None = None
) -> list[RowError]:
    """Duplicates within the file and against the store's users and account."""
    step = step or _Steps(None, None)
    session = uow.session
    taken_names = set(session.scalars(select(User.name_key)))
    taken_emails = set(session.scalars(select(User.email_key).where(User.email_key.is_not(None))))
    taken_mobiles = set(session.scalars(select(User.mobile).where(User.mobile.is_not(None))))
    for account in session.scalars(select(Account)):
        taken_names.add(name_key(account.name))  # the account's name signs in as root
        taken_emails.add(account.email_key)
        if account.mobile:
            taken_mobiles.add(account.mobile)
    seen: dict[str, dict[str, int]] = {"name": {}, "email": {}, "mobile": {}}
    errors: list[RowError] = []
    for n, (line, row) in enumerate(rows.items()):
        if n % PROGRESS_EVERY == 0:
            step(ImportStage.CHECKING, n, len(rows))
        keys: dict[str, tuple[str | None, set[str | None] | set[str]]] = {
            "name": (name_key(row.name), taken_names),
            "email": (email_key(row.email) if row.email else None, taken_emails),
            "mobile": (row.mobile, taken_mobiles),
        }
        for field, (key, taken) in keys.items():
            if key is None:
                continue
            if key in taken:
                errors.append(RowError.of(line, field, "import.taken", value=key))
            elif key in seen[field]:
                errors.append(
                    RowError.of(line, field, "import.repeated", value=key, first=seen[field][key])
                )
            else:
                seen[field][key] = line
    return errors


def _insert(
    uow: UnitOfWork, actor: Actor, rows: list[_Row], source: str, step: _Steps | None = None
) -> None:
    step = step or _Steps(None, None)
    now = uow.now

    def user(r: _Row) -> dict[str, object]:
        return {
            "name": r.name,
            "name_key": name_key(r.name),
            "display_name": r.display_name,
            "description": "",
            "status": UserStatus.ENABLED,
            "role": "none",
            "email": r.email,
            "email_key": email_key(r.email) if r.email else None,
            "mobile": r.mobile,
            "must_change_password": False,
            "login_protection": LoginProtection.OFF,
            "api_login_protection": False,
            "failed_attempts": 0,
            "search_text": search_text(r.name, r.display_name, r.email, r.mobile),
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }

    for start in range(0, len(rows), CHUNK):  # built a chunk at a time: a step each
        step(ImportStage.USERS, start, len(rows))
        uow.session.execute(insert(User), [user(r) for r in rows[start : start + CHUNK]])
    step(ImportStage.USERS, len(rows), len(rows))
    events = [
        ("user.create", r.name, {"role": "none", "email_set": bool(r.email),
                                 "mobile_set": bool(r.mobile), "via": "import"})
        for r in rows
    ]  # fmt: skip
    events.append(("user.import", audit_source(source), {"users_count": len(rows)}))
    audit.record_many(
        uow.session, now, actor.label, events, uow.chain_key(),
        on_chunk=lambda done: step(ImportStage.AUDIT, done, len(events)),
    )  # fmt: skip
