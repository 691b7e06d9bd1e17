"""Use cases on IAM users: create, list, show, update, enable/disable, delete, unlock."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from app.domain.contacts import email_key, normalize_email, normalize_mobile
from app.domain.names import (
    name_key,
    validate_description,
    validate_display_name,
    validate_user_name,
)
from app.domain.roles import Permission, Role, parse_user_role, require
from app.domain.user_filters import UserFilter
from app.domain.vocabulary import LoginProtection, UserStatus, values
from app.errors import ConflictError, PreconditionError, ValidationError
from app.services.common import (
    detail,
    ensure_email_free,
    ensure_mobile_free,
    load_for_change,
    load_user,
    search_text_for,
    summary,
    touch,
)
from app.services.context import ServiceContext
from app.services.records import Actor, UserDetail, UserPage, UserSummary
from app.services.sign_in_lockout import clear_lockout
from app.store import user_search
from app.store.models import User
from app.store.uow import UnitOfWork
from app.store.user_filters import conditions_for, orm_column
from app.store.user_list import counts_from, credential_columns

SortKey = Literal[
    "name", "display_name", "status", "role", "email", "mobile", "protection", "created",
    "last_login",
]  # fmt: skip
_SORT_COLUMNS: dict[str, tuple[InstrumentedAttribute[Any], ...]] = {
    "name": (User.name_key,),
    "display_name": (User.display_name, User.name_key),
    "status": (User.status, User.name_key),
    "role": (User.role, User.name_key),
    "email": (User.email_key, User.id),
    "mobile": (User.mobile, User.id),
    "protection": (User.login_protection, User.name_key),
    "created": (User.created_at, User.id),
    "last_login": (User.last_login_at, User.id),
}
MAX_PAGE = 1000
SEARCH_COUNT_CAP = 1000  # a search's total is exact up to here, then "1,000+"


def _page_rows(
    uow: UnitOfWork, page_ids: user_search.PageIds, order: list[ColumnElement[Any]]
) -> tuple[UserSummary, ...]:
    """The page's users in ``order``, each with its credential counts (one query)."""
    if isinstance(page_ids, list):
        if not page_ids:
            return ()
        query = select(User, *credential_columns()).where(User.id.in_(page_ids))
    else:
        page = page_ids.subquery()
        query = select(User, *credential_columns()).join(page, User.id == page.c.id)
    rows = uow.session.execute(query.order_by(*order)).all()
    return tuple(summary(user, uow, counts_from(*counts)) for user, *counts in rows)


MAX_SEARCH = 256
# A mobile number as people type it: digits with spaces, dashes, dots or brackets.
_PHONE_LIKE = re.compile(r"\+?[\d\s().-]*\d[\d\s().-]*")
_PHONE_SEPARATORS = re.compile(r"[\s().-]+")


def search_needle(search: str | None) -> str:
    """What the search box's text is looked for as: lower-cased, and a mobile number typed
    with separators (``+86 138 1583``) in the stored form's digits (``+861381583``)."""
    needle = (search or "").strip().lower()
    if needle and _PHONE_LIKE.fullmatch(needle) and sum(c.isdigit() for c in needle) >= 3:
        return _PHONE_SEPARATORS.sub("", needle)
    return needle


def _check_search(search: str | None) -> None:
    """A search is text: no NUL or other control characters, no bytes that were not UTF-8
    (lone surrogates), and not a page long (the full-text index refuses such needles)."""
    if not search:
        return
    if len(search) > MAX_SEARCH:
        raise ValidationError(code="search.too_long", field="search", max=MAX_SEARCH)
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in search):
        raise ValidationError(code="search.control_chars", field="search")


