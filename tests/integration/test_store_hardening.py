"""The store under attack: a keyed audit chain, vault keys that survive rollbacks, reads that
do not wait for writers, and private files. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import stat
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.clock import FrozenClock
from app.config import Settings
from app.domain.roles import Role
from app.errors import VaultUnavailableError
from app.services import Services
from app.services.records import Actor
from app.store import audit
from app.store.models import Account, AuditEvent
from tests.conftest import ROOT_PASSWORD
from tests.integration.test_store import _disable_audit_guard


def _rehash_plain_from(services: Services, first_id: int) -> None:
    """What an attacker with the store file does: change nothing but the hashes, from
    ``first_id`` on, as plain SHA-256 (the old chain) — the triggers already dropped."""
    with services.engine.begin() as conn:
        rows = conn.execute(
            select(AuditEvent.__table__).order_by(AuditEvent.id)
        ).mappings().all()  # fmt: skip
        prev = audit.GENESIS
        for row in rows:
            if row["id"] >= first_id:
                fields = ("at", "actor", "action", "target", "outcome", "details")
                digest = audit.event_hash(prev, *(row[f] for f in fields))
                conn.execute(
                    text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                    {"p": prev, "h": digest, "i": row["id"]},
                )
                prev = digest
            else:
                prev = row["hash"]


def test_a_changed_and_rehashed_audit_event_fails_verify(services: Services, root: Actor) -> None:
    for name in ("alice", "bob", "carol"):
        services.users.create(root, name)
    result = services.audit.verify(root)
    assert result.ok and result.keyed_from is not None  # a new store chains with its key
    with services.engine.begin() as conn:
        _disable_audit_guard(conn)
        conn.execute(text("UPDATE audit_events SET target = 'mallory' WHERE target = 'bob'"))
    bob_id = [e.id for e in services.audit.list(root) if e.target == "mallory"][0]
    _rehash_plain_from(services, bob_id)
    forged = services.audit.verify(root)
    assert not forged.ok and forged.first_bad_id == bob_id
    # Re-hashing the whole log as plain SHA-256 does not help either.
    _rehash_plain_from(services, 1)
    forged = services.audit.verify(root)
    assert not forged.ok and "rewritten" in forged.reason


def test_a_store_from_before_the_keyed_chain_upgrades_with_a_marker(
    tmp_path: Path, database_url: str, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No key file and no keyring: the store starts as stores did before, plain SHA-256.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    bare = Settings(home=tmp_path, database_url=database_url, key_file=None)
    old = Services.open(bare, clock=clock, upgrade=False)
    old.account.init("acme", ROOT_PASSWORD, email="admin@acme.example")
    root = Actor("acme", Role.ROOT)
    old.users.create(root, "alice")
    assert old.audit.verify(root).keyed_from is None
    old.close()

    key_file = tmp_path / "iamdesk.key"
    from app.security.vault import create_key_file

    create_key_file(key_file)
    keyed = Services.open(replace(bare, key_file=key_file), clock=clock, upgrade=False)
    try:
        keyed.users.create(root, "bob")  # the first keyed write: marker, then the event
        events = keyed.audit.list(root)
        assert [e.action for e in events[:2]] == ["user.create", audit.MARKER_ACTION]
        result = keyed.audit.verify(root)
        assert result.ok and result.keyed_from == events[1].id and result.events == 4
        # The old part cannot be rewritten: the marker's keyed hash covers its link.
        with keyed.engine.begin() as conn:
            _disable_audit_guard(conn)
            conn.execute(text("UPDATE audit_events SET target = 'mallory' WHERE target = 'alice'"))
        _rehash_plain_from(keyed, 1)
        assert not keyed.audit.verify(root).ok
    finally:
        keyed.close()


@pytest.fixture
def keyless_store(
    tmp_path: Path, database_url: str, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """A store initialised where no wrapping key was available (no data key yet); returns
    settings that name a key file now."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    bare = Settings(home=tmp_path, database_url=database_url, key_file=None)
    first = Services.open(bare, clock=clock, upgrade=False)
    first.account.init("acme", ROOT_PASSWORD, email="admin@acme.example")
    first.close()
    from app.security.vault import create_key_file

    create_key_file(tmp_path / "iamdesk.key")
    return replace(bare, key_file=tmp_path / "iamdesk.key")


ROOT = Actor("acme", Role.ROOT)


def test_a_rolled_back_first_secret_write_loses_no_key(
    keyless_store: Settings, clock: FrozenClock
) -> None:
    settings, root = keyless_store, ROOT
    fresh = Services.open(settings, clock=clock, upgrade=False)
    try:
        with fresh.context.uow() as uow:  # the first secret write, rolled back
            fresh.context.vault(uow).encrypt(b"lost", aad=b"x")
        assert fresh.context._vault is None  # nothing cached from a rolled-back transaction
        fresh.users.create(root, "alice", email="alice@example.com")
        with fresh.context.uow() as uow:
            sealed = fresh.context.vault(uow).encrypt(b"kept", aad=b"x")
            uow.commit()
    finally:
        fresh.close()
    restarted = Services.open(settings, clock=clock, upgrade=False)
    try:
        with restarted.context.uow() as uow:
            assert uow.session.scalar(select(Account.wrapped_data_key)) is not None
            assert restarted.context.vault(uow).decrypt(sealed, aad=b"x") == b"kept"
        assert restarted.audit.verify(root).ok
    finally:
        restarted.close()


