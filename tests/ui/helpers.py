"""What the UI tests share: the wait budget, the SQLite-only mark and a signed-in window."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.records import SignInResult
from tests.conftest import ROOT_PASSWORD
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

# How long a UI test waits for a signal or a condition (ms): generous, as a busy 2-core
# machine is slow; a passing test never waits for all of it.
WAIT = 10_000
# UI tests run on SQLite: the store's behaviour on PostgreSQL is the integration tests' subject.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
# The user the `alice` fixture creates.
ALICE_EMAIL = "alice@example.com"
ALICE_MOBILE = "+8613800138000"


def signed_in_window(qtbot: QtBot, services: Services, runner: TaskRunner,
                     name: str = "acme", password: str = ROOT_PASSWORD, *,
                     idle_timeout_ms: int = 3_600_000) -> MainWindow:  # fmt: skip
    """A shown main window for ``name``, signed in with a password alone."""
    session = services.auth.sign_in(name, password)
    assert isinstance(session, SignInResult)
    window = MainWindow(services, runner, session, idle_timeout_ms=idle_timeout_ms)
    qtbot.addWidget(window)
    window.show()
    return window
