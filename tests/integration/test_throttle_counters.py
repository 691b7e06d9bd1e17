"""The one table of throttling counters: the portal's limits and the identity API's count in
``throttle_counters`` through one atomic upsert, on both backends, and migration 0009
carries the counters of the two older tables over (and back on a downgrade)."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from sqlalchemy import event, inspect, text

from app.clock import FrozenClock
from app.services import Services
from app.services import api_credentials_throttle as api_throttle
from app.services.throttle import Limit, Throttle
from app.store import db

THREADS, HITS_EACH = 6, 5


def _counts(services: Services) -> dict[str, int]:
    with services.engine.connect() as conn:
        rows = conn.execute(text("SELECT bucket, count FROM throttle_counters"))
        return {bucket: count for bucket, count in rows}


def test_portal_and_api_limits_share_one_table(services: Services, clock: FrozenClock) -> None:
    throttle = Throttle(services.context)
    limit = Limit(3, 60)
    assert [throttle.allow("sign-in:addr:10.0.0.1", limit) for _ in range(5)] == [
        True, True, True, False, False,
    ]  # fmt: skip
    assert throttle.allow("sign-in:addr:10.0.0.2", limit)  # another address goes on
    with services.context.uow() as uow:
        over = api_throttle.count(uow, api_throttle.failure_buckets("10.0.0.1", "AK1"))
        uow.commit()
    assert not over
    assert _counts(services) == {
        "sign-in:addr:10.0.0.1": 5,
        "sign-in:addr:10.0.0.2": 1,
        "fail:10.0.0.1": 1,
        "fail:10.0.0.1:AK1": 1,
    }
    clock.advance(seconds=59)
    assert not throttle.allow("sign-in:addr:10.0.0.1", limit)  # the window has not ended
    clock.advance(seconds=1)
    assert throttle.allow("sign-in:addr:10.0.0.1", limit)  # a new window, counted from 1
    assert _counts(services)["sign-in:addr:10.0.0.1"] == 1
    assert not inspect(services.engine).has_table("portal_throttle")
    assert not inspect(services.engine).has_table("api_rate_counters")


def test_an_address_and_an_account_are_counted_in_one_transaction(
    services: Services, clock: FrozenClock
) -> None:
    """The portal's pair of limits: one transaction counts both; either one over refuses."""
    throttle = Throttle(services.context)
    address, account = Limit(4, 60), Limit(2, 60)
    transactions = []
    listener = lambda *_: transactions.append(1)  # noqa: E731
    event.listen(services.engine, "begin", listener)
    try:
        allowed = [
            throttle.allow_both(("sign-in:addr:10.0.0.1", address), ("sign-in:user:bob", account))
            for _ in range(3)
        ]
    finally:
        event.remove(services.engine, "begin", listener)
    assert allowed == [True, True, False]  # the account's limit
    assert len(transactions) == 3
    assert throttle.allow_both(("sign-in:addr:10.0.0.1", address), ("sign-in:user:eve", account))
    # the address's limit, for a fresh account
    assert not throttle.allow_both(
        ("sign-in:addr:10.0.0.1", address), ("sign-in:user:carol", account)
    )
    assert _counts(services) == {
        "sign-in:addr:10.0.0.1": 5,
        "sign-in:user:bob": 3,
        "sign-in:user:eve": 1,
        "sign-in:user:carol": 1,
    }
    clock.advance(seconds=60)  # both windows end together
    assert throttle.allow_both(("sign-in:addr:10.0.0.1", address), ("sign-in:user:bob", account))
    with pytest.raises(ValueError, match="window"):
        throttle.allow_both(("a", Limit(1, 60)), ("b", Limit(1, 61)))


def test_concurrent_hits_are_counted_exactly(services: Services) -> None:
    """Workers hitting one new key at once: every hit counted, exactly ``hits`` allowed
    (one upsert: no read-then-write race, no retried first insert)."""
    throttle = Throttle(services.context)
    limit = Limit(THREADS * HITS_EACH - 7, 60)
    allowed: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker() -> None:
        start.wait()
        for _ in range(HITS_EACH):
            result = throttle.allow("code:user:alice", limit)
            with lock:
                allowed.append(result)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert allowed.count(True) == limit.hits
    assert allowed.count(False) == 7
    assert _counts(services)["code:user:alice"] == THREADS * HITS_EACH


def test_migration_0009_moves_the_counters_and_back(services: Services, clock: FrozenClock) -> None:
    """Counters in both older tables (at 0007) arrive in throttle_counters; a downgrade
    puts them back where they came from."""
    started = clock.now()
    config = db.alembic_config(services.engine)
    command.downgrade(config, "0007")
    with services.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO portal_throttle (key, window_started_at, hits) VALUES (:k, :t, :h)"),
            [{"k": "sign-in:addr:10.0.0.1", "t": started, "h": 4},
             {"k": "link:addr:10.0.0.2", "t": started, "h": 1}],
        )  # fmt: skip
        conn.execute(
            text("INSERT INTO api_rate_counters (bucket, window_start, count) VALUES (:b, :t, :c)"),
            [{"b": "fail:10.0.0.1:AK1", "t": started, "c": 9},
             {"b": "call:key:AK2", "t": started, "c": 120}],
        )  # fmt: skip
    db.upgrade(services.engine)
    assert db.current_revision(services.engine) == db.SCHEMA_HEAD
    moved = {
        "sign-in:addr:10.0.0.1": 4,
        "link:addr:10.0.0.2": 1,
        "fail:10.0.0.1:AK1": 9,
        "call:key:AK2": 120,
    }
    assert _counts(services) == moved
    # The moved counters go on counting in their windows.
    throttle = Throttle(services.context)
    assert throttle.allow("sign-in:addr:10.0.0.1", Limit(5, 60))
    assert not throttle.allow("sign-in:addr:10.0.0.1", Limit(5, 60))

    command.downgrade(config, "0007")
    with services.engine.connect() as conn:
        portal = dict(conn.execute(text("SELECT key, hits FROM portal_throttle")).all())
        api = dict(conn.execute(text("SELECT bucket, count FROM api_rate_counters")).all())
    assert portal == {"sign-in:addr:10.0.0.1": 6, "link:addr:10.0.0.2": 1}
    assert api == {"fail:10.0.0.1:AK1": 9, "call:key:AK2": 120}
    db.upgrade(services.engine)
    assert _counts(services)["sign-in:addr:10.0.0.1"] == 6
