"""The identity API's limits, on the store's fixed-window counters (shared by every worker).

Failed signatures count per client address and per (address, access key): a burst of bad
signatures is refused cheaply before any key is read, while callers with other keys go on.
Good calls count per key and per address, in the same transaction as their audit event.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, select

from app.services.throttle import Limit
from app.store import throttle_counters
from app.store.models import ThrottleCounter, table_of
from app.store.throttle_counters import bucket_name
from app.store.uow import UnitOfWork

FAILURES_PER_ADDRESS = Limit(200, 60)
FAILURES_PER_ADDRESS_AND_KEY = Limit(10, 60)
CALLS_PER_KEY = Limit(6000, 60)
CALLS_PER_ADDRESS = Limit(12000, 60)
TOKEN_REQUESTS_PER_ADDRESS = Limit(600, 60)


def failure_buckets(address: str, access_key_id: str) -> list[tuple[str, Limit]]:
    return [
        (bucket_name(f"fail:{address}"), FAILURES_PER_ADDRESS),
        (bucket_name(f"fail:{address}:{access_key_id}"), FAILURES_PER_ADDRESS_AND_KEY),
    ]


def call_buckets(address: str, access_key_id: str) -> list[tuple[str, Limit]]:
    return [
        (bucket_name(f"call:key:{access_key_id}"), CALLS_PER_KEY),
        (bucket_name(f"call:addr:{address}"), CALLS_PER_ADDRESS),
    ]


# Two fixed parameters, not an expanding list (rendered again on every call); Core, as the
# hot path's other statements.
_C = table_of(ThrottleCounter).c
_COUNTERS = select(_C.bucket, _C.window_start, _C.count).where(
    _C.bucket.in_([bindparam("first"), bindparam("second")])
)


def blocked_until(uow: UnitOfWork, buckets: list[tuple[str, Limit]]) -> datetime | None:
    """When the last full bucket's window ends, or None (a read of two buckets, nothing
    counted)."""
    (first, _), (second, _) = buckets
    rows = uow.sql.execute(_COUNTERS, {"first": first, "second": second}).all()
    limits = dict(buckets)
    ends = [
        started + timedelta(seconds=limits[name].seconds)
        for name, started, count in rows
        if count >= limits[name].hits
    ]
    latest = max(ends, default=None)
    return latest if latest is not None and latest > uow.now else None


def count(uow: UnitOfWork, buckets: list[tuple[str, Limit]]) -> bool:
    """Count one hit on each of two buckets (one atomic upsert); True when one went over.

    Both buckets share their window length.
    """
    (first, first_window), (second, second_window) = buckets
    if first_window.seconds != second_window.seconds:
        raise ValueError("count() takes two buckets of one window length")
    window = timedelta(seconds=first_window.seconds)
    counts = throttle_counters.hit(uow.session, uow.now, window, first, second)
    return counts[first] > first_window.hits or counts[second] > second_window.hits
