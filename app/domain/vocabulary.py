"""The product's words: every status, mode and method as an enum, and the per-user limits.

Each value equals the string stored in the database and printed by ``iamctl``, so a
``StrEnum`` member compares equal to what older code and stored rows hold.
"""

from __future__ import annotations

from enum import StrEnum


class UserStatus(StrEnum):
    """Whether an IAM user may sign in."""

    ENABLED = "enabled"
    DISABLED = "disabled"


class LoginProtection(StrEnum):
    """The second factor asked at sign-in."""

    OFF = "off"
    SMS = "sms"
    EMAIL = "email"
    MFA = "mfa"  # a virtual MFA device or a security key


class ResetMode(StrEnum):
    """How an operator resets a password."""

    SET_BY_USER = "set-by-user"  # a one-time link is emailed  # noqa: S105
    AUTO = "auto"  # a generated password is emailed
    SET_NOW = "set-now"  # the operator types it  # noqa: S105


class InitialPassword(StrEnum):
    """The login password a new user starts with (Create User)."""

    SET_BY_USER = "set-by-user"  # a one-time link is emailed  # noqa: S105
    AUTO = "auto"  # generated: shown once and/or emailed
    SET_NOW = "set-now"  # the operator types it  # noqa: S105
    NONE = "none"  # no password (access keys only, or set later)


class PasswordOrigin(StrEnum):
    """Who chose the stored password."""

    SET_BY_USER = "set-by-user"  # noqa: S105
    AUTO_GENERATED = "auto-generated"  # noqa: S105
    OPERATOR_SET = "operator-set"  # noqa: S105


class MfaState(StrEnum):
    """A user's virtual MFA device: none, waiting for two codes, or in use."""

    NONE = "none"
    PENDING = "pending"
    ACTIVE = "active"


class AccessKeyStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


class OutboxStatus(StrEnum):
    """A queued message; ``stored`` is the built-in SMS gateway's "kept, not sent"."""

    QUEUED = "queued"
    SENT = "sent"
    STORED = "stored"


class OutboxChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class ContactField(StrEnum):
    """The two contact details a user can have."""

    EMAIL = "email"
    MOBILE = "mobile"


class SmtpSecurity(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


class KeySource(StrEnum):
    """What wraps the store's data key."""

    KEY_FILE = "key-file"
    KEYRING = "keyring"


class TemporaryCredentialState(StrEnum):
    """A temporary credential as a listing shows it."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


class AuthMethod(StrEnum):
    """A Keystone v3 / Huawei IAM authentication method (``auth.identity.methods``)."""

    PASSWORD = "password"  # noqa: S105 (a method's name)
    TOTP = "totp"
    TOKEN = "token"  # noqa: S105


class Switch(StrEnum):
    """``on``/``off`` as the command line spells a flag (API login protection)."""

    ON = "on"
    OFF = "off"


MAX_SECURITY_KEYS = 8
MAX_ACCESS_KEYS = 2
MAX_VIRTUAL_MFA_DEVICES = 1
CONFIRM_WORD = "YES"  # typed back to unbind a security key


def required_factor(method: str | LoginProtection) -> ContactField | MfaState | None:
    """What ``method`` needs before it can be chosen: a contact field (SMS a mobile, email an
    email), ``MfaState.ACTIVE`` (an MFA device: a confirmed virtual MFA device or a security
    key), or None (off)."""
    return {
        LoginProtection.OFF: None,
        LoginProtection.SMS: ContactField.MOBILE,
        LoginProtection.EMAIL: ContactField.EMAIL,
        LoginProtection.MFA: MfaState.ACTIVE,
    }[LoginProtection(method)]


def protection_ready(
    method: str | LoginProtection,
    *,
    has_mobile: bool,
    has_email: bool,
    has_totp: bool,
    security_keys: int,
) -> bool:
    """Whether a user with these factors may use login protection ``method``: the one rule
    the services enforce and both front ends show."""
    needed = required_factor(method)
    if needed is ContactField.MOBILE:
        return has_mobile
    if needed is ContactField.EMAIL:
        return has_email
    if needed is MfaState.ACTIVE:
        return has_totp or security_keys > 0
    return True


def relies_on(method: str | LoginProtection) -> ContactField | None:
    """The contact field that login protection ``method`` sends its codes to, if any."""
    needed = required_factor(method)
    return needed if isinstance(needed, ContactField) else None


def api_protection_ready(*, has_totp: bool) -> bool:
    """API login protection needs a confirmed virtual MFA device (a key cannot sign an API
    call)."""
    return has_totp


def values(words: type[StrEnum] | tuple[StrEnum, ...]) -> tuple[str, ...]:
    """The strings of an enum (or of some of its members), in order: a CLI's choices (the idea
    of ykman's EnumChoice) and a message's list of what is allowed."""
    return tuple(str(word.value) for word in words)
