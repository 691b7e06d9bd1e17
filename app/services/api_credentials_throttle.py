"""Fixed-window counters for the identity API, kept in the store (shared by every worker).

Failed signatures count per client address and per (address, access key): a burst of bad
signatures is refused cheaply before any key is read, while callers with other keys go on.
Good calls count per key and per address, in the same transaction as their audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, text

from app.store.models import ApiRateCounter
from app.store.types import UtcDateTime
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class Window:
    """At most ``hits`` in ``seconds``."""

    hits: int
    seconds: int


FAILURES_PER_ADDRESS = Window(200, 60)
FAILURES_PER_ADDRESS_AND_KEY = Window(10, 60)
CALLS_PER_KEY = Window(6000, 60)
CALLS_PER_ADDRESS = Window(12000, 60)
TOKEN_REQUESTS_PER_ADDRESS = Window(600, 60)


def failure_buckets(address: str, access_key_id: str) -> list[tuple[str, Window]]:
    return [
        (f"fail:{address}"[:160], FAILURES_PER_ADDRESS),
        (f"fail:{address}:{access_key_id}"[:160], FAILURES_PER_ADDRESS_AND_KEY),
    ]


def call_buckets(address: str, access_key_id: str) -> list[tuple[str, Window]]:
    return [
        (f"call:key:{access_key_id}"[:160], CALLS_PER_KEY),
        (f"call:addr:{address}"[:160], CALLS_PER_ADDRESS),
    ]


_COUNTERS = select(ApiRateCounter.bucket, ApiRateCounter.window_start, ApiRateCounter.count).where(
    ApiRateCounter.bucket.in_(bindparam("buckets", expanding=True))
)


def blocked_until(uow: UnitOfWork, buckets: list[tuple[str, Window]]) -> datetime | None:
    """When the last full bucket's window ends, or None (a read, nothing counted)."""
    rows = uow.session.execute(_COUNTERS, {"buckets": [name for name, _ in buckets]}).all()
    limits = dict(buckets)
    ends = [
        started + timedelta(seconds=limits[name].seconds)
        for name, started, count in rows
        if count >= limits[name].hits
    ]
    latest = max(ends, default=None)
    return latest if latest is not None and latest > uow.now else None


# One statement both backends run alike (SQLite 3.35+ and PostgreSQL both have ON CONFLICT
# and RETURNING); written out so it compiles once (built with insert(), every call compiled).
_COUNT_TWO = text(
    "INSERT INTO api_rate_counters (bucket, window_start, count) "
    "VALUES (:first, :now, 1), (:second, :now, 1) "
    "ON CONFLICT (bucket) DO UPDATE SET "
    "count = CASE WHEN api_rate_counters.window_start <= :cutoff THEN 1 "
    "ELSE api_rate_counters.count + 1 END, "
    "window_start = CASE WHEN api_rate_counters.window_start <= :cutoff THEN :now "
    "ELSE api_rate_counters.window_start END "
    "RETURNING bucket, count"
).bindparams(bindparam("now", type_=UtcDateTime()), bindparam("cutoff", type_=UtcDateTime()))


def count(uow: UnitOfWork, buckets: list[tuple[str, Window]]) -> bool:
    """Count one hit on each of two buckets (one atomic upsert); True when one went over.

    Both buckets share their window length.
    """
    (first, first_window), (second, second_window) = buckets
    if first_window.seconds != second_window.seconds:
        raise ValueError("count() takes two buckets of one window length")
    cutoff = uow.now - timedelta(seconds=first_window.seconds)
    rows = uow.session.execute(
        _COUNT_TWO, {"first": first, "second": second, "now": uow.now, "cutoff": cutoff}
    )
    counts = {bucket: hits for bucket, hits in rows}
    return counts[first] > first_window.hits or counts[second] > second_window.hits
