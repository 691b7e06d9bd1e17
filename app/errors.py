"""The one error hierarchy of the service layer; front ends turn these into messages.

Every refusal carries a stable ``code`` (``user.not_found``, ``password.too_short``) and its
``params``; the English sentence comes from the one catalogue, :mod:`app.messages`, and each
front end may say it its own way (``iamctl`` adds hints, the console translates the code).
"""

from __future__ import annotations

from typing import Any, ClassVar


class IamDeskError(Exception):
    """Base of every refusal. ``str(err)`` is one line for the operator: what was wrong and
    what to do about it. It never contains a secret.

    Args:
        message: a plain English sentence (older raise sites); leave it out to have the
            catalogue's sentence for ``code``.
        code: the stable code (default: the class's ``default_code``).
        field: the input that caused it, for front ends that point at a widget.
        **params: the values the catalogue's sentence names (``name="alice"``).
    """

    default_code: ClassVar[str] = "error"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        from app.messages import render

        self.code: str = code or self.default_code
        self.params: dict[str, Any] = dict(params)
        # True when the sentence is the catalogue's, so a front end may translate the code.
        self.from_catalogue = message is None
        # A sentence may name the field too ("then remove the {field}").
        text = render(self.code, {"field": field, **self.params}) if message is None else message
        super().__init__(text)
        self.message = text
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(IamDeskError):
    """An input is malformed (a name, an email address, a mobile number, a setting)."""

    default_code = "input.invalid"


class PolicyViolationError(ValidationError):
    """A password (or another value) breaks the account's policy."""

    default_code = "policy.violation"


class NotFoundError(IamDeskError):
    """The named user, key, device or message does not exist."""

    default_code = "not_found"


class ConflictError(IamDeskError):
    """The change collides with existing data (a duplicate name, email or mobile)."""

    default_code = "conflict"


class LimitExceededError(ConflictError):
    """A per-user limit would be exceeded (1 virtual MFA device, 8 keys, 2 access keys)."""

    default_code = "limit.exceeded"


class StaleEditError(ConflictError):
    """The record was changed by someone else since it was read.

    ``StaleEditError()`` speaks of "this user"; ``StaleEditError(name="alice")`` names it.
    A positional ``what`` (older raise sites) is kept as it was.
    """

    default_code = "edit.stale"

    def __init__(self, what: str | None = None, *, name: str | None = None) -> None:
        if what is not None:
            super().__init__(
                f"{what} was changed by someone else — reload and try again", code="edit.stale"
            )
        elif name is not None:
            super().__init__(code="user.stale", name=name)
        else:
            super().__init__()


class PreconditionError(IamDeskError):
    """The change needs something first (an email for a reset link, a factor for protection)."""

    default_code = "precondition"


class PermissionDeniedError(IamDeskError):
    """The operator's role does not allow this operation."""

    default_code = "permission.denied"


class AuthenticationError(IamDeskError):
    """Sign-in failed, or the operator session is missing or expired."""

    default_code = "signin.failed"


class AccountLockedError(AuthenticationError):
    """Too many failed sign-ins: the user is locked until a time or an operator unlocks."""

    default_code = "signin.locked"


class VaultUnavailableError(IamDeskError):
    """No wrapping key (OS keyring or key file) is available, so secrets cannot be stored."""

    default_code = "vault.unavailable"


class DeliveryError(IamDeskError):
    """A message could not be handed to the SMTP server or SMS gateway (it stays queued)."""

    default_code = "delivery.failed"


class DeviceError(IamDeskError):
    """A security key failed, was removed, or the operator cancelled the touch prompt."""

    default_code = "device.failed"
