"""The Reset Password dialog: a one-time link, a generated password, or one typed now."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.password_policy import PasswordPolicy, check_password
from app.domain.vocabulary import ResetMode
from app.errors import PolicyViolationError
from app.services.records import ResetResult, UserDetail
from ui.session import ConsoleSession
from ui.widgets.formatting import local_time
from ui.widgets.icons import icon
from ui.widgets.inline_error import FieldErrors, InlineError, message_of


class ResetPasswordDialog(QDialog):
    """Args: detail: the user as last read (its version guards against concurrent edits);
    policy, account_name: for live feedback while the operator types (the service checks
    again, with the password history); smtp_ready: SMTP is set up (else an email waits in
    the outbox, and a generated password is shown here once by default).

    Every part stays on screen whichever mode is chosen (the parts of the other modes are
    disabled), so the dialog keeps its size: nothing jumps, nothing is clipped.

    Signals:
        password_reset(ResetResult): the service did it; the dialog then closes.
        reload_requested(): the user changed meanwhile and the operator asked to reload.
    """

    password_reset = Signal(object)
    reload_requested = Signal()

    def __init__(self, session: ConsoleSession, detail: UserDetail,
                 policy: PasswordPolicy | None, account_name: str,
                 parent: QWidget | None = None, *, smtp_ready: bool = True) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Reset Password — %1").replace("%1", detail.name))
        self._session = session
        self._services, self._runner, self._actor = (session.services, session.runner,
                                                    session.actor)  # fmt: skip
        self._detail, self._policy, self._account = detail, policy, account_name
        has_email = bool(detail.email)
        self.smtp_ready = smtp_ready

        self.mode_by_user = QRadioButton(self.tr("Set by user: email a one-time link"))
        self.mode_by_user.setObjectName("resetModeSetByUser")
        by_user_note = QLabel(
            self.tr("The user chooses a new password from the link. The old password keeps "
                    "working until the link is used.")
        )  # fmt: skip
        by_user_note.setObjectName("resetSetByUserNote")
        self.mode_auto = QRadioButton(self.tr("Automatically generated"))
        self.mode_auto.setObjectName("resetModeAuto")
        self.auto_email = QCheckBox(self.tr("Email it to the user"))
        self.auto_email.setObjectName("resetAutoEmail")
        self.auto_email.setEnabled(has_email)
        self.auto_email.setChecked(has_email and smtp_ready)
        self.auto_show = QCheckBox(self.tr("Show it here once, to copy"))
        self.auto_show.setObjectName("resetAutoShow")
        self.auto_show.setChecked(not (has_email and smtp_ready))
        self._auto_box = QWidget()
        auto_row = QHBoxLayout(self._auto_box)
        auto_row.setContentsMargins(24, 0, 0, 0)
        auto_row.addWidget(self.auto_email)
        auto_row.addWidget(self.auto_show)
        auto_row.addStretch(1)
        self.mode_now = QRadioButton(self.tr("Set now: type the new password"))
        self.mode_now.setObjectName("resetModeSetNow")
        self._modes = QButtonGroup(self)
        for button in (self.mode_by_user, self.mode_auto, self.mode_now):
            self._modes.addButton(button)
        self.mode_by_user.setEnabled(has_email)
        (self.mode_by_user if has_email else self.mode_auto).setChecked(True)
        if not has_email:
            text = self.tr("This user has no email address: no link can be sent, and a "
                           "generated password can only be shown here. Add an email address "
                           "under Login Credentials to send one.")  # fmt: skip
        elif smtp_ready:
            text = self.tr("The link or password goes to %1.").replace("%1", detail.email or "")
        else:
            text = self.tr("SMTP is not set up: an email to %1 waits in the Outbox until it "
                           "is.").replace("%1", detail.email or "")  # fmt: skip
        email_note = QLabel(text)
        email_note.setObjectName("resetEmailNote")
        for note in (by_user_note, email_note):
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 0)  # under the mode it is about

        self.new_password = self._password_field("resetNewPassword", self.tr("New password"))
        self.confirm_password = self._password_field(
            "resetConfirmPassword", self.tr("Confirm the new password")
        )
        self.policy_feedback = QLabel()
        self.policy_feedback.setObjectName("resetPolicyFeedback")
        self.policy_feedback.setWordWrap(True)
        self.policy_feedback.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # WORKAROUND: a wrapped label inside a nested form does not grow the dialog; room
        # for the longest policy message keeps it from being clipped.
        self.policy_feedback.setMinimumHeight(3 * self.fontMetrics().lineSpacing())
        self.policy_feedback.setSizePolicy(QSizePolicy.Policy.Preferred,
                                           QSizePolicy.Policy.Minimum)  # fmt: skip
        self.match_feedback = QLabel()
        self.match_feedback.setObjectName("resetMatchFeedback")
        self.match_feedback.setMinimumHeight(self.fontMetrics().lineSpacing())  # empty or not
        self.must_change = QCheckBox(self.tr("The user must change it at next sign-in"))
        self.must_change.setObjectName("resetMustChange")
        self.must_change.setChecked(True)
        self.send_email = QCheckBox(self.tr("Also email it to the user"))
        self.send_email.setObjectName("resetSendEmail")
        self.send_email.setEnabled(has_email)
        self._now_box = QWidget()
        self._now_form = now_form = QFormLayout(self._now_box)
        now_form.setContentsMargins(24, 0, 0, 0)
        now_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        now_form.addRow(self.tr("New password:"), self.new_password)
        now_form.addRow("", self.policy_feedback)
        now_form.addRow(self.tr("Confirm:"), self.confirm_password)
        now_form.addRow("", self.match_feedback)
        now_form.addRow("", self.must_change)
        now_form.addRow("", self.send_email)

        # As Active Directory's reset does: a locked user is unlocked too, unless unticked.
        self.also_unlock = QCheckBox(self.tr("Also unlock the user (locked until %1)")
                                     .replace("%1", local_time(detail.locked_until)))  # fmt: skip
        self.also_unlock.setObjectName("resetAlsoUnlock")
        self.also_unlock.setChecked(detail.locked)
        self.also_unlock.setVisible(detail.locked)
        self.unlocked = False  # the reset also unlocked the user

        self.mode_error = InlineError("resetModeError")
        self.password_error = InlineError("resetPasswordError")
        self.error = InlineError("resetError")
        self._errors = FieldErrors(
            self.error, email=self.mode_error, mode=self.mode_error, password=self.password_error
        )
        self.error.reload_requested.connect(self._on_reload)  # a StaleEditError names no field

        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Reset"))
        self.ok_button.setObjectName("resetConfirmButton")
        self._buttons.accepted.connect(self._on_ok)
        self._buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows with feedback
        layout.addWidget(self.mode_by_user)
        layout.addWidget(by_user_note)
        layout.addWidget(self.mode_auto)
        layout.addWidget(self._auto_box)
        layout.addWidget(email_note)
        layout.addWidget(self.mode_error)
        layout.addWidget(self.mode_now)
        layout.addWidget(self._now_box)
        layout.addWidget(self.also_unlock)
        layout.addWidget(self.password_error)
        layout.addWidget(self.error)
        layout.addWidget(self._buttons)

        self._modes.buttonToggled.connect(self._on_changed)
        self.auto_email.toggled.connect(self._on_changed)
        self.auto_show.toggled.connect(self._on_changed)
        self.new_password.textChanged.connect(self._on_changed)
        self.confirm_password.textChanged.connect(self._on_changed)
        self._on_changed()
        self.setMinimumWidth(560)
        self.resize(560, self.sizeHint().height())

    def _password_field(self, name: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        reveal = QAction(icon("eye"), self.tr("Show password"), field)
        reveal.setObjectName(f"{name}Reveal")
        reveal.setCheckable(True)
        reveal.toggled.connect(self._on_reveal)
        field.addAction(reveal, QLineEdit.ActionPosition.TrailingPosition)
        return field

    @Slot(bool)
    def _on_reveal(self, shown: bool) -> None:
        """Show or hide both fields together, so the operator can compare them."""
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        text = self.tr("Hide password") if shown else self.tr("Show password")
        for field in (self.new_password, self.confirm_password):
            field.setEchoMode(mode)
            for action in field.actions():
                action.blockSignals(True)
                action.setChecked(shown)
                action.setText(text)
                action.blockSignals(False)

    def mode(self) -> str:
        if self.mode_by_user.isChecked():
            return ResetMode.SET_BY_USER
        return ResetMode.AUTO if self.mode_auto.isChecked() else ResetMode.SET_NOW

    @Slot()
    def _on_changed(self) -> None:
        mode = self.mode()
        now = mode == ResetMode.SET_NOW
        self._now_box.setEnabled(now)  # shown in every mode: the dialog keeps its size
        self._auto_box.setEnabled(mode == ResetMode.AUTO)
        reason = ""
        if now:
            ok = self._check_live()
        else:
            self.policy_feedback.clear()
            self.match_feedback.clear()
            ok = mode != ResetMode.AUTO or self.auto_email.isChecked() or self.auto_show.isChecked()
            if not ok:
                reason = self.tr("Choose to email the password, to show it here, or both.")
        self.ok_button.setEnabled(ok)
        self.ok_button.setToolTip(reason)

    def _check_live(self) -> bool:
        """Live feedback on the typed password; True when it may be submitted."""
        password, again = self.new_password.text(), self.confirm_password.text()
        meets = False
        if not password:
            self.policy_feedback.setText(self.tr("Type the new password."))
        elif self._policy is None:
            self.policy_feedback.setText(self.tr("The policy is checked when you press Reset."))
            meets = True
        else:
            try:
                check_password(
                    self._policy, password, username=self._detail.name,
                    context_words=(self._account, "iamdesk"),
                )  # fmt: skip
            except PolicyViolationError as exc:
                self.policy_feedback.setText(message_of(exc))
            else:
                self.policy_feedback.setText(self.tr("✓ Meets the password policy."))
                meets = True
        matches = bool(again) and again == password
        if not again:
            self.match_feedback.setText("")
        else:
            self.match_feedback.setText(
                self.tr("✓ The passwords match.") if matches else
                self.tr("The passwords differ: type the same password twice.")
            )  # fmt: skip
        return meets and matches

    @Slot()
    def _on_ok(self) -> None:
        self._errors.clear()
        mode = self.mode()
        now = mode == ResetMode.SET_NOW
        password = self.new_password.text() if now else None
        must_change, send = self.must_change.isChecked(), now and self.send_email.isChecked()
        show = mode == ResetMode.AUTO and self.auto_show.isChecked()
        if show:  # shown here; emailed as well only when ticked
            send = self.auto_email.isChecked()
        services, actor, name = self._services, self._actor, self._detail.name
        version = self._detail.version
        unlock = self.also_unlock.isChecked() and self._detail.locked
        self.ok_button.setEnabled(False)

        def work() -> tuple[ResetResult, bool]:
            result = services.passwords.reset(
                actor, name, mode, new_password=password, must_change=must_change,
                send_email=send, expected_version=version, show_password=show,
            )  # fmt: skip
            if unlock:
                services.users.unlock(actor, name)
            return result, unlock

        self._runner.run(
            work,
            self._on_done,
            self._on_error,
        )

    def _on_done(self, outcome: tuple[ResetResult, bool]) -> None:
        result, self.unlocked = outcome
        self.new_password.clear()
        self.confirm_password.clear()
        self.password_reset.emit(result)
        self.accept()

    def _on_error(self, error: Exception) -> None:
        self._errors.show(error)
        self._on_changed()

    @Slot()
    def _on_reload(self) -> None:
        self.reload_requested.emit()
        self.reject()


def reset_notice(result: ResetResult) -> str:
    """What a reset really did, in the console's words: an email is "queued", and when SMTP
    is not set up it says so and where it waits; set-by-user says the old password keeps
    working and never repeats the old password's must-change flag."""
    if result.mode == ResetMode.SET_BY_USER:
        text = (
            _t("A one-time link to set a new password is queued for %1; it works once, until "
               "%2. The old password keeps working until the link is used.")
            .replace("%1", result.emailed_to or "").replace("%2", local_time(result.expires_at))
        )  # fmt: skip
    elif result.password is not None:
        text = _t("A new password was generated and is shown once.")
        if result.emailed_to:
            text += " " + _t("It is also queued for %1.").replace("%1", result.emailed_to)
    elif result.emailed_to:
        text = _t("The new password is queued for %1.").replace("%1", result.emailed_to)
    else:
        text = _t("The new password is set; tell the user yourself.")
    if result.emailed_to and result.email_waits:
        text += " " + _t("Queued — SMTP is not set up; see Outbox.")
    if result.mode != ResetMode.SET_BY_USER and result.must_change:
        text += " " + _t("The user must change it at next sign-in.")
    return text


def _t(text: str) -> str:
    return QCoreApplication.translate("ResetPasswordDialog", text)
