"""Fixed-window throttling counters in the store, shared by every portal worker and host."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.services.context import ServiceContext
from app.store.models import PortalThrottle


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` in ``seconds``."""

    hits: int
    seconds: int


class Throttle:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def allow(self, key: str, limit: Limit) -> bool:
        """Count one hit on ``key``; False when the window already holds ``limit.hits``
        (a refused hit is not counted, so the window still ends on time)."""
        for _ in range(3):  # a concurrent first hit on the same key: read it again
            try:
                return self._allow(key[:160], limit)
            except IntegrityError:
                continue
        return False

    def _allow(self, key: str, limit: Limit) -> bool:
        with self._ctx.uow() as uow:
            row = uow.session.scalars(
                select(PortalThrottle).where(PortalThrottle.key == key).with_for_update()
            ).first()
            window = timedelta(seconds=limit.seconds)
            if row is None:
                row = PortalThrottle(key=key, window_started_at=uow.now, hits=0)
                uow.session.add(row)
            elif uow.now - row.window_started_at >= window:
                row.window_started_at, row.hits = uow.now, 0
            if row.hits >= limit.hits:
                return False
            row.hits += 1
            uow.session.commit()
            return True
