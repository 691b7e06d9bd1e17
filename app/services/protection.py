"""Login protection (off / SMS / email / MFA device) and API login protection."""

from __future__ import annotations

from app.domain.roles import Permission
from app.domain.vocabulary import (
    ContactField,
    LoginProtection,
    Switch,
    api_protection_ready,
    protection_ready,
    required_factor,
    values,
)
from app.errors import PreconditionError, ValidationError
from app.services.common import detail, load_for_change, touch
from app.services.context import ServiceContext
from app.services.records import Actor, UserDetail
from app.services.security_keys import has_active_totp, key_count

METHODS = values(LoginProtection)
_NEEDS = {  # what to say when a method's factor is missing
    ContactField.MOBILE: "protection.needs_mobile",
    ContactField.EMAIL: "protection.needs_email",
}


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
                code="protection.unknown", field="method", method=method, choices=", ".join(METHODS)
            )
        with self._ctx.uow() as uow:
            user = load_for_change(
                uow, actor, name, Permission.MANAGE_CREDENTIALS, expected_version
            )
            has_totp = has_active_totp(uow, user)
            if method is not None and not protection_ready(
                method,
                has_mobile=bool(user.mobile),
                has_email=bool(user.email),
                has_totp=has_totp,
                security_keys=key_count(uow, user),
            ):
                needed = required_factor(method)
                code = _NEEDS.get(needed, "protection.needs_mfa")  # type: ignore[arg-type]
                raise PreconditionError(code=code, field="method", name=user.name)
            if api and not api_protection_ready(has_totp=has_totp):
                raise PreconditionError(
                    code="protection.api_needs_mfa", field="api", name=user.name
                )
            changed = []
            if method is not None and method != user.login_protection:
                user.login_protection = method
                changed.append(f"method={method}")
            if api is not None and api != user.api_login_protection:
                user.api_login_protection = api
                changed.append(f"api={Switch.ON if api else Switch.OFF}")
            if changed:
                touch(user, uow)
                uow.audit(actor.label, "protection.set", user.name, change=" ".join(changed))
                uow.commit()
            return detail(user, uow)
