"""Group commit: concurrent signed calls share one transaction and one commit.

A signed call writes its audit event, its throttling counters and the key's last use, so
each call is one durable commit (an fsync). The identity API's routes answer on an event
loop and queue their calls (``LoopGroups``); one worker thread commits what is queued, a
group at a time, so N concurrent calls cost one fsync, not N, and each caller still answers
only after its work is durable. A unit only reads until it has passed its checks, then
writes; its audit events are collected and appended to the chain together, in order, before
the one commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from app.services.context import ServiceContext
from app.services.loop_groups import LoopGroups
from app.store import audit
from app.store.audit import AuditEntry
from app.store.uow import UnitOfWork

T = TypeVar("T")

Work = Callable[[UnitOfWork, list[AuditEntry]], T]
# At most this many calls are committed in one transaction (a flood is committed in
# several, so no group holds the store's write lock for long).
GROUP = 64


class _Unit(Generic[T]):
    def __init__(self, work: Work[T]) -> None:
        self.work = work
        self.result: T | None = None
        self.error: BaseException | None = None


class GroupCommit:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._groups: LoopGroups[_Unit[Any]] = LoopGroups(self._commit, GROUP)

    async def run(self, work: Work[T]) -> T:
        """Run ``work(uow, audit_entries)`` in a transaction shared with the calls that
        arrived with it, on a worker thread; return once that is committed (with the audit
        entries it appended, whether it returned or raised)."""
        unit: _Unit[T] = _Unit(work)
        await self._groups.submit(unit)
        if unit.error is not None:
            raise unit.error
        return unit.result  # type: ignore[return-value]

    def _commit(self, group: list[_Unit[Any]]) -> None:
        """Run ``group``'s units in one transaction and commit it; each unit ends with its
        result or its error (every unit's, when the commit itself fails)."""
        try:
            with self._ctx.uow() as uow:  # a writer: on SQLite it takes the in-process turn
                entries: list[AuditEntry] = []
                for unit in group:
                    try:
                        unit.result = unit.work(uow, entries)
                    except Exception as exc:  # handed to its own caller
                        unit.error = exc
                audit.append_entries(uow.session, uow.now, entries, uow.chain_key())
                uow.commit()
        except Exception as exc:  # the commit failed: no unit's work stands
            for unit in group:
                unit.result, unit.error = None, exc
