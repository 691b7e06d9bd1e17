"""Small pieces the service modules share: loading users, uniqueness checks, records."""

from __future__ import annotations

from sqlalchemy import func, select

from app.domain.names import name_key
from app.domain.roles import Permission, require
from app.errors import ConflictError, NotFoundError, StaleEditError
from app.services.records import Actor, UserDetail, UserSummary
from app.store.models import Account, User
from app.store.uow import UnitOfWork
from app.store.user_list import CredentialCounts, credential_counts


def load_user(uow: UnitOfWork, name: str, *, for_update: bool = False) -> User:
    """The user called ``name`` (case-insensitive), or a NotFoundError that says so."""
    query = select(User).where(User.name_key == name_key(name))
    if for_update:
        query = query.with_for_update()
    user = uow.session.scalars(query).first()
    if user is None:
        raise NotFoundError(code="user.not_found", field="name", name=name)
    return user


def load_permitted(
    uow: UnitOfWork, actor: Actor, name: str, permission: Permission, *, for_update: bool = False
) -> User:
    """The user ``actor`` may ``permission`` (role-checked; ``SELF`` reaches only itself)."""
    user = load_user(uow, name, for_update=for_update)
    own = actor.user_id is not None and actor.user_id == user.id
    require(actor.role, permission, target_role=user.role, own=own)
    return user


def load_for_change(
    uow: UnitOfWork,
    actor: Actor,
    name: str,
    permission: Permission,
    expected_version: int | None = None,
) -> User:
    """Load a user to change: row-locked, role-checked, and checked for a stale edit."""
    user = load_permitted(uow, actor, name, permission, for_update=True)
    if expected_version is not None and user.version != expected_version:
        raise StaleEditError(name=user.name)
    return user


def search_text_for(user: User) -> str:
    """The lower-case text the user list's search box matches against."""
    return search_text(user.name, user.display_name, user.email, user.mobile)


def search_text(name: str, display_name: str, email: str | None, mobile: str | None) -> str:
    """``search_text_for`` from the fields alone (for bulk inserts without ORM objects)."""
    parts = (name, display_name, email or "", mobile or "")
    return " ".join(p for p in parts if p).lower()[:512]


def ensure_email_free(uow: UnitOfWork, key: str, *, except_user_id: int | None = None) -> None:
    """Emails are unique across the account and all users (case-insensitively)."""
    owner = uow.session.scalars(
        select(User.name).where(User.email_key == key, User.id != (except_user_id or -1))
    ).first()
    if owner is not None:
        raise ConflictError(code="email.taken", field="email", email=key, owner=owner)
    if uow.session.scalar(select(func.count()).where(Account.email_key == key)):
        raise ConflictError(code="email.account_own", field="email", email=key)


def ensure_mobile_free(uow: UnitOfWork, mobile: str, *, except_user_id: int | None = None) -> None:
    """Mobile numbers are unique across the account and all users."""
    owner = uow.session.scalars(
        select(User.name).where(User.mobile == mobile, User.id != (except_user_id or -1))
    ).first()
    if owner is not None:
        raise ConflictError(code="mobile.taken", field="mobile", mobile=mobile, owner=owner)
    if uow.session.scalar(select(func.count()).where(Account.mobile == mobile)):
        raise ConflictError(code="mobile.account_own", field="mobile", mobile=mobile)


def summary(
    user: User, uow: UnitOfWork, credentials: CredentialCounts | None = None
) -> UserSummary:
    """The list's record of ``user``; ``credentials`` as read with its row (a page), else
    read now."""
    if credentials is None:
        credentials = credential_counts(uow.session, user.id)
    return UserSummary(
        id=user.id,
        name=user.name,
        display_name=user.display_name,
        status=user.status,
        role=user.role,
        email=user.email,
        mobile=user.mobile,
        login_protection=user.login_protection,
        has_password=user.password_hash is not None,
        locked=user.locked_until is not None and user.locked_until > uow.now,
        last_login_at=user.last_login_at,
        created_at=user.created_at,
        version=user.version,
        virtual_mfa=credentials.virtual_mfa,
        security_keys=credentials.security_keys,
        access_keys=credentials.access_keys,
    )


def detail(user: User, uow: UnitOfWork) -> UserDetail:
    base = summary(user, uow)
    return UserDetail(
        **base.__dict__,
        description=user.description,
        password_origin=user.password_origin,
        password_set_at=user.password_set_at,
        must_change_password=user.must_change_password,
        api_login_protection=user.api_login_protection,
        locked_until=user.locked_until,
        updated_at=user.updated_at,
    )


def touch(user: User, uow: UnitOfWork) -> None:
    """Mark a user changed: refresh the search text and the update time."""
    user.search_text = search_text_for(user)
    user.updated_at = uow.now
