"""An error shown next to the widget that caused it, and routing by ``err.field``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStyle, QWidget

from app.errors import IamDeskError, StaleEditError
from app.messages import CATALOGUE, PLAIN_SUFFIX, WORD_PARAMS, WORDS, fill

log = logging.getLogger(__name__)
ERROR_CONTEXT = "ErrorMessages"  # the translation context of app/messages.py's sentences
WORD_CONTEXT = "ErrorWords"  # and of the words that fill their {what}, {field}, {method}


def refusal_text(error: IamDeskError) -> str:
    """The refusal in the console's language: the catalogue's sentence for ``error.code``
    translated (resources/translations, context ``ErrorMessages``) with its parameters; a
    sentence raised as plain text (not from the catalogue) shows as it is."""
    code = error.code if error.from_catalogue else None
    return catalogue_text(code, {"field": error.field, **error.params}, str(error))


def catalogue_text(code: str | None, params: Mapping[str, Any], english: str) -> str:
    """The catalogue's sentence for ``code`` in the console's language, with ``params``;
    ``english`` as it is when there is no such code (a sentence from outside the catalogue)."""
    if code is None or (template := CATALOGUE.get(code)) is None:
        return sentence(english)
    plain = CATALOGUE.get(code + PLAIN_SUFFIX)
    if plain is not None and QCoreApplication.translate(ERROR_CONTEXT, template) != template:
        template = plain  # a translated console: no library's English reason in it
    words = dict(params)
    for key in WORD_PARAMS:
        if words.get(key) in WORDS:
            words[key] = QCoreApplication.translate(WORD_CONTEXT, str(words[key]))
    return sentence(fill(QCoreApplication.translate(ERROR_CONTEXT, template), words))


def sentence(text: str) -> str:
    """``text`` as the console shows a message: starting with a capital (the catalogue's
    sentences start in lower case, for iamctl's "error: …")."""
    return text[:1].upper() + text[1:]


def message_of(error: BaseException) -> str:
    """One line for the operator: the service's refusal in the console's language, or a
    plain word for a bug."""
    if isinstance(error, IamDeskError):
        return refusal_text(error)
    log.error("unexpected failure: %s", type(error).__name__, exc_info=error)
    return QCoreApplication.translate(
        "InlineError", "Unexpected failure (%1); see the log."
    ).replace("%1", type(error).__name__)


class InlineError(QWidget):
    """A warning icon and one line of text; hidden when empty. A StaleEditError also shows
    a Reload button.

    Signals:
        reload_requested(): the operator pressed Reload.
    """

    reload_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        mark = QLabel()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        mark.setPixmap(warning.pixmap(size, size))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel()
        self._text.setObjectName(f"{name}Text")
        self._text.setWordWrap(True)
        self._text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setObjectName(f"{name}Reload")
        self.reload_button.clicked.connect(self._on_reload)
        layout.addWidget(mark)
        layout.addWidget(self._text, 1)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        self.clear()

    def text(self) -> str:
        """The message shown, or "" when hidden."""
        return "" if self.isHidden() else self._text.text()

    def show_message(self, text: str, *, reload: bool = False) -> None:
        self._text.setText(text)
        self.reload_button.setVisible(reload)
        self.setAccessibleDescription(text)
        self.setVisible(True)

    def show_error(self, error: BaseException) -> None:
        self.show_message(message_of(error), reload=isinstance(error, StaleEditError))

    def clear(self) -> None:
        self._text.clear()
        self.setVisible(False)

    @Slot()
    def _on_reload(self) -> None:
        self.clear()
        self.reload_requested.emit()


class FieldErrors:
    """Sends an error to the InlineError of the input it names (``err.field``), else to the
    fallback; focuses that input when one is registered.

    Args:
        fallback: the line for errors that name no registered field.
        by_field: a line per field name (``add()`` also registers the input to focus).
    """

    def __init__(self, fallback: InlineError, **by_field: InlineError) -> None:
        self._fallback = fallback
        self._lines: dict[str, InlineError] = dict(by_field)
        self._inputs: dict[str, QWidget] = {}

    def add(self, field: str, line: InlineError, widget: QWidget | None = None) -> None:
        self._lines[field] = line
        if widget is not None:
            self._inputs[field] = widget

    def clear(self) -> None:
        for line in {self._fallback, *self._lines.values()}:
            line.clear()

    def show(self, error: BaseException) -> InlineError:
        self.clear()
        field = getattr(error, "field", None) or ""
        line = self._lines.get(field, self._fallback)
        line.show_error(error)
        widget = self._inputs.get(field)
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return line
