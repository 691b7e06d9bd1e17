"""Login Protection: how sign-ins are verified, and API login protection."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel

from app.domain.roles import Permission
from app.domain.vocabulary import LoginProtection, MfaState, api_protection_ready, protection_ready
from ui.session import ConsoleSession
from ui.user_details.security_settings.section import Section, SecurityState
from ui.widgets.inline_error import FieldErrors, InlineError


class LoginProtectionSection(Section):
    """Choose the login protection method; only the methods the user is ready for."""

    def __init__(self, session: ConsoleSession, user_name: str) -> None:
        super().__init__(session, user_name)
        self.setTitle(self.tr("Login Protection"))
        self.setObjectName("loginProtectionSection")
        grid = self.grid()
        self.setLayout(grid)
        self.protection_method = QComboBox()
        self.protection_method.setObjectName("loginProtectionMethod")
        self.protection_method.setAccessibleName(self.tr("Login protection"))
        for method, text in (
            (LoginProtection.OFF, self.tr("Off")),
            (LoginProtection.SMS, self.tr("SMS")),
            (LoginProtection.EMAIL, self.tr("Email")),
            (LoginProtection.MFA, self.tr("Virtual MFA device or security key")),
        ):
            self.protection_method.addItem(text, method.value)
        self.protection_method.currentIndexChanged.connect(self.update_buttons)
        self.api_protection = QCheckBox(
            self.tr(
                "API login protection (asks for a virtual MFA code when the user gets an API token)"
            )
        )
        self.api_protection.setObjectName("apiLoginProtection")
        self.api_protection.toggled.connect(self.update_buttons)
        self.protection_hint = QLabel()
        self.protection_hint.setObjectName("loginProtectionHint")
        self.protection_hint.setWordWrap(True)
        self.apply_protection_button = self.button(
            "applyProtectionButton", self.tr("Apply"), self._on_apply_protection
        )
        self.protection_error = InlineError("loginProtectionError")
        grid.addWidget(QLabel(self.tr("Verify sign-ins with")), 0, 0)
        grid.addWidget(self.protection_method, 0, 1)
        grid.addWidget(self.apply_protection_button, 0, 2)
        grid.addWidget(self.api_protection, 1, 1, 1, 2)
        grid.addWidget(self.protection_hint, 2, 1, 1, 2)
        grid.addWidget(self.protection_error, 3, 1, 1, 2)

    def error_lines(self) -> list[InlineError]:
        return [self.protection_error]

    def show_state(self, state: SecurityState | None) -> None:
        self.state = state
        if state is not None:
            user = state.user
            index = self.protection_method.findData(user.login_protection)
            self.protection_method.blockSignals(True)
            self.protection_method.setCurrentIndex(max(index, 0))
            self.protection_method.blockSignals(False)
            self.api_protection.blockSignals(True)
            self.api_protection.setChecked(user.api_login_protection)
            self.api_protection.blockSignals(False)
            self._explain(state)
        self.update_buttons()

    def _explain(self, state: SecurityState) -> None:
        """Say inline what each method needs, and grey out the ones not possible yet."""
        user = state.user
        has_totp = state.mfa.state == MfaState.ACTIVE
        why = {
            LoginProtection.SMS: self.tr("SMS needs a mobile number."),
            LoginProtection.EMAIL: self.tr("Email needs an email address."),
            LoginProtection.MFA: self.tr(
                "Virtual MFA needs a bound virtual MFA device or security key."),
        }  # fmt: skip
        needs = {
            method: None if protection_ready(
                method, has_mobile=bool(user.mobile), has_email=bool(user.email),
                has_totp=has_totp, security_keys=len(state.keys),
            ) else text
            for method, text in why.items()
        }  # fmt: skip
        model = self.protection_method.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(self.protection_method.count()):
            method = self.protection_method.itemData(row)
            item = model.item(row)
            possible = needs.get(method) is None or method == user.login_protection
            item.setEnabled(possible)
            item.setToolTip(needs.get(method) or "")
        api_needs = None if api_protection_ready(has_totp=has_totp) else self.tr(
            "API login protection needs a bound virtual MFA device.")  # fmt: skip
        self.api_protection.setEnabled(api_needs is None or user.api_login_protection)
        hints = [text for text in (*needs.values(), api_needs) if text]
        self.protection_hint.setText(" ".join(hints))
        self.protection_hint.setVisible(bool(hints))

    @Slot()
    def update_buttons(self) -> None:
        user = self.state.user if self.state else None
        changed = user is not None and (
            self.protection_method.currentData() != user.login_protection
            or self.api_protection.isChecked() != user.api_login_protection
        )
        manage = Permission.MANAGE_CREDENTIALS
        self.enable(self.apply_protection_button, manage,
                    None if changed else self.tr("Nothing changed."))  # fmt: skip
        self.protection_method.setEnabled(self.why_not(manage) is None)
        if self.why_not(manage) is not None:
            self.api_protection.setEnabled(False)

    @Slot()
    def _on_apply_protection(self) -> None:
        state = self.state
        if state is None:
            return
        method = self.protection_method.currentData()
        api = self.api_protection.isChecked()
        name, version = self.user_name, state.user.version
        self.change(
            lambda s, actor: s.protection.set(
                actor, name, method=method, api=api, expected_version=version
            ),
            FieldErrors(self.protection_error),
            self.tr("Login protection was changed."),
        )