def test_two_threads_creating_the_data_key_at_once_end_with_one(
    keyless_store: Settings, clock: FrozenClock
) -> None:
    settings = keyless_store
    fresh = Services.open(settings, clock=clock, upgrade=False)
    sealed: list[bytes] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def seal(text_: bytes) -> None:
        try:
            start.wait(5)
            with fresh.context.uow() as uow:
                sealed.append(fresh.context.vault(uow).encrypt(text_, aad=b"x"))
                uow.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=seal, args=(t,)) for t in (b"one", b"two")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    fresh.close()
    assert not errors and len(sealed) == 2
    restarted = Services.open(settings, clock=clock, upgrade=False)
    try:
        with restarted.context.uow() as uow:
            vault = restarted.context.vault(uow)
            assert sorted(vault.decrypt(s, aad=b"x") for s in sealed) == [b"one", b"two"]
    finally:
        restarted.close()


def test_a_read_answers_while_another_connection_holds_the_write_lock(
    services: Services, root: Actor
) -> None:
    services.users.create(root, "alice")
    writer = services.engine.connect()
    try:
        writer.begin()  # BEGIN IMMEDIATE on SQLite; a write transaction on PostgreSQL
        writer.execute(text("UPDATE users SET description = 'importing' WHERE name = 'alice'"))
        started = time.monotonic()
        page = services.users.list(root)
        services.users.get(root, "alice")
        assert services.audit.verify(root).ok
        services.audit.list(root, limit=5)
        assert time.monotonic() - started < 1.0
        assert [u.name for u in page.rows] == ["alice"]
    finally:
        writer.rollback()
        writer.close()


def test_a_locked_sqlite_store_says_it_is_busy(tmp_path: Path) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from app.cli.entry import _unexpected_line

    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            waiter.execute("BEGIN IMMEDIATE")
    finally:
        waiter.close()
        holder.rollback()
        holder.close()
    line = _unexpected_line(OperationalError("BEGIN IMMEDIATE", {}, raised.value), None)
    assert "is busy: another program is writing" in line
    assert "IAMDESK_DATABASE_URL" not in line


def test_the_sqlite_store_and_a_new_data_directory_are_private(tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    url = f"sqlite:///{home / 'iamdesk.sqlite3'}"
    old_umask = os.umask(0o022)
    try:
        services = Services.open(Settings(home=home, database_url=url, key_file=None))
        try:
            with services.context.uow() as uow:
                uow.session.execute(text("SELECT 1"))
        finally:
            services.close()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for path in home.glob("iamdesk.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_key_file_owned_by_someone_else_or_readable_by_others_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.security.vault import KeyFileWrappingKey, create_key_file

    path = tmp_path / "k"
    create_key_file(path)
    assert len(KeyFileWrappingKey(path).key()) == 32
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(path).st_uid + 1)
    with pytest.raises(VaultUnavailableError, match="belongs to another user"):
        KeyFileWrappingKey(path).key()
    monkeypatch.undo()
    path.chmod(0o640)
    with pytest.raises(VaultUnavailableError, match="chmod 600"):
        KeyFileWrappingKey(path).key()


def test_a_store_with_an_older_data_key_keys_its_chain_and_keeps_its_secrets(
    keyless_store: Settings, clock: FrozenClock
) -> None:
    # A store as the previous version left it: a version-1 wrapped data key, plain events.
    import secrets as std_secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from app.security.vault import KeyFileWrappingKey, Vault

    data_key = AESGCM.generate_key(bit_length=256)
    nonce = std_secrets.token_bytes(12)
    wrapping = KeyFileWrappingKey(keyless_store.key_file)  # type: ignore[arg-type]
    old_blob = (
        b"\x01" + nonce + AESGCM(wrapping.key()).encrypt(nonce, data_key, b"iamdesk:data-key:v1")
    )
    sealed = Vault(data_key).encrypt(b"an old secret", aad=b"x")
    services = Services.open(keyless_store, clock=clock, upgrade=False)
    try:
        with services.engine.begin() as conn:
            conn.execute(
                text("UPDATE accounts SET wrapped_data_key = :b, key_source = 'key-file'"),
                {"b": old_blob},
            )
        before = services.audit.verify(ROOT)
        assert before.ok and before.keyed_from is None  # still the plain chain, still intact
        services.users.create(ROOT, "alice")
        after = services.audit.verify(ROOT)
        assert after.ok and after.keyed_from is not None and after.events == 3
        with services.context.uow() as uow:
            blob = uow.session.scalar(select(Account.wrapped_data_key))
        assert blob is not None and blob[:1] == b"\x02"
    finally:
        services.close()
    restarted = Services.open(keyless_store, clock=clock, upgrade=False)
    try:
        with restarted.context.uow() as uow:
            assert restarted.context.vault(uow).decrypt(sealed, aad=b"x") == b"an old secret"
        assert restarted.audit.verify(ROOT).ok
    finally:
        restarted.close()
