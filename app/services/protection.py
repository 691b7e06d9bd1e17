"""Login protection (off / SMS / email / MFA device) and API login protection."""

from __future__ import annotations

from app.domain.roles import Permission
from app.errors import PreconditionError, ValidationError
from app.services.common import detail, load_for_change, touch
from app.services.context import ServiceContext
from app.services.records import Actor, UserDetail
from app.services.security_keys import has_active_totp, key_count

METHODS = ("off", "sms", "email", "mfa")


class ProtectionService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def set(
        self,
        actor: Actor,
        name: str,
        *,
        method: str | None = None,
        api: bool | None = None,
        expected_version: int | None = None,
    ) -> UserDetail:
        """Set the second factor asked at sign-in. Each method needs its factor first."""
        if method is not None and method not in METHODS:
            raise ValidationError(
                f"unknown login protection {method!r}: use {', '.join(METHODS)}", field="method"
            )
        with self._ctx.uow() as uow:
            user = load_for_change(
                uow, actor, name, Permission.MANAGE_CREDENTIALS, expected_version
            )
            has_totp = has_active_totp(uow, user)
            has_mfa = has_totp or key_count(uow, user) > 0
            if method == "sms" and not user.mobile:
                raise PreconditionError(
                    f"user {user.name!r} has no mobile number: add one "
                    "before choosing SMS protection",
                    field="method",
                )
            if method == "email" and not user.email:
                raise PreconditionError(
                    f"user {user.name!r} has no email: add one before choosing email protection",
                    field="method",
                )
            if method == "mfa" and not has_mfa:
                raise PreconditionError(
                    f"user {user.name!r} has no active virtual MFA device: "
                    "bind and confirm one first",
                    field="method",
                )
            if api and not has_totp:
                raise PreconditionError(
                    f"API login protection needs an active virtual MFA "
                    f"device: bind one for {user.name!r} first",
                    field="api",
                )
            changed = []
            if method is not None and method != user.login_protection:
                user.login_protection = method
                changed.append(f"method={method}")
            if api is not None and api != user.api_login_protection:
                user.api_login_protection = api
                changed.append(f"api={'on' if api else 'off'}")
            if changed:
                touch(user, uow)
                uow.audit(actor.label, "protection.set", user.name, change=" ".join(changed))
                uow.commit()
            return detail(user, uow)
