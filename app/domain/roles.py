"""Roles and what each may do (one table); enforced in the service layer.

Operators act on any user their role reaches. An IAM user in the portal acts as ``SELF``:
on their own record only (contacts, MFA, security keys, temporary credentials), whatever
operator role they may also hold, and never on roles, status, deletion, login protection or
access keys.
"""

from __future__ import annotations

from enum import StrEnum

from app.errors import PermissionDeniedError, ValidationError


class Role(StrEnum):
    NONE = "none"
    HELPDESK = "helpdesk"
    ADMINISTRATOR = "administrator"
    ROOT = "root"  # the account itself; never stored on a user
    SELF = "self"  # an IAM user on their own record (the portal); never stored on a user


class Permission(StrEnum):
    VIEW_USERS = "view users"
    MANAGE_USERS = "create, change or delete users"
    RESET_PASSWORD = "reset passwords"  # noqa: S105 (a permission, not a secret)
    DELETE_PASSWORD = "delete passwords"  # noqa: S105
    UNLOCK = "unlock users"
    MANAGE_CONTACTS = "change contact details"
    MANAGE_FACTORS = "manage virtual MFA devices and security keys"
    MANAGE_CREDENTIALS = "manage access keys, permission sets and login protection"
    MANAGE_SETTINGS = "change account settings"
    VIEW_AUDIT = "read the audit log"
    MANAGE_OUTBOX = "read and send the outbox"
    OBTAIN_TEMPORARY_CREDENTIALS = "obtain temporary access credentials"
    VIEW_OUTBOX = "read the outbox"  # what waits and why; no message bodies


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ROOT: frozenset(Permission),
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.HELPDESK: frozenset(
        {
            Permission.VIEW_USERS,
            Permission.RESET_PASSWORD,
            Permission.UNLOCK,
            Permission.VIEW_OUTBOX,
        }
    ),
    Role.SELF: frozenset(
        {
            Permission.VIEW_USERS,
            Permission.MANAGE_CONTACTS,
            Permission.MANAGE_FACTORS,
            Permission.OBTAIN_TEMPORARY_CREDENTIALS,
        }
    ),
    Role.NONE: frozenset(),
}
# Roles whose grants reach only the actor's own record.
OWN_RECORD_ONLY = frozenset({Role.SELF})
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
    return permission in GRANTS.get(role, frozenset())


def require(
    role: Role,
    permission: Permission,
    *,
    target_role: str | None = None,
    own: bool | None = None,
) -> None:
    """Refuse unless ``role`` may do ``permission`` (to a user whose role is ``target_role``;
    ``own``: that user is the actor, None: no one user is the target).

    Helpdesk staff act on ordinary users only: resetting an administrator's password would
    let them take over a stronger role. ``SELF`` reaches the actor's own record only.
    """
    if not allows(role, permission):
        raise PermissionDeniedError(
            code="role.denied", role=role.value, permission=permission.value
        )
    if role in OWN_RECORD_ONLY and own is not True:
        raise PermissionDeniedError(code="role.own_record_only", permission=permission.value)
    if role is Role.HELPDESK and target_role not in (None, Role.NONE.value):
        raise PermissionDeniedError(
            code="role.helpdesk_target", permission=permission.value, target=target_role
        )
