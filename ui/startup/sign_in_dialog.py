"""Operator sign-in: password, then the second factor the operator's login protection asks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
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

from app.domain.vocabulary import LoginProtection, relies_on
from app.services import Services
from app.services.records import SecondFactorChallenge, SignInResult
from ui.tasks import TaskRunner
from ui.widgets.icons import icon
from ui.widgets.inline_error import FieldErrors, InlineError

log = logging.getLogger(__name__)

RESEND_COOLDOWN_S = 30
PASSWORD_STEP, CODE_STEP, CHANGE_STEP = 0, 1, 2
KeyLister = Callable[[], Any]


class SignInDialog(QDialog):
    """Args: services, runner: as everywhere; locked_name: re-ask this operator's password
    (the idle lock); key_lister: finds security keys (tests pass a software key's).

    Signals:
        signed_in(SignInResult): done; ``result`` holds it and the dialog accepts.
        key_wait_started(object): a security-key touch is awaited (carries the KeyPrompt).
    """

    signed_in = Signal(object)
    key_wait_started = Signal(object)

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None,
                 *, locked_name: str | None = None,
                 key_lister: KeyLister | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self._services, self._runner = services, runner
        self.locked_name = locked_name
        self.key_lister = key_lister
        self.result_value: SignInResult | None = None
        self.challenge: SecondFactorChallenge | None = None
        self.key_prompt: Any = None
        self._busy = False
        self._signed: SignInResult | None = None
        self.setWindowTitle(
            self.tr("IAM Desk is locked") if locked_name else self.tr("Sign in to IAM Desk")
        )
        self.setWindowIcon(icon("lock"))

        self.heading = QLabel()
        self.heading.setObjectName("signInHeading")
        self.heading.setWordWrap(True)
        self.username = self._line("signInUsername", self.tr("Account or operator name"))
        self.password = self._line("signInPassword", self.tr("Password"), secret=True)
        if locked_name:
            self.username.setText(locked_name)
            self.username.setReadOnly(True)
        password_page = QWidget()
        form = QFormLayout(password_page)
        form.addRow(self.tr("Name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)

        self.code_prompt = QLabel()
        self.code_prompt.setObjectName("signInCodePrompt")
        self.code_prompt.setWordWrap(True)
        self.code = self._line("signInCode", self.tr("Verification code"))
        self.code.setMaxLength(8)
        self.code.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.code.setPlaceholderText("123456")
        self.resend_button = QPushButton(icon("send"), self.tr("Send a New Code"))
        self.resend_button.setObjectName("signInResend")
        self.resend_button.clicked.connect(self.resend_code)
        self.key_button = QPushButton(icon("key"), self.tr("Use a Security Key"))
        self.key_button.setObjectName("signInUseKey")
        self.key_button.clicked.connect(self.use_security_key)
        self.touch_label = QLabel(self.tr("Touch your security key…"))
        self.touch_label.setObjectName("signInTouch")
        self.touch_label.setVisible(False)
        code_page = QWidget()
        code_layout = QVBoxLayout(code_page)
        code_layout.setContentsMargins(0, 0, 0, 0)
        code_layout.addWidget(self.code_prompt)
        code_layout.addWidget(self.code)
        extra = QHBoxLayout()
        extra.addWidget(self.resend_button)
        extra.addWidget(self.key_button)
        extra.addStretch(1)
        code_layout.addLayout(extra)
        code_layout.addWidget(self.touch_label)

        self.new_password = self._line("signInNewPassword", self.tr("New password"), secret=True)
        self.new_password_confirm = self._line(
            "signInNewPasswordConfirm", self.tr("Confirm new password"), secret=True
        )
        change_page = QWidget()
        change_form = QFormLayout(change_page)
        change_form.addRow(self.tr("New password:"), self.new_password)
        change_form.addRow(self.tr("Confirm:"), self.new_password_confirm)

        self.steps = QStackedWidget()
        self.steps.setObjectName("signInSteps")
        for page in (password_page, code_page, change_page):
            self.steps.addWidget(page)
        self.error = InlineError("signInError")
        self.errors = FieldErrors(self.error)
        self.errors.add("password", self.error, self.password)
        self.errors.add("code", self.error, self.code)

        self.sign_in_button = QPushButton(self.tr("Sign In"))
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Sign Out") if locked_name else self.tr("Quit"))
        self.cancel_button.setObjectName("signInCancel")
        self.cancel_button.clicked.connect(self._on_cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.steps)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

        self._resend_timer = QTimer(self)
        self._resend_timer.setSingleShot(True)
        self._resend_timer.timeout.connect(lambda: self.resend_button.setEnabled(True))
        self._show_step(PASSWORD_STEP)

    def _line(self, name: str, accessible: str, *, secret: bool = False) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        if secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        return line

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    def _show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        if step == PASSWORD_STEP:
            self.heading.setText(
                self.tr(
                    "The console locked itself after a while without use. Type your "
                    "password to go on."
                )  # fmt: skip
                if self.locked_name
                else self.tr("Sign in with the account's name or an operator's name.")
            )
            self.sign_in_button.setText(self.tr("Sign In") if not self.locked_name else
                                        self.tr("Unlock"))  # fmt: skip
            (self.password if self.locked_name else self.username).setFocus()
        elif step == CODE_STEP:
            self.heading.setText(self.tr("Second step: confirm it is you."))
            self.sign_in_button.setText(self.tr("Verify"))
            self.code.setFocus()
        else:
            self.heading.setText(
                self.tr("Your password must be changed before you go on. Choose a new one.")
            )
            self.sign_in_button.setText(self.tr("Change Password"))
            self.new_password.setFocus()

    # --- steps -------------------------------------------------------------------------

    @Slot()
    def submit(self) -> None:
        """The primary button: sign in, verify the code, or change the password."""
        if self._busy:
            return
        if self.step == PASSWORD_STEP:
            self._sign_in()
        elif self.step == CODE_STEP:
            self._verify_code()
        else:
            self._change_password()

    def _sign_in(self) -> None:
        services = self._services
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self.error.show_message(self.tr("Type the name and the password, then sign in."))
            return
        self._call(lambda: services.auth.sign_in(name, password), self._on_password_checked)

    def _on_password_checked(self, outcome: SignInResult | SecondFactorChallenge) -> None:
        if isinstance(outcome, SignInResult):
            self._on_signed_in(outcome)
            return
        self.challenge = outcome
        method = outcome.method
        if method == LoginProtection.MFA:
            text = self.tr("Type the 6-digit code your MFA app shows now, or use a security key.")
        else:
            where = outcome.sent_to or ""
            text = (
                self.tr("We sent a 6-digit code by SMS to %1. Type it here.")
                if method == LoginProtection.SMS
                else self.tr("We emailed a 6-digit code to %1. Type it here.")
            ).replace("%1", where)
        self.code_prompt.setText(text)
        self.resend_button.setVisible(relies_on(method) is not None)
        self.key_button.setVisible(method == LoginProtection.MFA)
        self._start_resend_cooldown()
        self._show_step(CODE_STEP)

    def _verify_code(self) -> None:
        if self.challenge is None:
            return
        services, challenge_id = self._services, self.challenge.challenge_id
        code = self.code.text().strip().replace(" ", "")
        if not code:
            self.error.show_message(self.tr("Type the code, then press Verify."))
            return
        self._call(lambda: services.auth.complete_sign_in(challenge_id, code), self._on_signed_in)

    @Slot()
    def resend_code(self) -> None:
        if self.challenge is None or self._busy:
            return
        services, challenge_id = self._services, self.challenge.challenge_id
        self._call(lambda: services.auth.resend_code(challenge_id), self._on_resent)

    def _on_resent(self, challenge: SecondFactorChallenge) -> None:
        self.challenge = challenge
        self.code.clear()
        self.code_prompt.setText(
            self.tr("A new code was sent to %1. Type it here.").replace(
                "%1", challenge.sent_to or ""
            )
        )
        self._start_resend_cooldown()

    def _start_resend_cooldown(self) -> None:
        self.resend_button.setEnabled(False)
        self._resend_timer.start(RESEND_COOLDOWN_S * 1000)

    @Slot()
    def use_security_key(self) -> None:
        """The security-key hook: a touch on one of the operator's keys finishes the sign-in
        (ui.widgets.key_prompt asks for the PIN and shows the touch prompt)."""
        if self.challenge is None or self._busy:
            return
        from app.devices.fido import list_devices
        from ui.widgets.key_prompt import KeyPrompt

        prompt = KeyPrompt(self)
        prompt.touch_prompt.connect(lambda: self.touch_label.setVisible(True))
        self.key_prompt = prompt
        services, lister = self._services, self.key_lister
        challenge_id = self.challenge.challenge_id

        def work() -> SignInResult:
            devices = list_devices(lister)
            return services.auth.complete_sign_in_with_key(
                challenge_id, devices[0] if devices else None, prompt, prompt.cancel_event
            )

        def _finished(result: Any) -> None:
            prompt.finish()
            self.touch_label.setVisible(False)
            self.key_prompt = None

        self._call(
            work,
            lambda result: (_finished(result), self._on_signed_in(result)),
            blocking_io=True,
            on_failure=_finished,
        )
        self.key_wait_started.emit(prompt)

    def _on_signed_in(self, result: SignInResult) -> None:
        self._signed = result
        if result.password_change_required:
            self._show_step(CHANGE_STEP)
            return
        self._finish(result)

    def _change_password(self) -> None:
        if self._signed is None:
            return
        new, again = self.new_password.text(), self.new_password_confirm.text()
        if new != again:
            self.error.show_message(self.tr("The two new passwords differ; type the same twice."))
            self.new_password_confirm.setFocus()
            return
        services, actor, current = self._services, self._signed.actor, self.password.text()
        signed = self._signed
        self._call(lambda: services.passwords.change_own(actor, current, new),
                   lambda _: self._finish(signed))  # fmt: skip

    def _finish(self, result: SignInResult) -> None:
        for line in (self.password, self.code, self.new_password, self.new_password_confirm):
            line.clear()
        self.result_value = result
        self.signed_in.emit(result)
        self.accept()

    # --- plumbing ----------------------------------------------------------------------

    def _call(self, work: Callable[[], Any], on_done: Callable[[Any], Any], *,
              blocking_io: bool = False,
              on_failure: Callable[[Any], None] | None = None) -> None:  # fmt: skip
        self._set_busy(True)
        self.errors.clear()

        def _done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def _failed(exc: Exception) -> None:
            self._set_busy(False)
            if on_failure is not None:
                on_failure(exc)
            self.errors.show(exc)
            if self.step == PASSWORD_STEP:
                self.password.selectAll()

        self._runner.run(work, _done, _failed, blocking_io=blocking_io, context=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sign_in_button.setEnabled(not busy)
        self.steps.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self.cancel_button.setText(
            self.tr("Cancel")
            if busy and self.key_prompt is not None
            else (self.tr("Sign Out") if self.locked_name else self.tr("Quit"))
        )

    @Slot()
    def _on_cancel(self) -> None:
        if self.key_prompt is not None:
            self.key_prompt.cancel()  # stops the key's wait; the dialog stays
            return
        self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.key_prompt is not None:
            self.key_prompt.cancel()
        super().closeEvent(event)

    def reject(self) -> None:
        if self.key_prompt is not None:
            self.key_prompt.cancel()
        super().reject()
