"""A confirmation that needs a word typed back (``YES``, an access key's id) before its
button does anything: a wrong word keeps the prompt open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TypedConfirmDialog(QDialog):
    """Args: text: what happens and which word to type; word: the word (exact, as shown);
    action: the confirm button's text, naming the action ("Unbind key").

    The confirm button is enabled only while the field holds ``word``; Enter with another
    word does nothing, and the dialog stays open until confirmed or cancelled.
    """

    def __init__(self, parent: QWidget | None, name: str, title: str, text: str, word: str,
                 action: str, on_confirmed: Callable[[str], None] | None = None,
                 ) -> None:  # fmt: skip
        super().__init__(parent)
        self._on_confirmed = on_confirmed
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.word = word
        label = QLabel(text)
        label.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName(f"{name}Word")
        self.field.setAccessibleName(self.tr("Confirmation word"))
        self.field.setPlaceholderText(word)
        label.setBuddy(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = buttons.addButton(
            action, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName(f"{name}Ok")
        self.ok_button.setToolTip(self.tr("Type %1 first.").replace("%1", word))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(buttons)
        self.field.textChanged.connect(self._on_text)
        self._on_text("")
        self.resize(max(420, self.sizeHint().width()), self.sizeHint().height())

    def matches(self) -> bool:
        return self.field.text().strip() == self.word

    @Slot(str)
    def _on_text(self, _text: str) -> None:
        ok = self.matches()
        self.ok_button.setEnabled(ok)
        self.ok_button.setToolTip("" if ok else self.tr("Type %1 first.").replace("%1", self.word))

    def accept(self) -> None:
        if not self.matches():  # Enter with a wrong word: stay open
            return
        super().accept()
        if self._on_confirmed is not None:
            self._on_confirmed(self.word)


def ask_word(parent: QWidget, name: str, title: str, text: str, word: str, action: str,
             on_confirmed: Callable[[str], None]) -> TypedConfirmDialog:  # fmt: skip
    """Open a TypedConfirmDialog window-modally; ``on_confirmed`` gets the word once the
    operator typed it and pressed the confirm button."""
    dialog = TypedConfirmDialog(parent, name, title, text, word, action, on_confirmed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
