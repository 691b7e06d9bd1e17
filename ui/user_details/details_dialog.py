"""A user's details: Basic Information and Security Settings tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from app.services import Services
from app.services.records import Actor, UserDetail
from ui.security import SecuritySettingsTab
from ui.tasks import TaskRunner
from ui.user_details.basic_tab import BasicInfoTab
from ui.widgets.icons import icon

BASIC, SECURITY = 0, 1


class UserDetailsDialog(QDialog):
    """Args: services, runner, actor: as everywhere; user_name: the user shown;
    tab: BASIC or SECURITY, the tab shown first.

    Signals:
        user_changed(str): the user (or its credentials) changed; the list refreshes its row.
        user_deleted(str): the user was deleted; the dialog closes.
    """

    user_changed = Signal(str)
    user_deleted = Signal(str)

    def __init__(self, services: Services, runner: TaskRunner, actor: Actor, user_name: str,
                 parent: QWidget | None = None, *, tab: int = BASIC) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("userDetailsDialog")
        self.setWindowTitle(self.tr("User — %1").replace("%1", user_name))
        self.setWindowIcon(icon("user"))
        self.user_name = user_name
        self.tabs = QTabWidget()
        self.tabs.setObjectName("userTabs")
        self.basic = BasicInfoTab(services, runner, actor, user_name, self.tabs)
        self.security = SecuritySettingsTab(services, runner, actor, user_name, self.tabs)
        self.tabs.addTab(self.basic, self.tr("Basic Information"))
        self.tabs.addTab(self.security, self.tr("Security Settings"))
        self.tabs.setCurrentIndex(tab)
        self.basic.changed.connect(self._on_basic_changed)
        self.basic.deleted.connect(self._on_deleted)
        self.security.changed.connect(self._on_security_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(880, 720)
        self.basic.reload()

    @Slot(object)
    def _on_basic_changed(self, user: UserDetail) -> None:
        self.security.reload()
        self.user_changed.emit(user.name)

    @Slot()
    def _on_security_changed(self) -> None:
        self.basic.refresh()  # keeps unsaved edits of the Basic Information tab
        self.user_changed.emit(self.user_name)

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
