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
        return self._allow([(key, limit)])

    def allow_both(self, first: tuple[str, Limit], second: tuple[str, Limit]) -> bool:
        """Count one hit on each of two keys whose limits share a window length (one
        statement, one transaction, instead of two); False when either is over its limit.
        Both are counted even when the first is over: a refused hit moves no window."""
        return self._allow([first, second])

    def _allow(self, keys: list[tuple[str, Limit]]) -> bool:
        lengths = {limit.seconds for _, limit in keys}
        if len(lengths) != 1:
            raise ValueError("one count takes limits of one window length")
        buckets = [(throttle_counters.bucket_name(key), limit) for key, limit in keys]
        window = timedelta(seconds=lengths.pop())
        with self._ctx.uow() as uow:
            counts = throttle_counters.hit(uow.session, uow.now, window, *(b for b, _ in buckets))
            uow.commit()
        return all(counts[bucket] <= limit.hits for bucket, limit in buckets)
