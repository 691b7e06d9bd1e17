"""The audit log's actions: every ``action`` the services record (the front ends key their
words by these; tests/unit/test_audit_actions.py checks that the services record no other)."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    """An audited event, as stored in ``audit_events.action``."""

    ACCOUNT_INIT = "account.init"
    AUDIT_CHAIN_KEYED = "audit.chain_keyed"
    SIGN_IN = "auth.sign_in"
    SECOND_FACTOR = "auth.second_factor"
    CHALLENGE = "auth.challenge"
    SIGN_OUT = "auth.sign_out"
    LOCK = "auth.lock"
    WORKSTATION_UNLOCK = "auth.unlock"
    USER_CREATE = "user.create"
    USER_UPDATE = "user.update"
    USER_ENABLE = "user.enable"
    USER_DISABLE = "user.disable"
    USER_DELETE = "user.delete"
    USER_UNLOCK = "user.unlock"
    USER_IMPORT = "user.import"
    PASSWORD_RESET = "password.reset"  # noqa: S105 (an action's name)
    PASSWORD_DELETE = "password.delete"  # noqa: S105
    PASSWORD_CHANGE = "password.change"  # noqa: S105
    PASSWORD_SET_FROM_LINK = "password.set_from_link"  # noqa: S105
    CONTACT_SET = "contact.set"
    CONTACT_CLEAR = "contact.clear"
    CONTACT_CODE_SENT = "contact.code_sent"
    MFA_BIND = "mfa.bind"
    MFA_BIND_RESUME = "mfa.bind_resume"
    MFA_BIND_CANCEL = "mfa.bind_cancel"
    MFA_CONFIRM = "mfa.confirm"
    MFA_RESET = "mfa.reset"
    MFA_UNBIND = "mfa.unbind"
    KEY_ADD = "key.add"
    KEY_UNBIND = "key.unbind"
    KEY_COUNTER_REGRESSED = "key.counter_regressed"
    PROTECTION_SET = "protection.set"
    ACCESS_KEY_CREATE = "accesskey.create"
    ACCESS_KEY_ENABLE = "accesskey.enable"
    ACCESS_KEY_DISABLE = "accesskey.disable"
    ACCESS_KEY_DELETE = "accesskey.delete"
    API_CALL = "api.call"
    TOKEN_ISSUE = "token.issue"  # noqa: S105
    TOKEN_REVOKE = "token.revoke"  # noqa: S105
    TEMPORARY_CREDENTIAL_ISSUE = "tempcred.issue"
    TEMPORARY_CREDENTIAL_REVOKE = "tempcred.revoke"
    PERMISSION_SET_CREATE = "permset.create"
    PERMISSION_SET_ASSIGN = "permset.assign"
    PERMISSION_SET_UNASSIGN = "permset.unassign"
    PASSWORD_POLICY = "policy.password"  # noqa: S105
    LOGIN_POLICY = "policy.login"
    SMTP_SETTINGS = "settings.smtp"
    SMS_SETTINGS = "settings.sms"
    PORTAL_SETTINGS = "settings.portal"
    RELYING_PARTY_SETTINGS = "settings.relying_party"
    SMTP_TEST = "smtp.test"
    OUTBOX_SEND = "outbox.send"
