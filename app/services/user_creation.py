"""Create User with its first credential, as the Huawei console does: a link for the user to
set it, a generated password (shown once and/or emailed), one typed now, or none. One
transaction: the user and the password exist together, or neither does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.roles import Permission, require
from app.domain.vocabulary import InitialPassword, ResetMode, values
from app.errors import ValidationError
from app.services.common import detail
from app.services.context import ServiceContext
from app.services.passwords import PasswordService
from app.services.records import Actor, UserDetail
from app.services.users import add_user


@dataclass(frozen=True)
class CreatedUser:
    """A new user and what became of its credential.

    Attributes:
        password: the generated password, when the operator asked to see it (shown once,
            never stored in the clear); None otherwise.
        emailed_to: where the link or the password was queued, or None.
        link_expires_at: the set-password link's expiry (``set-by-user``).
    """

    user: UserDetail
    credential: InitialPassword
    password: str | None = None
    emailed_to: str | None = None
    link_expires_at: datetime | None = None
    must_change: bool = False

    def __repr__(self) -> str:  # never print the password in a log or traceback
        return f"CreatedUser(user={self.user.name!r}, credential={self.credential.value!r})"


class NewUserService:
    """Args: ctx: the shared service context; passwords: the password use cases."""

    def __init__(self, ctx: ServiceContext, passwords: PasswordService) -> None:
        self._ctx, self._passwords = ctx, passwords

    def create(
        self,
        actor: Actor,
        name: str,
        *,
        email: str | None = None,
        mobile: str | None = None,
        display_name: str = "",
        role: str = "none",
        credential: str = InitialPassword.NONE,
        password: str | None = None,
        must_change: bool = True,
        send_email: bool = False,
        show_password: bool = False,
    ) -> CreatedUser:
        """Create ``name`` with its first credential.

        ``auto`` needs ``show_password`` or ``send_email`` (a password nobody sees is no
        use); ``set-by-user`` and ``send_email`` need an email address.
        """
        require(actor.role, Permission.MANAGE_USERS)
        if credential not in values(InitialPassword):
            raise ValidationError(code="create.unknown_credential", field="credential",
                                  choices=", ".join(values(InitialPassword)))  # fmt: skip
        mode = InitialPassword(credential)
        if mode is InitialPassword.AUTO and not (show_password or send_email):
            raise ValidationError(code="create.password_unseen", field="credential")
        if mode is not InitialPassword.SET_NOW and password:
            raise ValidationError(code="reset.password_not_wanted", field="password", mode=mode)
        send_email = send_email or mode is InitialPassword.SET_BY_USER
        with self._ctx.uow() as uow:
            user = add_user(
                uow, self._ctx, actor, name, email=email, mobile=mobile,
                display_name=display_name, description="", role=role, credential=mode.value,
            )  # fmt: skip
            if mode is InitialPassword.NONE:
                uow.commit()
                return CreatedUser(detail(user, uow), mode)
            result, generated = self._passwords.set_initial(
                uow, user, ResetMode(mode.value), new_password=password,
                must_change=must_change, send_email=send_email,
            )  # fmt: skip
            uow.commit()
            return CreatedUser(
                detail(user, uow), mode, generated if show_password else None,
                result.emailed_to, result.expires_at, result.must_change,
            )  # fmt: skip
