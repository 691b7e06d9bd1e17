"""Work queued by an event loop's callers, done a group at a time on a worker thread.

The identity API answers on an event loop, and its store work must not run there. Rather
than one thread per request, callers queue their units and wait on the loop, and one task
hands what is queued, a group at a time, to a worker thread: requests that arrive together
(from clients that were answered together) share one hop to the thread and one transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

U = TypeVar("U")


class LoopGroups(Generic[U]):
    """Args:
    handle: does one group's units, on a worker thread; it records each unit's outcome
        in the unit itself and never raises.
    most: the most units in one group (a flood is handled in several).
    """

    def __init__(self, handle: Callable[[list[U]], None], most: int) -> None:
        self._handle = handle
        self._most = most
        self._queued: list[tuple[U, asyncio.Future[None]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, unit: U) -> None:
        """Queue ``unit``; return once its group has been handled."""
        handled = asyncio.get_running_loop().create_future()
        self._queued.append((unit, handled))
        if self._worker is None:
            self._worker = asyncio.create_task(self._handle_queued())
        await handled

    async def _handle_queued(self) -> None:
        group: list[tuple[U, asyncio.Future[None]]] = []
        try:
            while self._queued:
                # One turn of the loop first, so that requests which arrived together are
                # parsed and join this group.
                await asyncio.sleep(0)
                group, self._queued = self._queued[: self._most], self._queued[self._most :]
                await asyncio.to_thread(self._handle, [unit for unit, _ in group])
                for _, handled in group:
                    if not handled.done():  # (its caller may have gone)
                        handled.set_result(None)
        except BaseException:  # cancelled: the loop is closing, and its callers with it
            for _, handled in group + self._queued:
                handled.cancel()
            self._queued = []
            raise
        finally:
            self._worker = None
