"""The Users page's quick filters: locked, disabled, no MFA, password must change, no
password, a role and a login protection; the store applies them (and pages) like a search."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from app.domain.roles import USER_ROLES
from app.domain.user_filters import UserFilter, UserFlag
from app.domain.vocabulary import LoginProtection
from ui.users.columns import protection_label, role_label
from ui.widgets.icons import icon


class FilterBar(QWidget):
    """Signals:
    changed(object): the UserFilter now in force.
    """

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userFilters")
        labels = {
            UserFlag.LOCKED: self.tr("Locked"),
            UserFlag.DISABLED: self.tr("Disabled"),
            UserFlag.NO_MFA: self.tr("No MFA"),
            UserFlag.MUST_CHANGE: self.tr("Password must change"),
            UserFlag.NO_PASSWORD: self.tr("No password"),
        }
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setAccessibleName(self.tr("Show only"))
        self.flags: dict[UserFlag, QToolButton] = {}
        for flag, text in labels.items():
            button = QToolButton()
            button.setObjectName(f"filter_{flag.value}")
            button.setText(text)
            button.setCheckable(True)
            button.setToolTip(self.tr("Show only these users"))
            button.toggled.connect(self._on_changed)
            layout.addWidget(button)
            self.flags[flag] = button
        self.role = QComboBox()
        self.role.setObjectName("filterRole")
        self.role.setAccessibleName(self.tr("Role"))
        self.role.addItem(self.tr("Any role"), None)
        for role in USER_ROLES:
            self.role.addItem(role_label(role.value), role.value)
        self.role.currentIndexChanged.connect(self._on_changed)
        self.role.setToolTip(self.tr("Role"))
        self.protection = QComboBox()
        self.protection.setObjectName("filterProtection")
        self.protection.setAccessibleName(self.tr("Login protection"))
        self.protection.addItem(self.tr("Any login protection"), None)
        for method in LoginProtection:
            self.protection.addItem(protection_label(method.value), method.value)
        self.protection.currentIndexChanged.connect(self._on_changed)
        self.protection.setToolTip(self.tr("Login protection"))
        for combo in (self.role, self.protection):  # narrow windows: the choice elides
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("filterClear")
        self.clear_button.setText(self.tr("Clear Filters"))
        self.clear_button.setIcon(icon("disable"))
        self.clear_button.setAccessibleName(self.tr("Clear Filters"))
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.role)
        layout.addWidget(self.protection)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self._update_clear()

    def current(self) -> UserFilter:
        """The filters as the store takes them."""
        return UserFilter.parse(
            [flag.value for flag, button in self.flags.items() if button.isChecked()],
            self.role.currentData(),
            self.protection.currentData(),
        )

    @Slot()
    def clear(self) -> None:
        self.blockSignals(True)
        for button in self.flags.values():
            button.setChecked(False)
        self.role.setCurrentIndex(0)
        self.protection.setCurrentIndex(0)
        self.blockSignals(False)
        self._on_changed()

    def _update_clear(self) -> None:
        empty = self.current().empty
        self.clear_button.setEnabled(not empty)
        self.clear_button.setToolTip(self.tr("Clear Filters") if not empty
                                     else self.tr("No filter is on."))  # fmt: skip

    def _on_changed(self, *_: object) -> None:
        self._update_clear()
        if not self.signalsBlocked():
            self.changed.emit(self.current())
