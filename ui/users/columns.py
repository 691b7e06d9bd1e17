"""The user list's columns: which there are, which sort in the store, and their words."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication

from app.domain.roles import Role
from app.domain.vocabulary import LoginProtection, values


class Column(IntEnum):
    NAME = 0
    DISPLAY_NAME = 1
    STATUS = 2
    ROLE = 3
    EMAIL = 4
    MOBILE = 5
    MFA = 6
    PROTECTION = 7
    ACCESS_KEYS = 8
    LAST_LOGIN = 9
    CREATED = 10
    OPERATION = 11


# The store's sort key of each sortable column. The MFA and access key columns are counted per
# row (app/store/user_list.py): sorting 100,000 users by them would count them all.
SORT_KEYS: dict[Column, str] = {
    Column.NAME: "name",
    Column.DISPLAY_NAME: "display_name",
    Column.STATUS: "status",
    Column.ROLE: "role",
    Column.EMAIL: "email",
    Column.MOBILE: "mobile",
    Column.PROTECTION: "protection",
    Column.CREATED: "created",
    Column.LAST_LOGIN: "last_login",
}
# Shown until the operator chooses otherwise (the column chooser).
HIDDEN_AT_FIRST = (Column.DISPLAY_NAME, Column.ROLE)
# Always shown: the list's one way to tell users apart and to open them.
ALWAYS_SHOWN = (Column.NAME,)


def _t(text: str) -> str:
    return QCoreApplication.translate("UserTableModel", text)


HEADERS = {
    Column.NAME: lambda: _t("Username"),
    Column.DISPLAY_NAME: lambda: _t("Display name"),
    Column.STATUS: lambda: _t("Status"),
    Column.ROLE: lambda: _t("Role"),
    Column.EMAIL: lambda: _t("Email"),
    Column.MOBILE: lambda: _t("Mobile"),
    Column.MFA: lambda: _t("MFA (virtual / keys)"),
    Column.PROTECTION: lambda: _t("Login protection"),
    Column.ACCESS_KEYS: lambda: _t("Access keys"),
    Column.LAST_LOGIN: lambda: _t("Last login"),
    Column.CREATED: lambda: _t("Created"),
    Column.OPERATION: lambda: _t("Operation"),
}
_PROTECTION = {
    LoginProtection.OFF: lambda: _t("Off"),
    LoginProtection.SMS: lambda: _t("SMS"),
    LoginProtection.EMAIL: lambda: _t("Email"),
    LoginProtection.MFA: lambda: _t("MFA device"),
}
PROTECTION_METHODS = values(LoginProtection)
_ROLES = {
    Role.NONE: lambda: _t("No operator role"),
    Role.HELPDESK: lambda: _t("Helpdesk"),
    Role.ADMINISTRATOR: lambda: _t("Administrator"),
}


def status_text(enabled: bool, locked: bool) -> str:
    """The Status column's text ("Enabled · Locked")."""
    text = _t("Enabled") if enabled else _t("Disabled")
    return f"{text} · {_t('Locked')}" if locked else text


def protection_label(method: str) -> str:
    """A login protection method as the operator reads it (translated)."""
    label = _PROTECTION.get(method)
    return label() if label is not None else method


def role_label(role: str) -> str:
    """A user's operator role as the operator reads it (translated)."""
    label = _ROLES.get(role)  # type: ignore[call-overload]
    return label() if label is not None else role
