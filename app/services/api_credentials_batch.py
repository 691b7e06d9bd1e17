"""Group commit: concurrent callers' units of work share one transaction and one commit.

A signed call writes its audit event, its throttling counters and the key's last use, so
each call is one durable commit (an fsync). Under load the callers that arrive while a
commit is running are committed together by one of them (the leader), so N concurrent
calls cost one fsync, not N, and each caller still answers only after its work is durable.
A unit only reads until it has passed its checks, then writes; its audit events are
collected and appended to the chain together, in order, before the one commit.

Callers on an event loop (the identity API) use ``run_async``: they wait on the loop, in no
thread, and one worker thread commits each group (``LoopGroups``); callers in threads use
``run``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Generic, TypeVar

from app.services.context import ServiceContext
from app.services.loop_groups import LoopGroups
from app.store import audit
from app.store.audit import AuditEntry
from app.store.uow import UnitOfWork

T = TypeVar("T")

# SQLite runs one transaction at a time (the store begins each with BEGIN IMMEDIATE); the
# API's transactions queue for it here instead of in SQLite's busy handler, whose sleeps (up
# to 100 ms each) collapsed throughput at 16 concurrent clients.
_SQLITE_TURN = threading.Lock()


def store_turn(ctx: ServiceContext) -> AbstractContextManager[Any]:
    """Hold while a transaction of the API's hot path runs (a no-op on PostgreSQL)."""
    return _SQLITE_TURN if ctx.settings.is_sqlite else nullcontext()


Work = Callable[[UnitOfWork, list[AuditEntry]], T]
# At most this many event-loop callers are committed in one transaction (a flood is
# committed in several, so no group holds the store's write lock for long).
ASYNC_GROUP = 64


class _Unit(Generic[T]):
    def __init__(self, work: Work[T]) -> None:
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
        self._loop_groups: LoopGroups[_Unit[Any]] = LoopGroups(self._commit, ASYNC_GROUP)

    def run(self, work: Work[T]) -> T:
        """Run ``work(uow, audit_entries)`` in a shared transaction; return once that is
        committed (with the audit entries it appended, whether it returned or raised)."""
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
            self._commit(batch)
        finally:
            for unit in batch:
                unit.wake.set()
            with self._mutex:
                if self._pending:
                    self._pending[0].wake.set()  # the next leader
                else:
                    self._leading = False

    async def run_async(self, work: Work[T]) -> T:
        """``run`` for a caller on an event loop: it waits on the loop, and the callers that
        arrive while a group is being committed go together in the next one."""
        unit: _Unit[T] = _Unit(work)
        await self._loop_groups.submit(unit)
        if unit.error is not None:
            raise unit.error
        return unit.result  # type: ignore[return-value]

    def _commit(self, batch: list[_Unit[Any]]) -> None:
        """Run ``batch``'s units in one transaction and commit it; each unit ends done, with
        its result or its error (every unit's, when the commit itself fails)."""
        try:
            with store_turn(self._ctx), self._ctx.uow() as uow:
                entries: list[AuditEntry] = []
                for unit in batch:
                    try:
                        unit.result = unit.work(uow, entries)
                    except Exception as exc:  # handed to its own caller
                        unit.error = exc
                audit.append_entries(uow.session, uow.now, entries, uow.chain_key())
                uow.commit()
        except Exception as exc:  # the commit failed: no unit's work stands
            for unit in batch:
                unit.result, unit.error = None, exc
        finally:
            for unit in batch:
                unit.done = True
