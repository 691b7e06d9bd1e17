"""What the portal's and the API's hot paths rely on: SQLite writers taking turns in-process,
the account row and settings read once, and no stale answer from either (two Services on one
store stand for two workers)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from app.clock import SystemClock
from app.config import Settings
from app.services import Services
from app.services.records import Actor
from app.store.models import Account

WAIT = 5.0


@pytest.fixture
def other_worker(settings: Settings, root: Actor) -> Iterator[Services]:
    """A second Services on the same store, as another portal worker holds."""
    other = Services.open(settings, clock=SystemClock(), upgrade=False)
    yield other
    other.close()


def test_a_settings_change_is_seen_at_once_by_another_worker(
    services: Services, other_worker: Services, root: Actor
) -> None:
    ctx = other_worker.context
    with ctx.uow(readonly=True) as uow:
        before = ctx.account_settings(uow).login_policy.idle_lock_minutes
        assert ctx.account_settings(uow) is ctx.account_settings(uow)  # parsed once
    services.account.set_login_policy(root, {"idle_lock_minutes": before + 7})
    with ctx.uow(readonly=True) as uow:
        assert ctx.account_settings(uow).login_policy.idle_lock_minutes == before + 7
    services.account.set_login_policy(root, {"idle_lock_minutes": before})
    with ctx.uow() as uow:
        assert ctx.account_settings(uow).login_policy.idle_lock_minutes == before


def test_the_account_row_is_read_once_per_unit_of_work(
    services: Services, other_worker: Services, root: Actor
) -> None:
    ctx = other_worker.context
    with ctx.uow() as uow:
        first = ctx.account(uow)
        assert ctx.account(uow) is first
        assert ctx.account(uow, for_update=True) is first  # the same row, now locked
        text = first.settings_json
    services.account.set_portal(root, "https://portal.acme.example/")
    with ctx.uow(readonly=True) as uow:  # a new unit of work reads it again
        assert ctx.account(uow) is not first
        assert "portal.acme.example" in ctx.account(uow).settings_json != text


def _enter_in_thread(
    services: Services, readonly: bool, entered: threading.Event, done: threading.Event
) -> threading.Thread:
    """A unit of work in a thread: ``entered`` once it has begun, ``done`` once it has read."""

    def run() -> None:
        with services.context.uow(readonly=readonly) as uow:
            entered.set()
            uow.session.execute(Account.__table__.select())
            done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_sqlite_writers_take_turns_and_readers_do_not_wait(services: Services, root: Actor) -> None:
    if not services.context.settings.is_sqlite:
        pytest.skip("the in-process turn is SQLite's (PostgreSQL queues its own writers)")
    with services.context.uow() as holder:
        holder.session.execute(Account.__table__.select())  # BEGIN IMMEDIATE: the lock
        reader_in, reader_done = threading.Event(), threading.Event()
        writer_in, writer_done = threading.Event(), threading.Event()
        reader = _enter_in_thread(services, True, reader_in, reader_done)
        writer = _enter_in_thread(services, False, writer_in, writer_done)
        assert reader_done.wait(WAIT)  # a reader reads its snapshot meanwhile
        time.sleep(0.3)
        # The writer waits for its turn before its unit of work begins, not inside SQLite's
        # busy handler (which sleeps up to 100 ms at a time).
        assert not writer_in.is_set()
    assert writer_done.wait(WAIT)  # and gets it when the holder leaves
    reader.join(WAIT)
    writer.join(WAIT)


def test_a_failed_writer_hands_its_turn_on(services: Services, root: Actor) -> None:
    if not services.context.settings.is_sqlite:
        pytest.skip("the in-process turn is SQLite's")
    with pytest.raises(RuntimeError), services.context.uow():
        raise RuntimeError("a unit of work that fails")
    entered, done = threading.Event(), threading.Event()
    _enter_in_thread(services, False, entered, done).join(WAIT)
    assert done.is_set()


def test_concurrent_writers_all_commit(services: Services, root: Actor) -> None:
    """Sixteen threads writing at once: every change lands, none meets 'database is locked'."""
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(5):
                services.account.set_portal(root, f"https://p{n}-{i}.acme.example/")
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    chain = services.audit.verify(root)
    assert chain.ok, chain.reason
    events = services.audit.list(root, limit=1000)
    assert sum(e.action == "settings.portal" for e in events) == 16 * 5
