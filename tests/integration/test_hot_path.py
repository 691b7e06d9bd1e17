"""What the portal's and the API's hot paths rely on: SQLite writers taking turns in-process,
the account row and settings read once, and no stale answer from either (two Services on one
store stand for two workers)."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from app.clock import SystemClock
from app.config import Settings
from app.errors import AuthenticationError
from app.security.signatures.common import SignedRequest
from app.services import Services
from app.services.api_credentials import (
    Caller,
    Refusal,
    SignatureScheme,
    SignedCallRefused,
    SignedCallService,
)
from app.services.records import Actor, NewAccessKey
from app.store.models import Account
from app.store.uow import UnitOfWork
from portal.api.deps import build_api_services

WAIT = 5.0
API_HOST = "api.acme.example"
PASSWORD = "Silver-Otter-Canyon-58"
T = TypeVar("T")


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


def _on_a_loop(calls: Coroutine[Any, Any, T]) -> T:
    """Run ``calls`` on an event loop of its own thread (a browser test in this worker may
    have left one running in this thread)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, calls).result()


def _sdk_signed(key: NewAccessKey) -> SignedRequest:
    """``ListPermanentAccessKeys`` as the Huawei Cloud SDK signs it now."""
    path = "/v3.0/OS-CREDENTIAL/credentials"
    request = SdkRequest(method="GET", schema="https", host=API_HOST, resource_path=path,
                         query_params=[], header_params={}, body="")  # fmt: skip
    Signer(BasicCredentials(key.access_key_id, key.secret_access_key)).sign(request)
    headers = {name.lower(): str(value) for name, value in request.header_params.items()}
    return SignedRequest("GET", path, "", {"host": API_HOST, **headers}, b"")


def test_signed_calls_on_an_event_loop_commit_together_off_the_loop(
    other_worker: Services, root: Actor
) -> None:
    """Concurrent signed calls from the API's event loop share one transaction, run on a
    worker thread (never the loop's), and each gets its own answer: a refused one among
    them changes nothing for the others."""
    names = ("ann", "ben", "cai") * 2  # two keys each
    for name in names[:3]:
        other_worker.users.create(root, name)
    keys = [other_worker.access_keys.create(root, name) for name in names]
    forged = dataclasses.replace(keys[0], secret_access_key="x" * 40)
    calls = SignedCallService(other_worker.context)
    seen: list[tuple[int, int]] = []  # (unit of work, thread) of each successful call

    def then(uow: UnitOfWork, caller: Caller) -> str:
        seen.append((id(uow), threading.get_ident()))
        return caller.user_name

    async def call(key: NewAccessKey) -> str | Refusal:
        try:
            caller, name = await calls.call(
                SignatureScheme.SDK_HMAC_SHA256, _sdk_signed(key), action="Test",
                address="192.0.2.7", then=then,
            )  # fmt: skip
        except SignedCallRefused as refused:
            return refused.refusal
        assert caller.user_name == name
        return name

    async def together() -> tuple[list[str | Refusal], int]:
        answers = await asyncio.gather(*(call(key) for key in [*keys, forged]))
        return answers, threading.get_ident()

    answers, loop_thread = _on_a_loop(together())
    assert answers == [*names, Refusal.SIGNATURE_MISMATCH]
    assert len({uow for uow, _ in seen}) == 1  # one transaction for all seven
    assert loop_thread not in {thread for _, thread in seen}
    events = other_worker.audit.list(root, limit=50)
    calls_audited = [e for e in events if e.action == "api.call"]
    assert sorted(e.outcome for e in calls_audited) == ["failure"] + ["success"] * 6
    assert other_worker.audit.verify(root).ok


def test_token_validations_on_an_event_loop_read_together_off_the_loop(
    services: Services, root: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Concurrent validations from the API's event loop share one read-only transaction on
    a worker thread (never the loop's), and each gets its own answer."""
    services.users.create(root, "dee")
    services.passwords.reset(root, "dee", "set-now", new_password=PASSWORD, must_change=False)
    tokens = [services.api_tokens.issue("dee", PASSWORD).token for _ in range(3)]
    keystone = build_api_services(services).keystone
    opened: list[tuple[bool, int]] = []  # (read-only, thread) of each unit of work
    uow = services.context.uow

    def counted(*, readonly: bool = False) -> UnitOfWork:
        opened.append((readonly, threading.get_ident()))
        return uow(readonly=readonly)

    monkeypatch.setattr(services.context, "uow", counted)

    async def validate(token: str) -> str:
        try:
            return (await keystone.validate(token, auth_token=tokens[0])).user_name
        except AuthenticationError as refused:
            return refused.code

    async def together() -> tuple[list[str], int]:
        answers = await asyncio.gather(*(validate(t) for t in [*tokens, "not-a-token"]))
        return answers, threading.get_ident()

    answers, loop_thread = _on_a_loop(together())
    assert answers == ["dee"] * 3 + ["apitoken.unknown"]
    assert len(opened) == 1  # one read for all four
    readonly, thread = opened[0]
    assert readonly and thread != loop_thread
