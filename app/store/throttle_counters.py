"""Counting a hit on the store's fixed-window throttling counters (``throttle_counters``).

Every limit counts here: the portal's (sign-in, codes, links; per address and per account)
and the identity API's (calls per key and per address, refused signatures). A hit is one
atomic upsert that both backends run alike (SQLite 3.35+ and PostgreSQL both have ON
CONFLICT and RETURNING); a bucket whose window has ended starts again at 1, so every
worker and host shares one count without a read-then-write race.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from app.store.types import UtcDateTime

BUCKET_LENGTH = 160  # the column's length: longer bucket names are cut to it


def _upsert(rows: str) -> TextClause:
    # Written out so it compiles once (built with insert(), every call is compiled again).
    return text(
        "INSERT INTO throttle_counters (bucket, window_start, count) VALUES "  # noqa: S608 (constants only)
        + rows
        + " ON CONFLICT (bucket) DO UPDATE SET "
        "count = CASE WHEN throttle_counters.window_start <= :cutoff THEN 1 "
        "ELSE throttle_counters.count + 1 END, "
        "window_start = CASE WHEN throttle_counters.window_start <= :cutoff THEN :now "
        "ELSE throttle_counters.window_start END "
        "RETURNING bucket, count"
    ).bindparams(bindparam("now", type_=UtcDateTime()), bindparam("cutoff", type_=UtcDateTime()))


_HIT_ONE = _upsert("(:first, :now, 1)")
_HIT_TWO = _upsert("(:first, :now, 1), (:second, :now, 1)")


def bucket_name(name: str) -> str:
    """``name`` as the column holds it."""
    return name[:BUCKET_LENGTH]


def hit(
    session: Session, now: datetime, window: timedelta, first: str, second: str | None = None
) -> dict[str, int]:
    """Count one hit on one bucket, or on two of the same window length, in the caller's
    transaction; returns each bucket's count in its current window, this hit included.

    Bucket names must be of at most BUCKET_LENGTH characters (see ``bucket_name``) and the
    two must differ.
    """
    params = {"first": first, "now": now, "cutoff": now - window}
    statement = _HIT_ONE
    if second is not None:
        statement = _HIT_TWO
        params["second"] = second
    return {bucket: hits for bucket, hits in session.connection().execute(statement, params)}
