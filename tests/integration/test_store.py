"""The store itself: pragmas, migrations, the unit of work, optimistic locking, audit chain."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.config import Settings
from app.errors import StaleEditError
from app.services import Services
from app.services.records import Actor
from app.store import audit, db
from app.store.models import AuditEvent, User


def test_sqlite_runs_with_wal_foreign_keys_and_full_sync(services: Services) -> None:
    if services.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with services.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_migrations_reach_head_and_create_every_table(services: Services) -> None:
    assert db.current_revision(services.engine) == db.head_revision(services.engine)
    tables = set(inspect(services.engine).get_table_names())
    assert {
        "accounts",
        "users",
        "password_history",
        "one_time_tokens",
        "outbox_messages",
        "audit_events",
        "operator_sessions",
    } <= tables


def test_schema_head_constant_is_alembics_head(services: Services) -> None:
    # Start-up trusts db.SCHEMA_HEAD instead of importing alembic: a new migration must move it.
    assert db.SCHEMA_HEAD == db.head_revision(services.engine)


def test_opening_an_older_store_upgrades_it(database_url: str, settings: Settings) -> None:
    from alembic import command

    engine = db.make_engine(database_url)
    command.downgrade(db.alembic_config(engine), "0002")  # the template is at head
    assert db.current_revision(engine) == "0002"
    engine.dispose()
    services = Services.open(settings)  # upgrade=True, as the front ends open it
    try:
        assert db.current_revision(services.engine) == db.SCHEMA_HEAD
    finally:
        services.close()


def test_an_empty_store_has_no_revision_and_is_migrated_on_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    engine = db.make_engine(url)
    assert db.current_revision(engine) is None
    engine.dispose()
    services = Services.open(Settings(home=tmp_path, database_url=url, key_file=None))
    try:
        assert db.current_revision(services.engine) == db.SCHEMA_HEAD
        assert inspect(services.engine).has_table("users")
    finally:
        services.close()


@pytest.mark.parametrize(
    ("default_s", "environment", "query"),
    [
        (1, {}, ""),  # IAM Desk's own limit
        (60, {"PGCONNECT_TIMEOUT": "1"}, ""),  # the operator's, from the environment...
        (60, {}, "?connect_timeout=1"),  # ...or from the store's URL: it wins over ours
    ],
)
def test_a_postgresql_server_that_never_answers_fails_within_the_connect_timeout(
    monkeypatch: pytest.MonkeyPatch, default_s: int, environment: dict[str, str], query: str
) -> None:
    # A host that accepts the connection and then says nothing (or drops packets) must not
    # hold the console's start for minutes: the connect times out and the error says where.
    monkeypatch.setattr(db, "PG_CONNECT_TIMEOUT_S", default_s)
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        engine = db.make_engine(f"postgresql://iamdesk@127.0.0.1:{port}/iamdesk{query}")
        raised: list[BaseException] = []

        def connect() -> None:
            try:
                engine.connect()
            except BaseException as exc:  # noqa: BLE001 - looked at below
                raised.append(exc)

        attempt = threading.Thread(target=connect, daemon=True)  # psycopg alone: 130 s
        attempt.start()
        attempt.join(timeout=10)
        engine.dispose()
    assert not attempt.is_alive(), "the connect attempt did not time out"
    assert isinstance(raised[0], OperationalError) and "timeout" in str(raised[0])


def test_unit_of_work_rolls_back_without_commit(services: Services, root: Actor) -> None:
    with services.context.uow() as uow:
        uow.session.add(_bare_user(uow, "ghost"))
        uow.flush()
    with services.context.uow() as uow:
        assert uow.session.scalars(select(User).where(User.name == "ghost")).first() is None


def test_unit_of_work_rolls_back_on_error(services: Services, root: Actor) -> None:
    with pytest.raises(RuntimeError), services.context.uow() as uow:
        uow.session.add(_bare_user(uow, "ghost"))
        uow.audit(root.label, "user.create", "ghost")
        uow.flush()
        raise RuntimeError("boom")
    with services.context.uow() as uow:
        assert uow.session.scalars(select(User).where(User.name == "ghost")).first() is None
        assert (
            uow.session.scalars(select(AuditEvent).where(AuditEvent.target == "ghost")).all() == []
        )


def test_concurrent_edit_of_one_user_is_caught(services: Services, root: Actor) -> None:
    """Two workstations read version N; the second to save is told to reload."""
    services.users.create(root, "alice")
    with services.context.uow() as uow_b:
        b = uow_b.session.scalars(select(User).where(User.name == "alice")).one()
        uow_b.session.commit()  # B's read ends; B keeps the row it read
        with services.context.uow() as uow_a:
            a = uow_a.session.scalars(select(User).where(User.name == "alice")).one()
            a.display_name = "from workstation A"
            uow_a.commit()
        b.display_name = "from workstation B"
        with pytest.raises(StaleEditError, match="changed by someone else"):
            uow_b.commit()
    assert services.users.get(root, "alice").display_name == "from workstation A"


def test_stale_expected_version_is_refused_without_change(services: Services, root: Actor) -> None:
    user = services.users.create(root, "alice")
    services.users.update(root, "alice", display_name="Alice A", expected_version=user.version)
    with pytest.raises(StaleEditError, match="changed by someone else — reload"):
        services.users.update(root, "alice", display_name="Stale", expected_version=user.version)
    assert services.users.get(root, "alice").display_name == "Alice A"


def test_audit_log_refuses_update_and_delete(services: Services, root: Actor) -> None:
    for statement in ("UPDATE audit_events SET actor = 'mallory'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), services.engine.begin() as conn:
            conn.execute(text(statement))
    if services.engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), services.engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_events"))
    with services.context.uow() as uow:
        assert audit.verify(uow.session, uow.chain_key()).ok


def test_audit_chain_verification_finds_tampering(services: Services, root: Actor) -> None:
    for name in ("alice", "bob", "carol"):
        services.users.create(root, name)
    assert services.audit.verify(root).ok
    assert services.audit.verify(root).events == 4  # init + three creates
    with services.engine.begin() as conn:
        _disable_audit_guard(conn)
        conn.execute(text("UPDATE audit_events SET target = 'mallory' WHERE target = 'bob'"))
    result = services.audit.verify(root)
    assert not result.ok
    assert result.first_bad_id is not None
    bad = services.audit.list(root, limit=10)
    assert [e.id for e in bad if e.target == "mallory"] == [result.first_bad_id]


def test_audit_chain_verification_finds_a_removed_event(services: Services, root: Actor) -> None:
    for name in ("alice", "bob", "carol"):
        services.users.create(root, name)
    with services.engine.begin() as conn:
        _disable_audit_guard(conn)
        conn.execute(text("DELETE FROM audit_events WHERE target = 'bob'"))
    result = services.audit.verify(root)
    assert not result.ok
    assert "previous-hash" in result.reason


def test_audit_refuses_secret_looking_details(services: Services, root: Actor) -> None:
    with services.context.uow() as uow, pytest.raises(ValueError, match="secret"):
        uow.audit(root.label, "x", "y", password="hunter2")


def _disable_audit_guard(conn) -> None:  # type: ignore[no-untyped-def]
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("DROP TRIGGER audit_events_no_delete"))
    else:
        conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))


def _bare_user(uow, name: str) -> User:  # type: ignore[no-untyped-def]
    from app.services.users import new_user

    return new_user(uow, name, email=None, mobile=None, display_name="", description="")
