"""A user's details: Basic Information and Security Settings tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Permission, allows
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
        history_requested(str): the operator asked for the user's audit history; the dialog
            closes (the Audit log page shows it).
    """

    user_deleted = Signal(str)
    history_requested = Signal(str)

    def __init__(self, session: ConsoleSession, user_name: str, parent: QWidget | None = None,
                 *, tab: int = BASIC) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("userDetailsDialog")
        self.setWindowTitle(self.tr("User — %1").replace("%1", user_name))
        self.setWindowIcon(icon("user"))
        self.session, self.user_name = session, user_name
        self._leaving = False  # closing without asking (discarded, or closed by the program)
        self._discard_box: QMessageBox | None = None
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
        self.history_button = buttons.addButton(
            self.tr("Audit History"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.history_button.setObjectName("userHistoryButton")
        self.history_button.setIcon(icon("audit"))
        self.history_button.setToolTip(self.tr("Every audited event about this user"))
        # The Audit log page is the role's to read (app/domain/roles.py) or not there at all.
        self.history_button.setVisible(allows(session.actor.role, Permission.VIEW_AUDIT))
        self.history_button.clicked.connect(self._on_history)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(880, 720)
        self.basic.reload()

    @Slot()
    def _on_history(self) -> None:
        self.history_requested.emit(self.user_name)
        self.accept()

    @Slot(str)
    def _on_deleted(self, name: str) -> None:
        self.user_deleted.emit(name)
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if event.spontaneous() and self._keep_for_edits():
            event.ignore()
            return
        self._leaving = True  # closed by the program (another user opened): no question
        self._close_children()
        super().closeEvent(event)

    def reject(self) -> None:
        """Close, Escape: unsaved edits on Basic Information are never lost silently."""
        if self._keep_for_edits():
            return
        super().reject()

    def _keep_for_edits(self) -> bool:
        """True (and the question asked) when there are unsaved edits to keep or discard."""
        if self._leaving or not self.basic.has_unsaved_edits():
            return False
        self._confirm_discard()
        return True

    def _confirm_discard(self) -> QMessageBox:
        """Ask before unsaved edits go (tests answer the box). One box, kept with the
        dialog: deleting it on close crashed in the teardown of the tabs."""
        self.tabs.setCurrentWidget(self.basic)
        box = self._discard_box
        if box is None:
            box = QMessageBox(self)
            box.setObjectName("confirmDiscardEdits")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Unsaved Changes"))
            box.setText(self.tr("The changes to %1 on Basic Information are not saved. Discard "
                                "them?").replace("%1", self.user_name))  # fmt: skip
            box.setStandardButtons(
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
            )
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Discard changes"))
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.finished.connect(self._on_discard_answer)
            self._discard_box = box
        box.open()
        return box

    @Slot(int)
    def _on_discard_answer(self, code: int) -> None:
        if code == QMessageBox.StandardButton.Yes.value:
            self._leaving = True
            self.reject()

    def done(self, result: int) -> None:
        self._close_children()
        super().done(result)

    def _close_children(self) -> None:
        """Close prompts the tabs opened (a security key wait is cancelled by its dialog)."""
        for child in self.findChildren(QDialog, options=Qt.FindChildOption.FindChildrenRecursively):
            if child is not self and child.isVisible():
                child.close()
