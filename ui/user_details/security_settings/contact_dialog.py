"""Change a user's mobile number or email address, validated as the operator types."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.contacts import normalize_email, normalize_mobile
from app.domain.vocabulary import ContactField, values
from app.errors import ValidationError
from app.services.records import UserDetail
from ui.session import ConsoleSession
from ui.widgets.inline_error import FieldErrors, InlineError, message_of

FIELDS = values(ContactField)


class ContactDialog(QDialog):
    """Args: field: "email" or "mobile"; detail: the user as last read.

    Signals:
        contact_changed(UserDetail): saved; the dialog then closes.
        reload_requested(): the user changed meanwhile and the operator asked to reload.
    """

    contact_changed = Signal(object)
    reload_requested = Signal()

    def __init__(self, session: ConsoleSession, detail: UserDetail,
                 field: str, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        if field not in FIELDS:
            raise ValueError(f"unknown contact field {field!r}")
        self._session = session
        self._services, self._runner, self._actor = (session.services, session.runner,
                                                    session.actor)  # fmt: skip
        self._detail, self._field = detail, field
        email = field == ContactField.EMAIL
        self.setObjectName("changeEmailDialog" if email else "changeMobileDialog")
        self.setWindowTitle(
            (self.tr("Change Email Address — %1") if email else
             self.tr("Change Mobile Number — %1")).replace("%1", detail.name)
        )  # fmt: skip
        current = (detail.email if email else detail.mobile) or ""
        self.value = QLineEdit(current)
        self.value.setObjectName("contactEmail" if email else "contactMobile")
        self.value.setAccessibleName(
            self.tr("Email address") if email else self.tr("Mobile number")
        )
        self.value.setPlaceholderText("name@example.com" if email else "+8613800138000")
        self.feedback = QLabel()
        self.feedback.setObjectName("contactFeedback")
        self.feedback.setWordWrap(True)
        self.error = InlineError("contactError")
        self._errors = FieldErrors(self.error)
        self.error.reload_requested.connect(self._on_reload)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("contactSaveButton")
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Email address:") if email else self.tr("Mobile number:"), self.value)
        form.addRow("", self.feedback)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows with feedback
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.value.textChanged.connect(self._on_text)
        self._on_text(current)
        self.resize(460, self.sizeHint().height())

    def _normalized(self, text: str) -> str:
        if self._field == ContactField.EMAIL:
            return normalize_email(text)
        return normalize_mobile(text)

    @Slot(str)
    def _on_text(self, text: str) -> None:
        self.error.clear()
        ok = False
        if not text.strip():
            self.feedback.setText("")
        else:
            try:
                normal = self._normalized(text)
            except ValidationError as exc:
                self.feedback.setText(message_of(exc))
            else:
                ok = True
                self.feedback.setText(
                    self.tr("✓ Valid: saved as %1").replace("%1", normal)
                    if normal != text.strip() else self.tr("✓ Valid.")
                )  # fmt: skip
        current = (
            self._detail.email if self._field == ContactField.EMAIL else self._detail.mobile
        ) or ""
        self.save_button.setEnabled(ok and text.strip() != current)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to show a message that wraps onto more lines: a top-level layout's minimum
        size leaves a wrapped label's height for its width out, which clipped the text."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()  # until then the height for a width is not known (-1)
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    @Slot()
    def _on_save(self) -> None:
        value = self.value.text().strip()
        services, actor, name = self._services, self._actor, self._detail.name
        version, field = self._detail.version, self._field
        self.save_button.setEnabled(False)
        self._runner.run(
            lambda: services.contacts.set(actor, name, expected_version=version, **{field: value}),
            self._on_done,
            self._on_error,
        )

    def _on_done(self, detail: UserDetail) -> None:
        self.contact_changed.emit(detail)
        self.accept()

    def _on_error(self, error: Exception) -> None:
        self._errors.show(error)
        self.save_button.setEnabled(True)
        self._fit_height()

    @Slot()
    def _on_reload(self) -> None:
        self.reload_requested.emit()
        self.reject()
