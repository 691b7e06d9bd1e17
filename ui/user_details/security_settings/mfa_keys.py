"""Multi-Factor Authentication: the virtual MFA device and the security keys, added through
one entry point (Add MFA Device: a name, then the type), as Huawei IAM documents it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QVBoxLayout

from app.domain.roles import Permission
from app.domain.vocabulary import CONFIRM_WORD, MAX_SECURITY_KEYS, MfaState
from ui.session import ConsoleSession
from ui.user_details.security_settings.add_mfa_dialog import AddMfaDeviceDialog, MfaDeviceType
from ui.user_details.security_settings.key_dialog import AddSecurityKeyDialog, DeviceLister
from ui.user_details.security_settings.mfa_dialog import BindMfaDialog, BindMode
from ui.user_details.security_settings.section import (
    Section,
    SecurityState,
    fill_table,
    selected_id,
    short_table,
)
from ui.widgets.authenticators import model_or_aaguid
from ui.widgets.formatting import local_time
from ui.widgets.inline_error import FieldErrors, InlineError
from ui.widgets.labels import value_label
from ui.widgets.prompts import confirm
from ui.widgets.typed_confirm import TypedConfirmDialog, ask_word


class MfaKeysSection(Section):
    """Bind, reset or unbind the virtual MFA device; add or unbind security keys.

    Args:
        device_lister: finds security keys (tests pass a software key's lister).
    """

    def __init__(self, session: ConsoleSession, user_name: str,
                 device_lister: DeviceLister | None = None) -> None:  # fmt: skip
        super().__init__(session, user_name)
        self.setTitle(self.tr("Multi-Factor Authentication"))
        self.setObjectName("mfaSection")
        self.device_lister = device_lister
        layout = QVBoxLayout(self)
        grid = self.grid()
        self.mfa_value = value_label("virtualMfaStatus")
        self.continue_mfa_button = self.button(
            "continueMfaBindingButton", self.tr("Continue binding"), self._on_continue_mfa
        )
        self.reset_mfa_button = self.button(
            "resetVirtualMfaButton", self.tr("Reset"), self._on_reset_mfa
        )
        self.unbind_mfa_button = self.button(
            "unbindVirtualMfaButton", self.tr("Unbind"), self._on_unbind_mfa
        )
        self.mfa_error = InlineError("virtualMfaError")
        self.add_row(grid, 0, self.tr("Virtual MFA device"), self.mfa_value,
                     [self.continue_mfa_button, self.reset_mfa_button, self.unbind_mfa_button],
                     self.mfa_error)  # fmt: skip
        layout.addLayout(grid)
        keys_head = QHBoxLayout()
        self.keys_caption = QLabel()
        self.keys_caption.setObjectName("securityKeyCount")
        self.add_device_button = self.button(
            "addMfaDeviceButton", self.tr("Add MFA Device"), self._on_add_device
        )
        self.unbind_key_button = self.button(
            "unbindSecurityKeyButton", self.tr("Unbind"), self._on_unbind_key
        )
        keys_head.addWidget(self.keys_caption, 1)
        keys_head.addWidget(self.add_device_button)
        keys_head.addWidget(self.unbind_key_button)
        layout.addLayout(keys_head)
        self.key_table = short_table(
            "securityKeyTable",
            [self.tr("Name"), self.tr("AAGUID / model"), self.tr("Added"), self.tr("Last used")],
            stretch=1,
        )
        self.key_table.setAccessibleName(self.tr("Security keys"))
        self.key_table.itemSelectionChanged.connect(self.update_buttons)
        layout.addWidget(self.key_table)
        self.key_error = InlineError("securityKeyTableError")
        layout.addWidget(self.key_error)

    def error_lines(self) -> list[InlineError]:
        return [self.mfa_error, self.key_error]

    def show_state(self, state: SecurityState | None) -> None:
        self.state = state
        if state is None:
            self.mfa_value.setText(self.tr("Loading…"))
            self.update_buttons()
            return
        mfa = state.mfa
        name = mfa.device_name or self.tr("Virtual MFA device")
        self.mfa_value.setText({
            MfaState.NONE: self.tr("Not bound"),
            MfaState.PENDING: self.tr("%1: pending — the two codes were not entered yet")
            .replace("%1", name),
            MfaState.ACTIVE: self.tr("%1: bound since %2").replace("%1", name)
            .replace("%2", local_time(mfa.activated_at)),
        }.get(mfa.state, mfa.state))  # fmt: skip
        self.keys_caption.setText(
            self.tr("Security keys: %1 of %2").replace("%1", str(len(state.keys)))
            .replace("%2", str(MAX_SECURITY_KEYS))
        )  # fmt: skip
        fill_table(self.key_table, [
            (k.name, [k.name, model_or_aaguid(k.aaguid), local_time(k.created_at),
                      local_time(k.last_used_at, self.tr("Never"))])
            for k in state.keys
        ], self.tr("No security keys"))  # fmt: skip
        self.update_buttons()

    @Slot()
    def update_buttons(self) -> None:
        state = self.state
        mfa = state.mfa.state if state else MfaState.NONE
        manage = Permission.MANAGE_CREDENTIALS
        unbound = self.tr("No virtual MFA device is bound.")
        bound = self.tr("A virtual MFA device is already bound.")
        self.enable(self.continue_mfa_button, manage, None if mfa == MfaState.PENDING else (
            bound if mfa == MfaState.ACTIVE else unbound))  # fmt: skip
        self.continue_mfa_button.setVisible(mfa == MfaState.PENDING)
        self.enable(self.reset_mfa_button, manage, None if mfa == MfaState.ACTIVE else unbound)
        self.enable(self.unbind_mfa_button, manage, None if mfa != MfaState.NONE else unbound)
        full = state is not None and len(state.keys) >= MAX_SECURITY_KEYS
        self.enable(self.add_device_button, manage, self.tr(
            "A virtual MFA device is bound and the user has %1 of %2 security keys.")
            .replace("%1", str(MAX_SECURITY_KEYS)).replace("%2", str(MAX_SECURITY_KEYS))
            if full and mfa == MfaState.ACTIVE else None)  # fmt: skip
        self.enable(self.unbind_key_button, manage, None if selected_id(self.key_table)
                    else self.tr("Select a security key first."))  # fmt: skip

    # --- the virtual MFA device ---------------------------------------------------------

    def _open_mfa(self, mode: BindMode, device_name: str | None = None) -> BindMfaDialog:
        dialog = BindMfaDialog(self.session, self.user_name, mode=mode,
                               device_name=device_name, parent=self)  # fmt: skip
        dialog.mfa_bound.connect(
            lambda _s: self.announce(self.tr("The virtual MFA device is bound."))
        )
        dialog.enrollment_started.connect(self.reload_requested)
        self.open_dialog(dialog)
        dialog.start()
        return dialog

    @Slot()
    def _on_add_device(self) -> None:
        if self.state is None:
            return
        dialog = AddMfaDeviceDialog(self.user_name, self.state, parent=self)
        dialog.chosen.connect(self._on_device_chosen)
        self.open_dialog(dialog)

    @Slot(str, str)
    def _on_device_chosen(self, kind: str, device_name: str) -> None:
        if kind == MfaDeviceType.VIRTUAL:
            self._open_mfa(BindMode.BIND, device_name)
        else:
            self._open_add_key(device_name)

    @Slot()
    def _on_continue_mfa(self) -> None:
        self._open_mfa(BindMode.RESUME)

    @Slot()
    def _on_reset_mfa(self) -> None:
        self._confirm_reset_mfa(lambda: self._open_mfa(BindMode.RESET))

    def _confirm_reset_mfa(self, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before replacing the virtual MFA device (tests may replace this)."""
        return confirm(
            self, "confirmResetMfa", self.tr("Reset Virtual MFA Device"),
            self.tr("Replace the virtual MFA device of %1? Codes from the old device stop "
                    "working.").replace("%1", self.user_name),
            on_yes, yes_text=self.tr("Reset device"), destructive=True,
        )  # fmt: skip

    @Slot()
    def _on_unbind_mfa(self) -> None:
        name = self.user_name
        self._confirm_unbind_mfa(
            lambda: self.change(
                lambda s, actor: s.mfa.unbind(actor, name), FieldErrors(self.mfa_error),
                self.tr("The virtual MFA device was unbound."),
            )
        )  # fmt: skip

    def _confirm_unbind_mfa(self, on_yes: Callable[[], None]) -> QMessageBox:
        """Ask before unbinding the virtual MFA device (tests may replace this)."""
        return confirm(
            self, "confirmUnbindMfa", self.tr("Unbind Virtual MFA Device"),
            self.tr("Unbind the virtual MFA device of %1?").replace("%1", self.user_name),
            on_yes, yes_text=self.tr("Unbind device"), destructive=True,
        )  # fmt: skip

    # --- security keys ------------------------------------------------------------------

    def _open_add_key(self, key_name: str = "") -> AddSecurityKeyDialog:
        dialog = AddSecurityKeyDialog(self.session, self.user_name, key_name=key_name,
                                      device_lister=self.device_lister, parent=self)  # fmt: skip
        dialog.key_added.connect(
            lambda record: self.announce(
                self.tr("Security key %1 was added.").replace("%1", record.name))
        )  # fmt: skip
        self.open_dialog(dialog)
        dialog.find_devices()
        return dialog

    @Slot()
    def _on_unbind_key(self) -> None:
        key_name = selected_id(self.key_table)
        if key_name is None:
            return
        name = self.user_name

        def _unbind(typed: str) -> None:
            self.change(
                lambda s, actor: s.security_keys.unbind(actor, name, key_name, confirm=typed),
                FieldErrors(self.key_error),
                self.tr("Security key %1 was unbound.").replace("%1", key_name),
            )

        self._ask_unbind_key(key_name, _unbind)

    def _ask_unbind_key(
        self, key_name: str, on_answer: Callable[[str], None]
    ) -> TypedConfirmDialog:
        """Ask for the confirmation word before unbinding a key: its button works only once
        YES is typed (tests may replace this)."""
        return ask_word(
            self, "confirmUnbindKey", self.tr("Unbind Security Key"),
            self.tr("The key %1 will no longer sign in %2. Type %3 to unbind it:")
            .replace("%1", key_name).replace("%2", self.user_name).replace("%3", CONFIRM_WORD),
            CONFIRM_WORD, self.tr("Unbind key"), on_answer,
        )  # fmt: skip
