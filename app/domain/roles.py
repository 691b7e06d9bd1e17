"""Operator roles and what each may do; enforced in the service layer."""

from __future__ import annotations

from enum import StrEnum

from app.errors import PermissionDeniedError, ValidationError


class Role(StrEnum):
    NONE = "none"
    HELPDESK = "helpdesk"
    ADMINISTRATOR = "administrator"
    ROOT = "root"  # the account itself; never stored on a user


class Permission(StrEnum):
    VIEW_USERS = "view users"
    MANAGE_USERS = "create, change or delete users"
    RESET_PASSWORD = "reset passwords"  # noqa: S105 (a permission, not a secret)
    DELETE_PASSWORD = "delete passwords"  # noqa: S105
    UNLOCK = "unlock users"
    MANAGE_CONTACTS = "change contact details"
    MANAGE_CREDENTIALS = "manage MFA devices, security keys and access keys"
    MANAGE_SETTINGS = "change account settings"
    VIEW_AUDIT = "read the audit log"
    MANAGE_OUTBOX = "read and send the outbox"
    VIEW_OUTBOX = "read the outbox"  # what waits and why; no message bodies


HELPDESK_PERMISSIONS = frozenset(
    {Permission.VIEW_USERS, Permission.RESET_PASSWORD, Permission.UNLOCK, Permission.VIEW_OUTBOX}
)
USER_ROLES = (Role.NONE, Role.HELPDESK, Role.ADMINISTRATOR)


def parse_user_role(value: str) -> Role:
    try:
        role = Role(value)
    except ValueError:
        role = None
    if role not in USER_ROLES:
        raise ValidationError(
            code="role.unknown",
            field="role",
            role=value,
            choices=", ".join(choice.value for choice in USER_ROLES),
        )
    assert role is not None
    return role


def allows(role: Role, permission: Permission) -> bool:
    if role in (Role.ROOT, Role.ADMINISTRATOR):
        return True
    if role is Role.HELPDESK:
        return permission in HELPDESK_PERMISSIONS
    return False


def require(role: Role, permission: Permission, *, target_role: str | None = None) -> None:
    """Refuse unless ``role`` may do ``permission`` (to a user whose role is ``target_role``).

    Helpdesk staff act on ordinary users only: resetting an administrator's password would
    let them take over a stronger role.
    """
    if not allows(role, permission):
        raise PermissionDeniedError(
            code="role.denied", role=role.value, permission=permission.value
        )
    if role is Role.HELPDESK and target_role not in (None, Role.NONE.value):
        raise PermissionDeniedError(
            code="role.helpdesk_target", permission=permission.value, target=target_role
        )
