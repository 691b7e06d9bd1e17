"""UI tests run in a real Qt window on the offscreen platform."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app.services import Services  # noqa: E402
from app.services.records import SignInResult  # noqa: E402
from tests.conftest import ROOT_PASSWORD  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

UI_DIR = Path(__file__).resolve().parent
# The offscreen platform warns on every top-level window; nothing the app can fix.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if UI_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """Each test gets its own QSettings (window geometry, column widths, key file)."""
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    qapp.setOrganizationName("IAM Desk Tests")
    qapp.setApplicationName("IAM Desk Tests")
    yield folder


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """The TaskRunner the widgets under test use; every task must finish by the test's end."""
    runner = TaskRunner()
    yield runner
    assert runner.wait(10_000)


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
