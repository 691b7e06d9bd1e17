"""Import users from CSV in the console (issue 13, point 7): choose a file, see every bad line
before anything is written, import with a progress bar, and Cancel writes nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.records import Actor
from app.services.user_import_records import ImportStage
from tests.support.dbdump import dump
from tests.ui.helpers import SQLITE_ONLY, WAIT, assert_chinese
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.users import import_progress
from ui.users.import_dialog import ImportUsersDialog
from ui.users.users_page import UsersPage

pytestmark = SQLITE_ONLY


def _write(path: Path, rows: int, bad: tuple[int, ...] = ()) -> Path:
    lines = ["name,email,mobile,display_name"]
    for n in range(rows):
        name = "bad name!" if n in bad else f"csv{n:05d}"
        lines.append(f"{name},csv{n:05d}@example.com,,From CSV {n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def page(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor) -> UsersPage:
    page = UsersPage(ConsoleSession(services, runner, root))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.total is not None, timeout=WAIT)
    return page


def _open(qtbot: QtBot, page: UsersPage, path: Path,
          monkeypatch: pytest.MonkeyPatch) -> ImportUsersDialog:  # fmt: skip
    monkeypatch.setattr(ImportUsersDialog, "_ask_path", lambda self: str(path))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.window().findChild(ImportUsersDialog)
    assert dialog is not None and not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None or bool(dialog.error.text()), timeout=WAIT)
    return dialog


def test_bad_lines_are_listed_before_anything_is_written(
    qtbot: QtBot, page: UsersPage, tmp_path: Path, database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    before = dump(database_url)
    dialog = _open(qtbot, page, _write(tmp_path / "staff.csv", 20, bad=(3, 11)), monkeypatch)
    assert dialog.preview is not None and dialog.preview.total_bad == 2
    assert dialog.summary.text().startswith("Bad lines: 2.")
    table = dialog.error_table
    assert table.isVisible() and table.rowCount() == 2
    assert [table.item(r, 0).text() for r in range(2)] == ["5", "13"]
    assert "not allowed" in table.item(0, 2).text()
    assert not dialog.import_button.isEnabled()
    assert dump(database_url) == before
    dialog.reject()


def test_a_good_file_is_imported_with_progress(
    qtbot: QtBot, page: UsersPage, tmp_path: Path, services: Services, root: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dialog = _open(qtbot, page, _write(tmp_path / "staff.csv", 3000), monkeypatch)
    assert dialog.summary.text() == "3,000 users are ready to import."
    assert dialog.import_button.isEnabled()
    values: list[int] = []
    dialog.bar.valueChanged.connect(values.append)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT) as imported, \
            qtbot.waitSignal(page.model.loaded, timeout=WAIT):  # fmt: skip
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.bar.isVisible() and not dialog.choose_button.isEnabled()
    assert imported.args == [3000]
    assert values and values == sorted(values)  # the bar only moves forward
    assert services.users.list(root, limit=1).total == 3000
    assert page.count_label.text() == "3,000 users"


def test_cancel_during_the_import_writes_nothing(
    qtbot: QtBot, page: UsersPage, tmp_path: Path, database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dialog = _open(qtbot, page, _write(tmp_path / "staff.csv", 5000), monkeypatch)
    before = dump(database_url)
    writing, go_on = threading.Event(), threading.Event()
    report = import_progress.ImportProgress.__call__

    def held(self: import_progress.ImportProgress, stage: ImportStage, done: int,
             total: int) -> None:  # fmt: skip
        report(self, stage, done, total)
        if stage is ImportStage.USERS and done > 0 and not go_on.is_set():
            writing.set()
            go_on.wait(WAIT / 1000)  # the worker waits here until Cancel was pressed

    monkeypatch.setattr(import_progress.ImportProgress, "__call__", held)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(writing.is_set, timeout=WAIT)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.cancel_button.text() == "Cancelling…"
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.summary.text() == "Import cancelled: nothing was imported."
    assert dump(database_url) == before
    assert dialog.isVisible() and dialog.import_button.isEnabled()  # it may be tried again
    dialog.reject()


def test_the_chinese_console_lists_bad_lines_in_chinese(
    qtbot: QtBot, page: UsersPage, tmp_path: Path, services: Services, root: Actor,
    chinese: None, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    services.users.create(root, "taken", email="taken@example.com")
    csv = tmp_path / "staff.csv"
    csv.write_text(
        "name,email,mobile,display_name\n"
        "bad name!,,,\n"  # 2: the user name's form
        "one,same@example.com,,\n"
        "two,same@example.com,,\n"  # 4: repeats line 3
        "three,taken@example.com,,\n"  # 5: already in the store
        "four,,12,\n"  # 6: not a mobile number
        "five,x@example.com,,One,extra\n",  # 7: one value too many
        encoding="utf-8",
    )
    dialog = _open(qtbot, page, csv, monkeypatch)
    table = dialog.error_table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "2", "4", "5", "6", "7"]  # fmt: skip
    assert_chinese(dialog.summary.text())
    values = ("bad name!", "same@example.com", "taken@example.com", "12")
    for r in range(table.rowCount()):
        assert_chinese(table.item(r, 2).text(), *values)
    assert table.item(4, 1).text() == "整行"
    assert table.item(1, 1).text() == "email"  # the CSV header's own column name
    dialog.reject()


def test_a_file_that_the_store_overtook_is_refused_with_its_lines(
    qtbot: QtBot, page: UsersPage, tmp_path: Path, services: Services, root: Actor,
    database_url: str, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    dialog = _open(qtbot, page, _write(tmp_path / "staff.csv", 5), monkeypatch)
    assert dialog.import_button.isEnabled()
    services.users.create(root, "csv00003")  # another desk, between the check and the import
    before = dump(database_url)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.summary.text().startswith("Bad lines: 1 (the store changed")
    assert dialog.error_table.isVisible() and dialog.error_table.item(0, 0).text() == "5"
    assert "'csv00003' is already used" in dialog.error_table.item(0, 2).text()
    assert not dialog.import_button.isEnabled()  # choose or check the file again
    assert dump(database_url) == before
    dialog.reject()
