"""Engine set-up: SQLite pragmas and write locking, PostgreSQL pooling, schema upgrade."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
READ_ONLY_OPTION = "iamdesk_read_only"  # the option UnitOfWork(readonly=True) sets
# The newest revision in migrations/versions. Start-up compares the store with it by one query,
# without importing alembic (a fifth of a second); tests hold it equal to alembic's head.
SCHEMA_HEAD = "0011"
# How long a PostgreSQL connection attempt may take before it fails with a clear error
# (psycopg waits 130 s otherwise). The operator's own choice wins: a connect_timeout or a
# service in the URL, or PGCONNECT_TIMEOUT in the environment.
PG_CONNECT_TIMEOUT_S = 10
SQLITE_POOL_SIZE = 20


# SQLite runs one write transaction at a time (writers BEGIN IMMEDIATE). The threads of one
# process take turns on this lock instead of in SQLite's busy handler, whose sleeps (1 ms
# growing to 100 ms) left the store idle while a dozen portal requests queued. Other
# processes still meet the busy handler. A writer waits at most WRITE_TURN_WAIT_S for its
# turn, then goes to SQLite anyway (which refuses after its own busy timeout, as before).
WRITE_TURN_WAIT_S = 30.0
_WRITE_TURNS: dict[str, threading.RLock] = {}
_WRITE_TURNS_LOCK = threading.Lock()


def write_turn(url: str) -> threading.RLock | None:
    """The in-process turn of ``url``'s writers (None: not SQLite, whose server queues them)."""
    if make_url(url).get_backend_name() != "sqlite":
        return None
    with _WRITE_TURNS_LOCK:
        return _WRITE_TURNS.setdefault(url, threading.RLock())


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Build the engine for ``url``; nothing is connected until first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        pool: dict[str, Any] = {}
        if parsed.database and parsed.database != ":memory:":
            _private_store_file(Path(parsed.database))
            # Kept connections for as many threads as a busy portal uses at once: SQLAlchemy
            # closes those past pool_size on return, and a new one costs its pragmas (at 16
            # API clients one was made and dropped on almost every request).
            pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_SIZE}
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30}, **pool)
        _configure_sqlite(engine)
        return engine
    operator_chose = "PGCONNECT_TIMEOUT" in os.environ or any(
        key in parsed.query for key in ("connect_timeout", "service")
    )
    connect_args = {} if operator_chose else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args=connect_args)  # fmt: skip


def _private_store_file(path: Path) -> None:
    """The store file readable by its owner only (SQLite gives its -wal and -shm files the
    same mode), in a data directory made 0700 when we create it."""
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        info = path.stat()
        if os.name == "posix" and info.st_uid == os.geteuid() and info.st_mode & 0o077:
            path.chmod(0o600)  # a store made world-readable by an older version
    except OSError:
        return  # SQLite reports the real problem when it opens the file


def load_driver(url: str) -> None:
    """Import the database driver for ``url`` now (make_engine would import it anyway)."""
    make_url(url).get_dialect().import_dbapi()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (so BEGIN IMMEDIATE
        # below is the only BEGIN), then set the durability pragmas of ARCHITECTURE §2.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the write lock up front: a read-then-write transaction can then never
        # fail half-way with SQLITE_BUSY_SNAPSHOT, and the audit chain's head cannot move under
        # us. Read-only units of work begin deferred: in WAL mode they read a snapshot while a
        # writer (an import) holds the lock, instead of queueing behind it.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=True)


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (installed copies upgrade on start-up)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision (None before the first migration), read without alembic."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:  # branches: this project has one line of migrations
        raise RuntimeError(f"the store has {len(rows)} schema heads; expected one")
    return rows[0][0] if rows else None


def head_revision(engine: Engine) -> str | None:
    """The newest revision as alembic reads migrations/versions (SCHEMA_HEAD must match)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def is_initialised(engine: Engine) -> bool:
    """True once the schema exists and an account has been created."""
    if not inspect(engine).has_table("accounts"):
        return False
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM accounts").scalar_one() > 0
