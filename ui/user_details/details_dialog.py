"""A user's details: Basic Information and Security Settings tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from ui.session import ConsoleSession
from ui.user_details.basic_tab import BasicInfoTab
from ui.user_details.security_settings import SecuritySettingsTab
from ui.widgets.icons import icon

BASIC, SECURITY = 0, 1


class UserDetailsDialog(QDialog):
    """Args: session: the console session; user_name: the user shown;
    tab: BASIC or SECURITY, the tab shown first. The tabs keep each other (and the users
    list) current through the session's change signal.

    Signals:
        user_deleted(str): the user was deleted; the dialog closes.
    """

    user_deleted = Signal(str)

    def __init__(self, session: ConsoleSession, user_name: str, parent: QWidget | None = None,
                 *, tab: int = BASIC) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("userDetailsDialog")
        self.setWindowTitle(self.tr("User — %1").replace("%1", user_name))
        self.setWindowIcon(icon("user"))
        self.session, self.user_name = session, user_name
        self.tabs = QTabWidget()
        self.tabs.setObjectName("userTabs")
        self.basic = BasicInfoTab(session, user_name, self.tabs)
        self.security = SecuritySettingsTab(session, user_name, self.tabs)
        self.tabs.addTab(self.basic, self.tr("Basic Information"))
        self.tabs.addTab(self.security, self.tr("Security Settings"))
        self.tabs.setCurrentIndex(tab)
        self.basic.deleted.connect(self._on_deleted)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(880, 720)
        self.basic.reload()

    @Slot(str)
    def _on_deleted(self, name: str) -> None:
        self.user_deleted.emit(name)
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._close_children()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._close_children()
        super().done(result)

    def _close_children(self) -> None:
        """Close prompts the tabs opened (a security key wait is cancelled by its dialog)."""
        for child in self.findChildren(QDialog, options=Qt.FindChildOption.FindChildrenRecursively):
            if child is not self and child.isVisible():
                child.close()
