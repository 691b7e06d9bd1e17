"""The unit of work: one session, one transaction; leaving without commit rolls back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.clock import Clock
from app.errors import ConflictError, StaleEditError
from app.store import audit
from app.store.db import READ_ONLY_OPTION, WRITE_TURN_WAIT_S


class UnitOfWork:
    """Use as ``with services.uow() as uow: ...; uow.commit()``.

    ``__exit__`` always rolls back and closes, so a forgotten commit changes nothing and an
    exception leaves the store as it was. ``readonly`` units of work (lists, searches, verify)
    do not take SQLite's write lock; they must not write.

    Args:
        session_factory: opens the session.
        clock: the time of the change.
        chain_key: this store's audit chain key, asked for when an event is recorded.
        readonly: read without the write lock (SQLite begins these deferred).
        write_turn: held from enter to exit by a writer (SQLite's in-process queue, see
            ``db.write_turn``).
    """

    session: Session

    def __init__(
        self,
        session_factory: Callable[[], Session],
        clock: Clock,
        chain_key: Callable[[UnitOfWork], audit.ChainKey] | None = None,
        *,
        readonly: bool = False,
        write_turn: threading.RLock | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.clock = clock
        self.now: datetime = clock.now()
        self._chain_key = chain_key
        self.readonly = readonly
        self._turn = None if readonly else write_turn
        self._turn_held = False

    def __enter__(self) -> UnitOfWork:
        if self._turn is not None:
            self._turn_held = self._turn.acquire(timeout=WRITE_TURN_WAIT_S)
        try:
            self.session = self._session_factory()
            if self.readonly:
                self.session.connection(execution_options={READ_ONLY_OPTION: True})
        except BaseException:
            self._release()
            raise
        self.now = self.clock.now()
        return self

    def _release(self) -> None:
        if self._turn_held and self._turn is not None:
            self._turn_held = False
            self._turn.release()

    @property
    def sql(self) -> Connection:
        """The transaction's connection, for Core statements on hot paths: the same
        transaction, without the session's work around each statement (nothing pending in
        the session is flushed first)."""
        return self.session.connection()

    def chain_key(self) -> audit.ChainKey:
        """How this transaction's audit events are hashed (plain without a vault)."""
        return audit.PLAIN if self._chain_key is None else self._chain_key(self)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            self._release()

    def audit(
        self, actor: str, action: str, target: str, outcome: str = "success", **details: Any
    ) -> None:
        """Record the change's audit event in this transaction."""
        audit.record(
            self.session, self.now, actor, action, target, outcome, self.chain_key(), **details
        )

    def flush(self) -> None:
        try:
            self.session.flush()
        except StaleDataError as exc:
            raise StaleEditError() from exc
        except IntegrityError as exc:
            raise ConflictError(code="edit.collision") from exc

    def commit(self) -> None:
        self.flush()
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise StaleEditError() from exc
        except IntegrityError as exc:
            raise ConflictError(code="edit.collision") from exc
