"""UI tests run in a real Qt window on the offscreen platform (each xdist worker its own).

Shared fixtures live here (`runner`, `alice`, `chinese`, private QSettings), shared constants
and helpers in tests/ui/helpers.py (`WAIT`, `SQLITE_ONLY`, `signed_in_window`, `assert_chinese`).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QLocale, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services import Services  # noqa: E402
from app.services.records import Actor  # noqa: E402
from tests.ui.helpers import ALICE_EMAIL, ALICE_MOBILE, WAIT  # noqa: E402
from tests.ui.helpers import signed_in_window as signed_in_window  # noqa: E402  # compatible
from ui import i18n  # noqa: E402
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
def runner(request: pytest.FixtureRequest) -> Iterator[TaskRunner]:
    """The TaskRunner the widgets under test use; every task must finish by the test's end.

    When the test uses the store, the services are set up first so that they are closed
    only after the runner's tasks have finished (fixtures tear down in reverse order).
    """
    if "services" in request.fixturenames:
        request.getfixturevalue("services")
    runner = TaskRunner()
    yield runner
    assert runner.wait(WAIT)


@pytest.fixture
def alice(services: Services, root: Actor) -> str:
    """The user alice (display name, email and mobile set), made by root; returns the name."""
    services.users.create(
        root, "alice", email=ALICE_EMAIL, mobile=ALICE_MOBILE, display_name="Alice"
    )
    return "alice"


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The app's and Qt's Chinese translators, as ui.main installs them."""
    assert i18n.install_translators(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.remove_translators(qapp)
    QLocale.setDefault(QLocale.system())
