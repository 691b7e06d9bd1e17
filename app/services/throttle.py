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

    def allow_both(self, first: tuple[str, Limit], second: tuple[str, Limit]) -> bool:
        """Count one hit on each of two keys whose limits share a window length (one
        statement, one transaction, instead of two); False when either is over its limit.
        Both are counted even when the first is over: a refused hit moves no window."""
        (first_key, first_limit), (second_key, second_limit) = first, second
        if first_limit.seconds != second_limit.seconds:
            raise ValueError("allow_both() takes two limits of one window length")
        one, two = (throttle_counters.bucket_name(key) for key in (first_key, second_key))
        window = timedelta(seconds=first_limit.seconds)
        with self._ctx.uow() as uow:
            counts = throttle_counters.hit(uow.session, uow.now, window, one, two)
            uow.commit()
        return counts[one] <= first_limit.hits and counts[two] <= second_limit.hits
