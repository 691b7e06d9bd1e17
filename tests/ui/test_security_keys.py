"""Enrolling security keys from the Security Settings tab, with the software CTAP2 key over
python-fido2's real HID client: choice of keys, PIN hand-off, touch prompt, cancel, unbind."""

from __future__ import annotations

import uuid

from fido2.ctap import CtapError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.records import Actor
from tests.support.softkey import AAGUID, SoftAuthenticator, soft_device
from tests.ui.helpers import SQLITE_ONLY, WAIT, choose_mfa_device
from ui.session import ConsoleSession
from ui.tasks import TaskRunner
from ui.user_details.details_dialog import SECURITY, UserDetailsDialog
from ui.user_details.security_settings import SecuritySettingsTab
from ui.user_details.security_settings.key_dialog import AddSecurityKeyDialog
from ui.widgets.key_prompt import KeyPrompt
from ui.widgets.tables import ID_ROLE
from ui.widgets.typed_confirm import TypedConfirmDialog

pytestmark = [
    SQLITE_ONLY,
]


def _records(table: QTableWidget) -> int:
    """Rows that are records (an empty table shows one row saying so)."""
    items = [table.item(r, 0) for r in range(table.rowCount())]
    return sum(1 for item in items if item is not None and item.data(ID_ROLE) is not None)


def _tab(qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor,
         *keys: SoftAuthenticator) -> SecuritySettingsTab:  # fmt: skip
    services.users.create(root, "alice", email="alice@example.com")
    devices = [soft_device(key, serial=n + 1) for n, key in enumerate(keys)]
    tab = SecuritySettingsTab(
        ConsoleSession(services, runner, root), "alice", device_lister=lambda: devices
    )
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.state is not None, timeout=WAIT)
    return tab


def _open_add(qtbot: QtBot, tab: SecuritySettingsTab, count: int) -> AddSecurityKeyDialog:
    dialog = choose_mfa_device(qtbot, tab, "named-in-chooser", virtual=False)
    assert isinstance(dialog, AddSecurityKeyDialog)
    assert dialog.key_name.text() == "named-in-chooser"
    dialog.key_name.clear()  # each test names its key
    qtbot.waitUntil(lambda: dialog.refresh_button.isEnabled(), timeout=WAIT)
    assert dialog.device_choice.count() == count
    return dialog


def _start(qtbot: QtBot, dialog: AddSecurityKeyDialog, name: str) -> None:
    qtbot.keyClicks(dialog.key_name, name)
    assert dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def _pin_dialog(qtbot: QtBot, dialog: AddSecurityKeyDialog) -> QInputDialog:
    qtbot.waitUntil(
        lambda: dialog.findChild(QInputDialog, "securityKeyPin") is not None, timeout=WAIT
    )
    return dialog.findChild(QInputDialog, "securityKeyPin")


