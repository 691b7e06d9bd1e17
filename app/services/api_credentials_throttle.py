"""Fixed-window counters for the identity API, kept in the store (shared by every worker).

Failed signatures count per client address and per (address, access key): a burst of bad
signatures is refused cheaply before any key is read, while callers with other keys go on.
Good calls count per key and per address, in the same transaction as their audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from sqlalchemy import Table, case, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

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


def exhausted(uow: UnitOfWork, buckets: list[tuple[str, Window]]) -> bool:
    """True when any bucket already holds its window's hits (a read, nothing counted)."""
    rows = uow.session.execute(
        select(ApiRateCounter.bucket, ApiRateCounter.window_start, ApiRateCounter.count).where(
            ApiRateCounter.bucket.in_([name for name, _ in buckets])
        )
    ).all()
    limits = dict(buckets)
    return any(
        uow.now - started < timedelta(seconds=limits[name].seconds) and count >= limits[name].hits
        for name, started, count in rows
    )


def count(uow: UnitOfWork, buckets: list[tuple[str, Window]]) -> bool:
    """Count one hit on every bucket (an atomic upsert each); False when one went over."""
    over = False
    for name, window in buckets:
        over |= _hit(uow, name, window) > window.hits
    return over


def _hit(uow: UnitOfWork, name: str, window: Window) -> int:
    table = cast(Table, ApiRateCounter.__table__)
    dialect = uow.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    expired = table.c.window_start <= uow.now - timedelta(seconds=window.seconds)
    statement = (
        insert(table)
        .values(bucket=name, window_start=uow.now, count=1)
        .on_conflict_do_update(
            index_elements=[table.c.bucket],
            set_={
                "count": case((expired, 1), else_=table.c.count + 1),
                "window_start": case(
                    (expired, literal(uow.now, UtcDateTime())), else_=table.c.window_start
                ),
            },
        )
        .returning(table.c.count)
    )
    return int(uow.session.execute(statement).scalar_one())
