"""A dialog that shows a secret once: closing it before the secret was copied or saved asks
first (an access key's secret, a generated password)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ui.widgets.prompts import confirm


class OnceOnlyDialog(QDialog):
    """Call ``mark_kept()`` once the operator copied or saved the secret. Until then Close,
    Escape and the window's close button ask "Close without copying?" first. A close the
    program asks for (the window it belongs to goes) is not held up.

    Args:
        parent: the window it opens over.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kept = False  # copied or saved
        self._leaving = False

    def mark_kept(self) -> None:
        self.kept = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._leaving = self._leaving or not event.spontaneous()
        super().closeEvent(event)  # calls reject(), which may keep the dialog open

    def reject(self) -> None:
        if self.kept or self._leaving:
            super().reject()
            return
        self._confirm_close()

    def _confirm_close(self) -> QMessageBox:
        """Ask before the secret is gone for good (tests answer the box)."""
        return confirm(
            self, "confirmCloseSecret", self.tr("Close Without Copying?"),
            self.tr("This secret is shown only now and can never be shown again. Close "
                    "without copying or saving it?"),
            self._leave, yes_text=self.tr("Close without copying"), destructive=True,
        )  # fmt: skip

    @Slot()
    def _leave(self) -> None:
        self._leaving = True
        self.reject()
