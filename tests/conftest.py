"""Shared fixtures: every store test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.clock import FrozenClock
from app.config import Settings
from app.domain.roles import Role
from app.services import Services
from app.services.records import Actor
from app.store import db
from tests.support.postgres import throwaway_server

ROOT_PASSWORD = "Correct-Horse-Battery-9"
BACKENDS = ["sqlite", "postgresql"]


def _pg_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("IAMDESK_REQUIRE_ALL"))


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str | None]:
    """A throwaway server's superuser URL, or IAMDESK_TEST_PG_URL when given."""
    given = os.environ.get("IAMDESK_TEST_PG_URL")
    if given:
        yield given
        return
    try:
        with throwaway_server() as url:
            yield url
    except (RuntimeError, OSError) as exc:
        if _pg_required():
            raise
        yield None
        print(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(scope="session")
def store_templates(
    tmp_path_factory: pytest.TempPathFactory, pg_admin_url: str | None
) -> dict[str, str | None]:
    """Migrate once per backend; each test then copies the template (fast, and still the
    schema the migrations make)."""
    sqlite_path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = db.make_engine(f"sqlite:///{sqlite_path}")
    db.upgrade(engine)
    engine.dispose()
    templates: dict[str, str | None] = {"sqlite": str(sqlite_path), "postgresql": None}
    if pg_admin_url:
        admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS iamdesk_template"))
            conn.execute(text("CREATE DATABASE iamdesk_template"))
        admin.dispose()
        url = pg_admin_url.rsplit("/", 1)[0] + "/iamdesk_template"
        engine = db.make_engine(url)
        db.upgrade(engine)
        engine.dispose()
        templates["postgresql"] = "iamdesk_template"
    return templates


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    store_templates: dict[str, str | None],
    pg_admin_url: str | None,
) -> str:
    """A fresh, migrated store for this test, on each backend in turn."""
    if request.param == "sqlite":
        path = tmp_path / "iamdesk.sqlite3"
        shutil.copyfile(str(store_templates["sqlite"]), path)
        return f"sqlite:///{path}"
    if not pg_admin_url:
        pytest.skip("PostgreSQL is not available here (make test provides it)")
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE iamdesk_template'))
    admin.dispose()

    def _drop() -> None:
        admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(_drop)
    return pg_admin_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return Settings(home=home, database_url=database_url, key_file=tmp_path / "iamdesk.key")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def services(settings: Settings, clock: FrozenClock) -> Iterator[Services]:
    svc = Services.open(settings, clock=clock, upgrade=False)
    yield svc
    svc.close()


@pytest.fixture
def root(services: Services) -> Actor:
    """The account, initialised; returns the root operator."""
    services.account.init("acme", ROOT_PASSWORD, email="admin@acme.example")
    return Actor("acme", Role.ROOT)