def _answer_pin(qtbot: QtBot, dialog: AddSecurityKeyDialog, pin: str) -> None:
    prompt = _pin_dialog(qtbot, dialog)
    qtbot.keyClicks(prompt.findChild(QLineEdit), pin)
    ok = prompt.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_key_with_a_pin_is_enrolled_after_the_pin_and_a_touch(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    key = SoftAuthenticator(pin="2468", touch="manual")
    tab = _tab(qtbot, services, runner, root, key)
    dialog = _open_add(qtbot, tab, 1)
    assert "(PIN)" in dialog.device_choice.currentText()
    _start(qtbot, dialog, "office-key")
    _answer_pin(qtbot, dialog, "2468")  # the worker waits for it: a blocking hand-off
    qtbot.waitUntil(lambda: dialog.waiting_text.text() == "Touch your security key.",
                    timeout=WAIT)  # fmt: skip
    assert key.issued == []
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        key.touch()
    qtbot.waitUntil(lambda: _records(tab.mfa.key_table) == 1, timeout=WAIT)
    [record] = services.security_keys.list(root, "alice")
    assert (record.name, record.aaguid) == ("office-key", str(uuid.UUID(bytes=AAGUID)))
    cells = [tab.mfa.key_table.item(0, c).text() for c in range(4)]
    assert cells[:2] == ["office-key", record.aaguid] and cells[3] == "Never"
    assert tab.active_dialog is None  # closed (and deleted)
    assert "office-key" in tab.notice.text()


def test_with_several_keys_the_operator_chooses_one(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    first, second = SoftAuthenticator(), SoftAuthenticator()
    tab = _tab(qtbot, services, runner, root, first, second)
    dialog = _open_add(qtbot, tab, 2)
    dialog.device_choice.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.key_added, timeout=WAIT):
        _start(qtbot, dialog, "spare")
    assert (len(first.issued), len(second.issued)) == (0, 1)
    assert [k.name for k in services.security_keys.list(root, "alice")] == ["spare"]


def test_cancel_while_waiting_for_the_touch_stops_the_key(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    key = SoftAuthenticator(touch="manual")
    tab = _tab(qtbot, services, runner, root, key)
    dialog = _open_add(qtbot, tab, 1)
    _start(qtbot, dialog, "never-touched")
    qtbot.waitUntil(lambda: dialog.waiting_text.text() == "Touch your security key.",
                    timeout=WAIT)  # fmt: skip
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "Cancelled" in dialog.error.text()
    assert dialog.pages.currentIndex() == 0 and dialog.isVisible()
    assert services.security_keys.list(root, "alice") == [] and key.issued == []


def test_a_wrong_pin_and_a_refused_pin_prompt_are_clear_failures(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    key = SoftAuthenticator(pin="2468")
    tab = _tab(qtbot, services, runner, root, key)
    dialog = _open_add(qtbot, tab, 1)
    _start(qtbot, dialog, "k1")
    _answer_pin(qtbot, dialog, "1111")
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "wrong PIN" in dialog.error.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    prompt = _pin_dialog(qtbot, dialog)
    cancel = prompt.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0, timeout=WAIT)
    assert "Cancelled" in dialog.error.text()
    assert services.security_keys.list(root, "alice") == []


def test_closing_the_dialog_mid_enrolment_cancels_and_waits_for_the_worker(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    key = SoftAuthenticator(touch="manual")
    tab = _tab(qtbot, services, runner, root, key)
    dialog = _open_add(qtbot, tab, 1)
    _start(qtbot, dialog, "k1")
    qtbot.waitUntil(lambda: key.touch_waits == 1, timeout=WAIT)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        dialog.close()
        assert dialog.isVisible()  # it stays until the key has stopped
    assert not runner.busy
    assert services.security_keys.list(root, "alice") == []


def test_unbind_needs_yes_typed(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    tab = _tab(qtbot, services, runner, root, SoftAuthenticator())
    dialog = _open_add(qtbot, tab, 1)
    with qtbot.waitSignal(dialog.key_added, timeout=WAIT):
        _start(qtbot, dialog, "desk")
    qtbot.waitUntil(lambda: _records(tab.mfa.key_table) == 1, timeout=WAIT)
    tab.mfa.key_table.selectRow(0)

    qtbot.mouseClick(tab.mfa.unbind_key_button, Qt.MouseButton.LeftButton)
    prompt = tab.findChild(TypedConfirmDialog, "confirmUnbindKey")
    qtbot.waitUntil(prompt.isVisible, timeout=WAIT)
    assert prompt.ok_button.text() == "Unbind key"
    assert not prompt.ok_button.isEnabled()  # nothing typed
    qtbot.keyClicks(prompt.field, "yes")
    assert not prompt.ok_button.isEnabled() and "YES" in prompt.ok_button.toolTip()
    qtbot.keyClick(prompt.field, Qt.Key.Key_Return)  # a wrong word keeps the prompt open
    assert prompt.isVisible()
    assert len(services.security_keys.list(root, "alice")) == 1
    prompt.field.clear()
    qtbot.keyClicks(prompt.field, "YES")
    assert prompt.ok_button.isEnabled()
    qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _records(tab.mfa.key_table) == 0, timeout=WAIT)
    assert services.security_keys.list(root, "alice") == []
    assert not tab.findChild(QPushButton, "unbindSecurityKeyButton").isEnabled()


def test_a_key_prompt_whose_window_is_gone_stops_the_key_and_asks_nothing(
    qtbot: QtBot,
    services: Services,  # the module's store parameter; unused here
) -> None:
    """python-fido2 calls the prompt from its keepalive handler: raising there would skip
    the CANCEL it sends the key, which then blinks (and stays busy) until its own timeout."""
    window = QWidget()
    prompt = KeyPrompt(window)
    cancel = prompt.cancel_event
    prompt.cancel()  # closing the window cancels first ...
    with qtbot.waitSignal(window.destroyed, timeout=WAIT):
        window.deleteLater()  # ... then the window and its prompt go
    prompt.touch_requested()  # what the worker still calls: no RuntimeError
    assert prompt.pin_requested() is None and cancel.is_set()

    other = QWidget()
    unclosed = KeyPrompt(other)
    cancel = unclosed.cancel_event
    with qtbot.waitSignal(other.destroyed, timeout=WAIT):
        other.deleteLater()  # deleted with no close (a sign-out deletes the main window)
    assert cancel.is_set()  # the key is told to stop
    unclosed.touch_requested()
    assert unclosed.pin_requested() is None


def test_closing_the_details_window_mid_enrolment_frees_the_key(
    qtbot: QtBot, services: Services, runner: TaskRunner, root: Actor
) -> None:
    services.users.create(root, "alice")
    key = SoftAuthenticator(touch="manual", touch_timeout=60.0)
    details = UserDetailsDialog(ConsoleSession(services, runner, root), "alice", tab=SECURITY)
    details.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    details.security.device_lister = lambda: [soft_device(key)]
    with qtbot.waitSignal(details.security.state_loaded, timeout=WAIT):
        details.show()
    dialog = _open_add(qtbot, details.security, 1)
    _start(qtbot, dialog, "k1")
    qtbot.waitUntil(lambda: key.touch_waits == 1, timeout=WAIT)
    with qtbot.waitSignal(details.destroyed, timeout=WAIT):
        details.close()
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    assert not key.busy and key.last_status == CtapError.ERR.KEEPALIVE_CANCEL  # not timed out
    assert services.security_keys.list(root, "alice") == [] and key.issued == []
