"""Group commit: concurrent callers' units of work share one transaction and one commit.

A signed call writes its audit event, its throttling counters and the key's last use, so
each call is one durable commit (an fsync). Under load the callers that arrive while a
commit is running are committed together by one of them (the leader), so N concurrent
calls cost one fsync, not N, and each caller still answers only after its work is durable.
Each unit runs in its own savepoint: a unit that raises leaves no trace of its own (it may
record its refusal after its savepoint is gone) and does not undo the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Generic, TypeVar

from app.services.context import ServiceContext
from app.store.uow import UnitOfWork

T = TypeVar("T")

# SQLite runs one transaction at a time (the store begins each with BEGIN IMMEDIATE); the
# API's transactions queue for it here instead of in SQLite's busy handler, whose sleeps (up
# to 100 ms each) collapsed throughput at 16 concurrent clients.
_SQLITE_TURN = threading.Lock()


def store_turn(ctx: ServiceContext) -> AbstractContextManager[Any]:
    """Hold while a transaction of the API's hot path runs (a no-op on PostgreSQL)."""
    return _SQLITE_TURN if ctx.settings.is_sqlite else nullcontext()


class _Unit(Generic[T]):
    def __init__(self, work: Callable[[UnitOfWork], T]) -> None:
        self.work = work
        self.wake = threading.Event()  # set when done, or when asked to lead
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None


class GroupCommit:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._mutex = threading.Lock()
        self._pending: list[_Unit[Any]] = []
        self._leading = False

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run ``work(uow)`` in a shared transaction; return once that is committed."""
        unit: _Unit[T] = _Unit(work)
        with self._mutex:
            self._pending.append(unit)
            lead = not self._leading
            self._leading = True
        while not unit.done:
            if not lead:
                unit.wake.wait()
                unit.wake.clear()
                if unit.done:
                    break
            self._lead()
            lead = False
        if unit.error is not None:
            raise unit.error
        return unit.result  # type: ignore[return-value]

    def _lead(self) -> None:
        """Commit everything pending (this caller's unit among it), then hand over."""
        with self._mutex:
            batch, self._pending = self._pending, []
        try:
            with store_turn(self._ctx), self._ctx.uow() as uow:
                for unit in batch:
                    try:
                        unit.result = unit.work(uow)
                    except Exception as exc:  # handed to its own caller
                        unit.error = exc
                uow.commit()
        except Exception as exc:  # the commit failed: no unit's work stands
            for unit in batch:
                unit.result, unit.error = None, exc
        finally:
            for unit in batch:
                unit.done = True
                unit.wake.set()
            with self._mutex:
                if self._pending:
                    self._pending[0].wake.set()  # the next leader
                else:
                    self._leading = False
