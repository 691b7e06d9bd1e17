"""The portal's limits, on the store's fixed-window counters (shared by every worker and
host; the identity API counts in the same table, see ``app.store.throttle_counters``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.services.context import ServiceContext
from app.store import throttle_counters


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
        """Count one hit on ``key`` (one atomic statement, its own transaction); False when
        the window now holds more than ``limit.hits``. A refused hit moves no window: the
        window still ends ``limit.seconds`` after its first hit."""
        bucket = throttle_counters.bucket_name(key)
        with self._ctx.uow() as uow:
            counts = throttle_counters.hit(
                uow.session, uow.now, timedelta(seconds=limit.seconds), bucket
            )
            uow.commit()
        return counts[bucket] <= limit.hits
