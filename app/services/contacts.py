"""Use cases on a user's contact details: mobile number (E.164) and email."""

from __future__ import annotations

from app.domain.contacts import email_key, normalize_email, normalize_mobile
from app.domain.roles import Permission
from app.domain.vocabulary import ContactField, relies_on, values
from app.errors import PreconditionError, ValidationError
from app.services.common import (
    detail,
    ensure_email_free,
    ensure_mobile_free,
    load_for_change,
    touch,
)
from app.services.context import ServiceContext
from app.services.records import Actor, UserDetail

# Which contact each login-protection method relies on.


class ContactService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def set(
        self,
        actor: Actor,
        name: str,
        *,
        email: str | None = None,
        mobile: str | None = None,
        expected_version: int | None = None,
    ) -> UserDetail:
        """Change the email and/or mobile number (each unique across the account)."""
        if email is None and mobile is None:
            raise ValidationError(code="contact.nothing", field="email")
        new_email = normalize_email(email) if email is not None else None
        new_mobile = normalize_mobile(mobile) if mobile is not None else None
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_CONTACTS, expected_version)
            changed: list[str] = []
            if new_email is not None and new_email != user.email:
                ensure_email_free(uow, email_key(new_email), except_user_id=user.id)
                user.email, user.email_key = new_email, email_key(new_email)
                changed.append("email")
            if new_mobile is not None and new_mobile != user.mobile:
                ensure_mobile_free(uow, new_mobile, except_user_id=user.id)
                user.mobile = new_mobile
                changed.append("mobile")
            if changed:
                touch(user, uow)
                uow.audit(actor.label, "contact.set", user.name, fields=",".join(changed))
                uow.commit()
            return detail(user, uow)

    def clear(
        self, actor: Actor, name: str, field: str, *, expected_version: int | None = None
    ) -> UserDetail:
        """Remove the email or mobile, unless login protection relies on it."""
        if field not in values(ContactField):
            raise ValidationError(code="contact.clear_which", field="field")
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_CONTACTS, expected_version)
            if relies_on(user.login_protection) == field:
                raise PreconditionError(
                    code="contact.needed_by_protection",
                    field=field,
                    name=user.name,
                    method=user.login_protection,
                )
            if getattr(user, field) is None:
                return detail(user, uow)
            if field == ContactField.EMAIL:
                user.email, user.email_key = None, None
            else:
                user.mobile = None
            touch(user, uow)
            uow.audit(actor.label, "contact.clear", user.name, field_name=field)
            uow.commit()
            return detail(user, uow)
