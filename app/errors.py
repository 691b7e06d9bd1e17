"""The one error hierarchy of the service layer; front ends turn these into messages."""

from __future__ import annotations


class IamDeskError(Exception):
    """Base of every refusal. ``str(err)`` is one line for the operator: what was wrong and
    what to do about it. It never contains a secret."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the input that caused it, for front ends that point at a widget

    def __str__(self) -> str:
        return self.message


class ValidationError(IamDeskError):
    """An input is malformed (a name, an email address, a mobile number, a setting)."""


class PolicyViolationError(ValidationError):
    """A password (or another value) breaks the account's policy."""


class NotFoundError(IamDeskError):
    """The named user, key, device or message does not exist."""


class ConflictError(IamDeskError):
    """The change collides with existing data (a duplicate name, email or mobile)."""


class LimitExceededError(ConflictError):
    """A per-user limit would be exceeded (1 virtual MFA device, 8 keys, 2 access keys)."""


class StaleEditError(ConflictError):
    """The record was changed by someone else since it was read."""

    def __init__(self, what: str = "this user") -> None:
        super().__init__(f"{what} was changed by someone else — reload and try again")


class PreconditionError(IamDeskError):
    """The change needs something first (an email for a reset link, a factor for protection)."""


class PermissionDeniedError(IamDeskError):
    """The operator's role does not allow this operation."""


class AuthenticationError(IamDeskError):
    """Sign-in failed, or the operator session is missing or expired."""


class AccountLockedError(AuthenticationError):
    """Too many failed sign-ins: the user is locked until a time or an operator unlocks."""


class VaultUnavailableError(IamDeskError):
    """No wrapping key (OS keyring or key file) is available, so secrets cannot be stored."""


class DeliveryError(IamDeskError):
    """A message could not be handed to the SMTP server or SMS gateway (it stays queued)."""


class DeviceError(IamDeskError):
    """A security key failed, was removed, or the operator cancelled the touch prompt."""