class UserService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def create(
        self,
        actor: Actor,
        name: str,
        *,
        email: str | None = None,
        mobile: str | None = None,
        display_name: str = "",
        description: str = "",
        role: str = "none",
    ) -> UserDetail:
        require(actor.role, Permission.MANAGE_USERS)
        with self._ctx.uow() as uow:
            user = add_user(
                uow, self._ctx, actor, name, email=email, mobile=mobile,
                display_name=display_name, description=description, role=role,
            )  # fmt: skip
            uow.commit()
            return detail(user, uow)

    def get(self, actor: Actor, name: str) -> UserDetail:
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow(readonly=True) as uow:
            return detail(load_user(uow, name), uow)

    def list(
        self,
        actor: Actor,
        *,
        search: str | None = None,
        sort: SortKey = "name",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
        status: str | None = None,
        with_total: bool = True,
        user_filter: UserFilter | None = None,
    ) -> UserPage:
        """A page of users; search, quick filters and sort run in the store so 100,000 users
        stay fast. Each row carries its credential counts, read in the same query as the
        page's users."""
        require(actor.role, Permission.VIEW_USERS)
        if sort not in _SORT_COLUMNS:
            raise ValidationError(
                code="list.bad_sort", field="sort", sort=sort, choices=", ".join(_SORT_COLUMNS)
            )
        if not 1 <= limit <= MAX_PAGE or offset < 0:
            raise ValidationError(code="list.bad_page", field="limit", max=MAX_PAGE)
        if status and status not in values(UserStatus):
            raise ValidationError(
                code="list.bad_status", field="status", choices=" or ".join(values(UserStatus))
            )
        _check_search(search)
        columns = _SORT_COLUMNS[sort]
        order = user_search.ordered(columns, descending)
        needle = search_needle(search)
        with self._ctx.uow(readonly=True) as uow:
            page_ids: user_search.PageIds
            total, exact = None, True
            conditions = conditions_for(user_filter, status, uow.now)
            if needle:
                found = user_search.search_page(
                    uow.session, needle, columns=columns, descending=descending,
                    by_name=sort == "name", conditions=conditions, offset=offset,
                    limit=limit, cap=SEARCH_COUNT_CAP, count=with_total,
                )  # fmt: skip
                page_ids, total, exact = found.ids, found.total, found.exact
            else:
                filters = conditions(orm_column)
                # Deferred join: page through the narrow index, then fetch the page's rows.
                page_ids = (
                    select(User.id).where(*filters).order_by(*order).offset(offset).limit(limit)
                )
                if with_total:
                    total = uow.session.scalar(
                        select(func.count()).select_from(User).where(*filters)
                    )
            rows = _page_rows(uow, page_ids, order)
            return UserPage(rows, total, offset, exact)

    def update(
        self,
        actor: Actor,
        name: str,
        *,
        expected_version: int | None = None,
        display_name: str | None = None,
        description: str | None = None,
        role: str | None = None,
    ) -> UserDetail:
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_USERS, expected_version)
            changed: list[str] = []
            if display_name is not None and display_name != user.display_name:
                user.display_name = validate_display_name(display_name)
                changed.append("display_name")
            if description is not None and description != user.description:
                user.description = validate_description(description)
                changed.append("description")
            if role is not None and role != user.role:
                new_role = parse_user_role(role)
                if user.id == actor.user_id:
                    raise PreconditionError(code="user.own_role", field="role")
                user.role = new_role.value
                changed.append("role")
            if changed:
                touch(user, uow)
                uow.audit(
                    actor.label, "user.update", user.name, fields=",".join(changed), role=user.role
                )
                uow.commit()
            return detail(user, uow)

    def set_enabled(
        self, actor: Actor, name: str, enabled: bool, *, expected_version: int | None = None
    ) -> UserDetail:
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_USERS, expected_version)
            status = UserStatus.ENABLED if enabled else UserStatus.DISABLED
            if not enabled and user.id == actor.user_id:
                raise PreconditionError(code="user.disable_self")
            if user.status != status:
                user.status = status
                touch(user, uow)
                uow.audit(actor.label, f"user.{status[:-1]}", user.name)
                uow.commit()
            return detail(user, uow)

    def delete(self, actor: Actor, name: str, *, expected_version: int | None = None) -> None:
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_USERS, expected_version)
            if user.id == actor.user_id:
                raise PreconditionError(code="user.delete_self")
            uow.session.delete(user)
            uow.audit(actor.label, "user.delete", user.name, role=user.role)
            uow.commit()

    def unlock(self, actor: Actor, name: str) -> UserDetail:
        """Clear a lockout before it runs out (an operator action Huawei IAM lacks)."""
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.UNLOCK)
            was_locked = user.locked_until is not None and user.locked_until > uow.now
            if clear_lockout(user):  # the sign-in core's one writer of the lockout state
                touch(user, uow)
                uow.audit(actor.label, "user.unlock", user.name, was_locked=was_locked)
                uow.commit()
            return detail(user, uow)


def add_user(
    uow: UnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    name: str,
    *,
    email: str | None,
    mobile: str | None,
    display_name: str,
    description: str,
    role: str,
    **audited: Any,
) -> User:
    """Check and add a new user in ``uow``, with its audit event (``audited``: more of its
    details); the caller commits."""
    name = validate_user_name(name)
    display_name = validate_display_name(display_name)
    description = validate_description(description)
    parsed_role = parse_user_role(role)
    email = normalize_email(email) if email else None
    mobile = normalize_mobile(mobile) if mobile else None
    key = name_key(name)
    if uow.session.scalar(select(func.count()).where(User.name_key == key)):
        raise ConflictError(code="user.name_taken", field="name", name=name)
    if name_key(ctx.account(uow).name) == key:
        raise ConflictError(code="user.account_name", field="name", name=name)
    if email:
        ensure_email_free(uow, email_key(email))
    if mobile:
        ensure_mobile_free(uow, mobile)
    user = new_user(uow, name, email=email, mobile=mobile, display_name=display_name,
                    description=description, role=parsed_role.value)  # fmt: skip
    uow.session.add(user)
    uow.flush()
    uow.audit(actor.label, "user.create", user.name, role=user.role, email_set=bool(email),
              mobile_set=bool(mobile), **audited)  # fmt: skip
    return user


def new_user(
    uow: UnitOfWork,
    name: str,
    *,
    email: str | None,
    mobile: str | None,
    display_name: str,
    description: str,
    role: str = Role.NONE.value,
) -> User:
    """A new, enabled user without a password (not yet added to the session)."""
    user = User(
        name=name,
        name_key=name_key(name),
        display_name=display_name,
        description=description,
        status=UserStatus.ENABLED,
        role=role,
        email=email,
        email_key=email_key(email) if email else None,
        mobile=mobile,
        must_change_password=False,
        login_protection=LoginProtection.OFF,
        api_login_protection=False,
        failed_attempts=0,
        created_at=uow.now,
        updated_at=uow.now,
    )
    user.search_text = search_text_for(user)
    return user
