"""Add a security key: choose the key, name it, touch it (and give its PIN) on a worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.names import validate_key_name
from app.errors import ValidationError
from app.services.records import SecurityKeyRecord
from ui.session import ConsoleSession
from ui.widgets.icons import icon
from ui.widgets.inline_error import FieldErrors, InlineError, message_of
from ui.widgets.key_prompt import KeyPrompt

if TYPE_CHECKING:
    from app.devices.fido import KeyDevice

DeviceLister = Callable[[], Any]


class AddSecurityKeyDialog(QDialog):
    """Args: device_lister: what finds keys (python-fido2's by default; tests pass a
    software key's).

    Signals:
        key_added(SecurityKeyRecord): enrolled; the dialog then closes.
    """

    key_added = Signal(object)

    def __init__(self, session: ConsoleSession, user_name: str,
                 *, device_lister: DeviceLister | None = None, key_name: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("addSecurityKeyDialog")
        self.setWindowTitle(self.tr("Add Security Key — %1").replace("%1", user_name))
        self._session = session
        self._services, self._runner, self._actor = (session.services, session.runner,
                                                    session.actor)  # fmt: skip
        self._user, self._lister = user_name, device_lister
        self.prompt: KeyPrompt | None = None
        self._devices: list[KeyDevice] = []
        self._closing = False

        self.device_choice = QComboBox()
        self.device_choice.setObjectName("securityKeyDevice")
        self.device_choice.setAccessibleName(self.tr("Security key"))
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.setObjectName("securityKeyRefresh")
        self.refresh_button.clicked.connect(self.find_devices)
        device_row = QHBoxLayout()
        device_row.addWidget(self.device_choice, 1)
        device_row.addWidget(self.refresh_button)
        self.key_name = QLineEdit()
        self.key_name.setObjectName("securityKeyName")
        self.key_name.setAccessibleName(self.tr("Key name"))
        self.key_name.setPlaceholderText(self.tr("for example office-key-1"))
        self.key_name.setMaxLength(64)
        self.name_feedback = QLabel(self.tr("1-64 letters, digits, - and _."))
        self.name_feedback.setObjectName("securityKeyNameFeedback")
        self.device_error = InlineError("securityKeyDeviceError")
        self.name_error = InlineError("securityKeyNameError")
        self.error = InlineError("securityKeyError")
        self._errors = FieldErrors(self.error, key_name=self.name_error, device=self.device_error)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("securityKeyAddButton")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self._on_add)
        close_button = QPushButton(self.tr("Cancel"))
        close_button.clicked.connect(self.reject)
        choose = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("Key:"), device_row)
        form.addRow("", self.device_error)
        form.addRow(self.tr("Key name:"), self.key_name)
        form.addRow("", self.name_feedback)
        form.addRow("", self.name_error)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.add_button)
        actions.addWidget(close_button)
        choose_layout = QVBoxLayout(choose)
        choose_layout.addWidget(QLabel(self.tr("Insert the security key into a USB port.")))
        choose_layout.addLayout(form)
        choose_layout.addWidget(self.error)
        choose_layout.addStretch(1)
        choose_layout.addLayout(actions)

        waiting = QWidget()
        self.waiting_text = QLabel(self.tr("Talking to the security key…"))
        self.waiting_text.setObjectName("securityKeyStatus")
        self.waiting_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting_text.setWordWrap(True)
        big = self.waiting_text.font()
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.waiting_text.setFont(big)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("securityKeyCancel")
        self.cancel_button.clicked.connect(self._on_cancel)
        waiting_layout = QVBoxLayout(waiting)
        waiting_layout.addStretch(1)
        waiting_layout.addWidget(self.waiting_text)
        waiting_layout.addStretch(1)
        waiting_layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

        self.pages = QStackedWidget()
        self.pages.addWidget(choose)
        self.pages.addWidget(waiting)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.key_name.textChanged.connect(self._on_name)
        self.key_name.setText(key_name)  # named in Add MFA Device
        self._on_name(key_name)
        self.resize(480, self.sizeHint().height())

    @property
    def busy(self) -> bool:
        return self.prompt is not None

    # --- finding keys -------------------------------------------------------------------

    @Slot()
    def find_devices(self) -> None:
        """List the plugged-in keys on a worker (it waits on USB)."""
        self.refresh_button.setEnabled(False)
        self.device_choice.clear()
        self.device_choice.setPlaceholderText(self.tr("Looking for security keys…"))
        lister = self._lister
        self._runner.run(
            lambda: _find_keys(lister), self._on_devices, self._on_devices_failed,
            blocking_io=True,
        )  # fmt: skip

    def _on_devices(self, devices: list[KeyDevice]) -> None:
        self.refresh_button.setEnabled(True)
        self._devices = list(devices)
        self.device_choice.clear()
        self._errors.clear()
        for device in self._devices:
            pin = self.tr(" (PIN)") if device.has_pin else ""
            self.device_choice.addItem(f"{device.product}{pin} — {device.id}")
        if self.device_choice.count() > 0:
            self.device_choice.setCurrentIndex(0)  # a placeholder stops Qt choosing the first
        else:
            self.device_choice.setPlaceholderText(self.tr("No security key found"))
            self.device_error.show_message(
                self.tr("No security key found: insert one and press Refresh.")
            )
        self._on_name(self.key_name.text())

    def _on_devices_failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.device_choice.setPlaceholderText(self.tr("No security key found"))
        self.device_error.show_error(error)
        self._on_name(self.key_name.text())

    def _chosen(self) -> KeyDevice | None:
        index = self.device_choice.currentIndex()
        return self._devices[index] if 0 <= index < len(self._devices) else None

    # --- enrolling ----------------------------------------------------------------------

    @Slot(str)
    def _on_name(self, text: str) -> None:
        ok = False
        if text:
            try:
                validate_key_name(text)
                ok = True
                self.name_feedback.setText(self.tr("✓ Valid name."))
            except ValidationError as exc:
                self.name_feedback.setText(message_of(exc))
        else:
            self.name_feedback.setText(self.tr("1-64 letters, digits, - and _."))
        self.add_button.setEnabled(ok and self.device_choice.count() > 0 and not self.busy)

    @Slot()
    def _on_add(self) -> None:
        self._errors.clear()
        prompt = KeyPrompt(self)
        prompt.touch_prompt.connect(self._on_touch_prompt)
        self.prompt = prompt
        device = self._chosen()
        name = self.key_name.text()
        services, actor, user = self._services, self._actor, self._user
        self.waiting_text.setText(self.tr("Talking to the security key…"))
        self.cancel_button.setEnabled(True)
        self.pages.setCurrentIndex(1)
        self._runner.run(
            lambda: services.security_keys.add(
                actor, user, name, device, prompt, prompt.cancel_event
            ),
            self._on_added, self._on_failed, blocking_io=True,
        )  # fmt: skip

    @Slot()
    def _on_touch_prompt(self) -> None:
        self.waiting_text.setText(self.tr("Touch your security key."))

    @Slot()
    def _on_cancel(self) -> None:
        if self.prompt is not None:
            self.cancel_button.setEnabled(False)
            self.waiting_text.setText(self.tr("Cancelling…"))
            self.prompt.cancel()

    def _finish(self) -> None:
        if self.prompt is not None:
            self.prompt.finish()
            self.prompt.deleteLater()
        self.prompt = None

    def _on_added(self, record: SecurityKeyRecord) -> None:
        self._finish()
        self.key_added.emit(record)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._finish()
        if self._closing:
            super().reject()
            return
        self.pages.setCurrentIndex(0)
        self._errors.show(error)
        self._on_name(self.key_name.text())

    def reject(self) -> None:
        """While the key works, cancel it first and close once the worker has stopped."""
        if self.busy:
            self._closing = True
            self._on_cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.busy:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def _find_keys(lister: Any) -> list[KeyDevice]:
    """The plugged-in keys (on a worker: python-fido2 loads here, not at start-up)."""
    from app.devices.fido import list_devices

    return list_devices(lister)
