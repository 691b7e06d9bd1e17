"""The audit log in words: each action's label, and an event's details as readable fields."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.audit_actions import AuditAction as A
from app.domain.login_policy import SignInPurpose
from app.domain.vocabulary import ResetMode
from ui.users.columns import protection_label, role_label
from ui.widgets.formatting import local_time


def _t(text: str) -> str:
    return QCoreApplication.translate("AuditWords", text)


ACTION_LABELS: dict[A, Callable[[], str]] = {
    A.ACCOUNT_INIT: lambda: _t("Account created"),
    A.AUDIT_CHAIN_KEYED: lambda: _t("Audit log keyed"),
    A.SIGN_IN: lambda: _t("Sign-in"),
    A.SECOND_FACTOR: lambda: _t("Second factor"),
    A.CHALLENGE: lambda: _t("Second factor asked"),
    A.SIGN_OUT: lambda: _t("Sign-out"),
    A.LOCK: lambda: _t("Locked by failed sign-ins"),
    A.WORKSTATION_UNLOCK: lambda: _t("Lock passed at a workstation"),
    A.USER_CREATE: lambda: _t("User created"),
    A.USER_UPDATE: lambda: _t("User changed"),
    A.USER_ENABLE: lambda: _t("User enabled"),
    A.USER_DISABLE: lambda: _t("User disabled"),
    A.USER_DELETE: lambda: _t("User deleted"),
    A.USER_UNLOCK: lambda: _t("User unlocked"),
    A.USER_IMPORT: lambda: _t("Users imported"),
    A.PASSWORD_RESET: lambda: _t("Password reset"),
    A.PASSWORD_DELETE: lambda: _t("Password deleted"),
    A.PASSWORD_CHANGE: lambda: _t("Password changed"),
    A.PASSWORD_SET_FROM_LINK: lambda: _t("Password set from a link"),
    A.CONTACT_SET: lambda: _t("Contact details changed"),
    A.CONTACT_CLEAR: lambda: _t("Contact detail removed"),
    A.CONTACT_CODE_SENT: lambda: _t("Verification code sent"),
    A.MFA_BIND: lambda: _t("Virtual MFA device binding started"),
    A.MFA_BIND_RESUME: lambda: _t("Virtual MFA device binding continued"),
    A.MFA_BIND_CANCEL: lambda: _t("Virtual MFA device binding cancelled"),
    A.MFA_CONFIRM: lambda: _t("Virtual MFA device bound"),
    A.MFA_RESET: lambda: _t("Virtual MFA device reset"),
    A.MFA_UNBIND: lambda: _t("Virtual MFA device unbound"),
    A.KEY_ADD: lambda: _t("Security key added"),
    A.KEY_UNBIND: lambda: _t("Security key unbound"),
    A.KEY_COUNTER_REGRESSED: lambda: _t("Security key counter went back"),
    A.PROTECTION_SET: lambda: _t("Login protection set"),
    A.ACCESS_KEY_CREATE: lambda: _t("Access key created"),
    A.ACCESS_KEY_ENABLE: lambda: _t("Access key enabled"),
    A.ACCESS_KEY_DISABLE: lambda: _t("Access key disabled"),
    A.ACCESS_KEY_DELETE: lambda: _t("Access key deleted"),
    A.API_CALL: lambda: _t("API call"),
    A.TOKEN_ISSUE: lambda: _t("API token issued"),
    A.TOKEN_REVOKE: lambda: _t("API token revoked"),
    A.TEMPORARY_CREDENTIAL_ISSUE: lambda: _t("Temporary credential issued"),
    A.TEMPORARY_CREDENTIAL_REVOKE: lambda: _t("Temporary credential revoked"),
    A.PERMISSION_SET_CREATE: lambda: _t("Permission set created"),
    A.PERMISSION_SET_ASSIGN: lambda: _t("Permission set assigned"),
    A.PERMISSION_SET_UNASSIGN: lambda: _t("Permission set unassigned"),
    A.PASSWORD_POLICY: lambda: _t("Password policy changed"),
    A.LOGIN_POLICY: lambda: _t("Login policy changed"),
    A.SMTP_SETTINGS: lambda: _t("SMTP settings changed"),
    A.SMS_SETTINGS: lambda: _t("SMS gateway changed"),
    A.PORTAL_SETTINGS: lambda: _t("Portal address changed"),
    A.RELYING_PARTY_SETTINGS: lambda: _t("Security key relying party changed"),
    A.SMTP_TEST: lambda: _t("SMTP test"),
    A.OUTBOX_SEND: lambda: _t("Outbox sent"),
}

# The detail fields the services record, in the operator's words (others: the key as is).
_FIELDS: dict[str, Callable[[], str]] = {
    "purpose": lambda: _t("Where"),
    "method": lambda: _t("Method"),
    "locked": lambda: _t("Locked"),
    "passing_lock": lambda: _t("Passing a lock"),
    "until": lambda: _t("Until"),
    "minutes": lambda: _t("Minutes"),
    "second_factor": lambda: _t("After a wrong second factor"),
    "renewed": lambda: _t("Started again"),
    "was_locked": lambda: _t("Was locked"),
    "was_due": lambda: _t("Was due"),
    "role": lambda: _t("Role"),
    "fields": lambda: _t("Fields"),
    "field_name": lambda: _t("Field"),
    "changed": lambda: _t("Changed"),
    "change": lambda: _t("Change"),
    "email_set": lambda: _t("Email set"),
    "mobile_set": lambda: _t("Mobile set"),
    "reset_mode": lambda: _t("Reset mode"),
    "emailed": lambda: _t("Emailed"),
    "mode": lambda: _t("Mode"),
    "must_change": lambda: _t("Must change"),
    "unlocked": lambda: _t("Unlocked"),
    "key_name": lambda: _t("Key"),
    "aaguid": lambda: _t("Model (AAGUID)"),
    "access_key_id": lambda: _t("Access key"),
    "permission_set": lambda: _t("Permission set"),
    "session_seconds": lambda: _t("Session (seconds)"),
    "duration_seconds": lambda: _t("Duration (seconds)"),
    "address": lambda: _t("Address"),
    "portal_url": lambda: _t("Portal address"),
    "rp_id": lambda: _t("Relying party"),
    "api_action": lambda: _t("API action"),
    "reason": lambda: _t("Reason"),
    "temporary": lambda: _t("Temporary"),
    "by": lambda: _t("By"),
    "users_count": lambda: _t("Users"),
    "sent": lambda: _t("Sent"),
    "stored": lambda: _t("Stored"),
    "failed": lambda: _t("Failed"),
    "host": lambda: _t("Host"),
    "port": lambda: _t("Port"),
    "security": lambda: _t("Security"),
    "auth": lambda: _t("Authentication"),
}


def action_label(action: str) -> str:
    """An action as the operator reads it (an unknown one as stored)."""
    try:
        label = ACTION_LABELS.get(A(action))
    except ValueError:
        label = None
    return label() if label is not None else action


_PURPOSES = {
    SignInPurpose.CONSOLE: lambda: _t("console"),
    SignInPurpose.CLI: lambda: _t("command line"),
    SignInPurpose.PORTAL: lambda: _t("portal"),
    SignInPurpose.API: lambda: _t("API"),
}
_RESET_MODES = {
    ResetMode.SET_BY_USER: lambda: _t("set by the user (link)"),
    ResetMode.AUTO: lambda: _t("automatically generated"),
    ResetMode.SET_NOW: lambda: _t("set now"),
}
# Values that are the product's words: shown in the operator's words.
_WORDS: dict[str, Callable[[str], str]] = {
    "role": role_label,
    "method": protection_label,
    "purpose": lambda v: _PURPOSES[SignInPurpose(v)]() if v in _PURPOSES else v,
    "reset_mode": lambda v: _RESET_MODES[ResetMode(v)]() if v in _RESET_MODES else v,
}


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return _t("yes") if value else _t("no")
    if key in _WORDS and isinstance(value, str):
        return _WORDS[key](value)
    if key == "until" and isinstance(value, str):
        try:
            return local_time(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def detail_fields(details: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each detail, in the order the services wrote them (sorted keys)."""
    fields = []
    for key, value in details.items():
        label = _FIELDS.get(key)
        fields.append((label() if label is not None else key, _value(key, value)))
    return fields


def details_text(details: dict[str, Any]) -> str:
    """One line: ``Role: helpdesk · Email set: yes``."""
    pair = _t("%1: %2")  # the colon as the language writes it
    return " · ".join(
        pair.replace("%1", label).replace("%2", value) for label, value in detail_fields(details)
    )
