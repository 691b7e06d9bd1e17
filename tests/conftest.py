"""Shared fixtures: every store test runs on SQLite and on a real PostgreSQL server.

Password hashing is cheap in tests (IAMDESK_TEST_CHEAP_HASHING=1, see app/security/passwords.py)
except where hashing, sign-in timing or the benchmark is the subject: mark those tests
``@pytest.mark.production_hashing`` (or list their module in PRODUCTION_HASHING_MODULES).
Run the whole suite at production cost with IAMDESK_TEST_CHEAP_HASHING=0.

Under pytest-xdist every worker is its own process: its own throwaway PostgreSQL server, its
own template database, its own offscreen Qt.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from app.clock import FrozenClock
from app.config import Settings
from app.domain.roles import Role
from app.security.passwords import ENV_TEST_CHEAP_HASHING
from app.services import Services
from app.services.records import Actor
from app.store import db
from tests.support.postgres import throwaway_server

ROOT_PASSWORD = "Correct-Horse-Battery-9"
BACKENDS = ["sqlite", "postgresql"]
TESTS_DIR = Path(__file__).resolve().parent
# Modules whose subject is hashing itself: every test in them hashes at production cost.
PRODUCTION_HASHING_MODULES = {
    TESTS_DIR / "unit" / "test_passwords.py",
    TESTS_DIR / "unit" / "test_security_primitives.py",
    # the sign-in paths must cost the same argon2id time for known and unknown names
    TESTS_DIR / "integration" / "test_sign_in_timing.py",
}
# Under xdist whole files go to the workers in collection order (--no-loadscope-reorder in the
# Makefile), so the longest files are collected first: started early, they end beside the
# short ones instead of one worker running the soak alone at the end. Each file's seconds on
# this 2-core machine, from a timed run of `make test` (2026-12-03):
LONGEST_FIRST = (
    "packaging/test_deb.py",  # 152 (builds the .deb)
    "ui/test_soak.py",  # 94
    "portal/test_browser_sign_in.py",  # 73
    "e2e/test_kill.py",  # 42
    "integration/test_sign_in_timing.py",  # 32
    "integration/test_security_keys_usb.py",  # 32
    "portal/test_browser_self_service.py",  # 30
    "e2e/test_cli_credentials.py",  # 22
    "e2e/test_cli_process.py",  # 20
)
# Hypothesis's 200 ms per-example deadline fails examples on a busy 2-core machine (and more
# so with one xdist worker per core): a wall-clock threshold, not a property. Tests that
# set their own deadline keep it.
hypothesis.settings.register_profile("iamdesk", deadline=None)
hypothesis.settings.load_profile("iamdesk")


def pytest_configure(config: pytest.Config) -> None:
    # setdefault: IAMDESK_TEST_CHEAP_HASHING=0 runs everything at production cost.
    os.environ.setdefault(ENV_TEST_CHEAP_HASHING, "1")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--device",
        action="store_true",
        help="also run the tests marked `device` (a real FIDO2 key must be plugged in)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    no_device = pytest.mark.skip(reason="needs a real FIDO2 key: run with --device")
    for item in items:
        if Path(str(item.fspath)).resolve() in PRODUCTION_HASHING_MODULES:
            item.add_marker(pytest.mark.production_hashing)
        if "device" in item.keywords and not config.getoption("--device"):
            item.add_marker(no_device)
    items.sort(key=_longest_first)


def _longest_first(item: pytest.Item) -> int:
    """The file's place in LONGEST_FIRST; every other file after them (the sort is stable)."""
    name = Path(str(item.fspath)).resolve().relative_to(TESTS_DIR).as_posix()
    return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)


@pytest.fixture(autouse=True)
def _password_hashing_cost(request: pytest.FixtureRequest) -> Iterator[None]:
    """Production argon2id parameters for tests marked production_hashing, cheap ones else."""
    if request.node.get_closest_marker("production_hashing") is None:
        yield
        return
    # (the sign-in core's dummy hash follows the parameters in force: it is re-made when
    # they differ from the ones it was made with)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(ENV_TEST_CHEAP_HASHING, raising=False)
        yield


def _worker() -> str:
    """This pytest-xdist worker's id ("gw0", ...), or "main" without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


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
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite store that each test copies (fast, and still the migrations' schema)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return str(path)


@pytest.fixture(scope="session")
def pg_admin(pg_admin_url: str | None) -> Iterator[Engine | None]:
    """One autocommit superuser engine for creating and dropping the tests' databases."""
    if not pg_admin_url:
        yield None
        return
    engine = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str | None, pg_admin: Engine | None) -> str | None:
    """The name of a migrated PostgreSQL database each test clones, or None without a server."""
    if not pg_admin_url or pg_admin is None:
        return None
    name = f"iamdesk_template_{_worker()}"  # workers may share IAMDESK_TEST_PG_URL's server
    with pg_admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = db.make_engine(pg_admin_url.rsplit("/", 1)[0] + f"/{name}")
    db.upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(scope="session")
def store_templates(request: pytest.FixtureRequest, sqlite_template: str) -> dict[str, str | None]:
    """Both templates (kept for callers of the earlier fixture; starts PostgreSQL)."""
    return {"sqlite": sqlite_template, "postgresql": request.getfixturevalue("pg_template")}


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated store for this test, on each backend in turn.

    PostgreSQL's server starts only when a PostgreSQL case first runs (`-k sqlite` never
    starts it).
    """
    if request.param == "sqlite":
        path = tmp_path / "iamdesk.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    pg_admin_url: str | None = request.getfixturevalue("pg_admin_url")
    template: str | None = request.getfixturevalue("pg_template")
    admin: Engine | None = request.getfixturevalue("pg_admin")
    if not pg_admin_url or template is None or admin is None:
        pytest.skip("PostgreSQL is not available here (make test provides it)")
    name = f"t_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))

    def _drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

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
