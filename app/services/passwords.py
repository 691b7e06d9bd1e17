"""Use cases on login passwords: the three reset modes and delete (ARCHITECTURE §3)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from app.domain.password_policy import changeable_at, check_password, expires_at
from app.domain.roles import Permission, Role
from app.domain.vocabulary import OutboxChannel, PasswordOrigin, ResetMode, values
from app.errors import (
    AuthenticationError,
    PermissionDeniedError,
    PreconditionError,
    ValidationError,
)
from app.security.passwords import generate_password, hash_password, verify_password
from app.security.tokens import hash_token, new_token
from app.services.common import load_for_change, load_user, touch
from app.services.context import ServiceContext
from app.services.outbox import enqueue
from app.services.records import Actor, ResetResult
from app.store.models import Account, OneTimeToken, PasswordHistory, User
from app.store.uow import UnitOfWork

MODES = values(ResetMode)
LINK_LIFETIME = timedelta(hours=24)
HISTORY_KEPT = 24


class PasswordService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def reset(
        self,
        actor: Actor,
        name: str,
        mode: str,
        *,
        new_password: str | None = None,
        must_change: bool = True,
        send_email: bool = False,
        expected_version: int | None = None,
        show_password: bool = False,
    ) -> ResetResult:
        """Reset a user's login password.

        set-by-user: email a single-use link (24 h) to set one; the old password keeps
        working until then. auto: generate a strong one and email it, or, with
        ``show_password``, return it to be shown once (emailed too only when ``send_email``).
        set-now: the operator typed ``new_password``; it is emailed only when ``send_email``.
        """
        if mode not in MODES:
            raise ValidationError(
                code="reset.unknown_mode", field="mode", mode=mode, choices=", ".join(MODES)
            )
        if mode == ResetMode.SET_NOW and not new_password:
            raise ValidationError(code="reset.needs_password", field="password")
        if mode != ResetMode.SET_NOW and new_password:
            raise ValidationError(code="reset.password_not_wanted", field="password", mode=mode)
        if show_password and mode != ResetMode.AUTO:
            raise ValidationError(code="reset.show_only_auto", field="mode", mode=mode)
        if actor.role is Role.HELPDESK and mode == ResetMode.SET_NOW and not must_change:
            raise PermissionDeniedError(code="reset.helpdesk_must_change", field="must_change")
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.RESET_PASSWORD, expected_version)
            emails = (
                send_email
                or mode == ResetMode.SET_BY_USER
                or (mode == ResetMode.AUTO and not show_password)
            )
            if emails and not user.email:
                raise PreconditionError(
                    code="reset.needs_email", field="email", name=user.name, mode=mode
                )
            settings = self._ctx.account_settings(uow)
            waits = emails and not settings.smtp  # queued, but no SMTP to send it with
            if mode == ResetMode.SET_BY_USER:
                result = self._send_link(uow, user, settings.portal_url, waits)
            else:
                account = self._ctx.account(uow).name
                password = (
                    new_password
                    if mode == ResetMode.SET_NOW
                    else generate_password(avoid=(user.name, account, "iamdesk"))
                )
                assert password is not None
                self._check(uow, user, password)
                self._store_password(
                    uow,
                    user,
                    password,
                    PasswordOrigin.OPERATOR_SET
                    if mode == ResetMode.SET_NOW
                    else PasswordOrigin.AUTO_GENERATED,
                    must_change=must_change if mode == ResetMode.SET_NOW else True,
                )
                emailed = None
                if emails:
                    emailed = user.email
                    enqueue(
                        self._ctx,
                        uow,
                        channel=OutboxChannel.EMAIL,
                        recipient=user.email or "",
                        subject="Your new IAM Desk password",
                        purpose="password",
                        user_name=user.name,
                        secret=True,
                        body=_password_mail(user.name, password, user.must_change_password),
                    )
                result = ResetResult(
                    user.name, mode, emailed, user.must_change_password,
                    email_waits=waits, password=password if show_password else None,
                )  # fmt: skip
            touch(user, uow)
            uow.audit(
                actor.label,
                "password.reset",
                user.name,
                reset_mode=mode,
                emailed=result.emailed_to is not None,
                shown=show_password,
                must_change=result.must_change,
            )
            uow.commit()
            return result

    def delete(self, actor: Actor, name: str, *, expected_version: int | None = None) -> None:
        """Remove the login password: the user can no longer sign in with one."""
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.DELETE_PASSWORD, expected_version)
            if user.password_hash is None:
                raise PreconditionError(code="password.none", name=user.name)
            if user.id == actor.user_id:
                raise PreconditionError(code="password.delete_own")
            _remember(uow, user)
            user.password_hash = None
            user.password_origin = None
            user.password_set_at = None
            user.must_change_password = False
            _void_links(uow, user)
            touch(user, uow)
            uow.audit(actor.label, "password.delete", user.name)
            uow.commit()

    def _send_link(self, uow: UnitOfWork, user: User, portal_url: str, waits: bool) -> ResetResult:
        _void_links(uow, user)  # a new link voids the old one
        token = new_token()
        expires = uow.now + LINK_LIFETIME
        uow.session.add(
            OneTimeToken(
                purpose="set-password",
                user_id=user.id,
                token_hash=hash_token(token),
                created_at=uow.now,
                expires_at=expires,
                attempts=0,
            )
        )
        link = f"{portal_url.rstrip('/')}/set-password#token={token}"
        enqueue(
            self._ctx,
            uow,
            channel=OutboxChannel.EMAIL,
            recipient=user.email or "",
            subject="Set your IAM Desk password",
            purpose="set-password-link",
            user_name=user.name,
            secret=True,
            body=_link_mail(user.name, link, expires),
        )
        # The old password (and its must-change flag) stands until the link is used; the
        # password the user then chooses need not be changed again.
        return ResetResult(
            user.name, ResetMode.SET_BY_USER, user.email, False, expires, email_waits=waits
        )

    def change_own(self, actor: Actor, current: str, new: str) -> None:
        """A signed-in operator, root included, replaces their own password (after a
        must-change reset, when it expired, or at will). The policy's minimum age applies
        unless a change is due; its history rule and checks apply to root too."""
        with self._ctx.uow() as uow:
            principal: User | Account
            if actor.user_id is None:
                principal = self._ctx.account(uow, for_update=True)
            else:
                principal = load_user(uow, actor.name, for_update=True)
            if principal.password_hash is None or not verify_password(
                principal.password_hash, current
            ):
                raise AuthenticationError(code="password.current_wrong", field="current")
            policy = self._ctx.account_settings(uow).password_policy
            due = password_change_due(uow, self._ctx, principal)
            if not due and principal.password_set_at is not None:
                earliest = changeable_at(policy, principal.password_set_at)
                if earliest > uow.now:
                    raise PreconditionError(
                        code="password.too_recent",
                        field="password",
                        earliest=f"{earliest:%Y-%m-%d %H:%M}",
                    )
            if isinstance(principal, User):
                self._check(uow, principal, new)
                self._store_password(
                    uow, principal, new, PasswordOrigin.SET_BY_USER, must_change=False
                )
                touch(principal, uow)
            else:
                self._check_root(uow, principal, new)
                _remember(uow, principal)
                principal.password_hash = hash_password(new)
                principal.password_set_at = uow.now
            uow.audit(actor.label, "password.change", principal.name, was_due=due)
            uow.commit()

    def _check_root(self, uow: UnitOfWork, account: Account, password: str) -> None:
        settings = self._ctx.account_settings(uow)
        history = uow.session.scalars(
            select(PasswordHistory.password_hash)
            .where(PasswordHistory.user_id.is_(None))
            .order_by(PasswordHistory.id.desc())
            .limit(settings.password_policy.history)
        ).all()
        check_password(
            settings.password_policy,
            password,
            username=account.name,
            context_words=("iamdesk",),
            previous_hashes=[account.password_hash, *history],
        )

    def _check(self, uow: UnitOfWork, user: User, password: str) -> None:
        settings = self._ctx.account_settings(uow)
        history = uow.session.scalars(
            select(PasswordHistory.password_hash)
            .where(PasswordHistory.user_id == user.id)
            .order_by(PasswordHistory.id.desc())
            .limit(settings.password_policy.history)
        ).all()
        previous = ([user.password_hash] if user.password_hash else []) + list(history)
        check_password(
            settings.password_policy,
            password,
            username=user.name,
            context_words=(self._ctx.account(uow).name, "iamdesk"),
            previous_hashes=previous,
        )

    def _store_password(
        self, uow: UnitOfWork, user: User, password: str, origin: str, *, must_change: bool
    ) -> None:
        _remember(uow, user)
        user.password_hash = hash_password(password)
        user.password_origin = origin
        user.password_set_at = uow.now
        user.must_change_password = must_change
        _void_links(uow, user)

    def set_initial(
        self,
        uow: UnitOfWork,
        user: User,
        mode: ResetMode,
        *,
        new_password: str | None,
        must_change: bool,
        send_email: bool,
    ) -> tuple[ResetResult, str | None]:
        """Give a user created in ``uow`` its first password (Create User); the caller audits
        and commits. Returns the result and, for ``auto``, the generated password."""
        if mode == ResetMode.SET_NOW and not new_password:
            raise ValidationError(code="reset.needs_password", field="password")
        if (mode == ResetMode.SET_BY_USER or send_email) and not user.email:
            raise PreconditionError(
                code="reset.needs_email", field="email", name=user.name, mode=mode
            )
        settings = self._ctx.account_settings(uow)
        waits = not settings.smtp  # queued, but no SMTP to send it with
        if mode == ResetMode.SET_BY_USER:
            return self._send_link(uow, user, settings.portal_url, waits), None
        account = self._ctx.account(uow).name
        password = new_password or generate_password(avoid=(user.name, account, "iamdesk"))
        self._check(uow, user, password)
        typed = mode == ResetMode.SET_NOW
        origin = PasswordOrigin.OPERATOR_SET if typed else PasswordOrigin.AUTO_GENERATED
        self._store_password(uow, user, password, origin,
                             must_change=must_change or mode == ResetMode.AUTO)  # fmt: skip
        must = user.must_change_password
        if send_email:
            enqueue(self._ctx, uow, channel=OutboxChannel.EMAIL, recipient=user.email or "",
                    subject="Your new IAM Desk password", purpose="password",
                    user_name=user.name, secret=True,
                    body=_password_mail(user.name, password, must))  # fmt: skip
        emailed = user.email if send_email else None
        result = ResetResult(user.name, mode, emailed, user.must_change_password,
                             email_waits=send_email and waits)  # fmt: skip
        return result, (password if mode == ResetMode.AUTO else None)


def password_state(
    uow: UnitOfWork, ctx: ServiceContext, principal: User | Account
) -> tuple[bool, bool]:
    """(an operator asked ``principal`` to change the password, the password is older than
    the policy's maximum age). ``principal`` is a user or the account (root)."""
    must_change = isinstance(principal, User) and principal.must_change_password
    expiry = None
    if principal.password_set_at is not None:
        expiry = expires_at(ctx.account_settings(uow).password_policy, principal.password_set_at)
    return must_change, expiry is not None and expiry <= uow.now


def password_change_due(uow: UnitOfWork, ctx: ServiceContext, principal: User | Account) -> bool:
    """Whether ``principal`` must choose a new password before doing anything else."""
    return any(password_state(uow, ctx, principal))


def _remember(uow: UnitOfWork, principal: User | Account) -> None:
    """Keep the outgoing hash for the history rule (the newest HISTORY_KEPT only); root's
    hashes are kept with ``user_id`` NULL."""
    if principal.password_hash is None:
        return
    user_id = principal.id if isinstance(principal, User) else None
    uow.session.add(
        PasswordHistory(user_id=user_id, password_hash=principal.password_hash, created_at=uow.now)
    )
    uow.flush()
    owner = (
        PasswordHistory.user_id.is_(None) if user_id is None else PasswordHistory.user_id == user_id
    )
    keep = select(PasswordHistory.id).where(owner).order_by(PasswordHistory.id.desc())
    uow.session.execute(
        delete(PasswordHistory).where(owner, PasswordHistory.id.not_in(keep.limit(HISTORY_KEPT)))
    )


def _void_links(uow: UnitOfWork, user: User) -> None:
    uow.session.execute(
        delete(OneTimeToken).where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == "set-password",
            OneTimeToken.used_at.is_(None),
        )
    )


def _link_mail(name: str, link: str, expires: object) -> str:
    return (
        f"Hello {name},\n\nan administrator asked you to set a new password for IAM Desk.\n"
        f"Open this link to choose it (it works once, until {expires:%Y-%m-%d %H:%M} UTC):\n\n"
        f"{link}\n\nIf you did not expect this, tell your administrator.\n"
    )


def _password_mail(name: str, password: str, must_change: bool) -> str:
    change = "You will be asked to change it when you sign in.\n" if must_change else ""
    return (
        f"Hello {name},\n\nyour IAM Desk password has been reset. Your new password is:\n\n"
        f"    {password}\n\n{change}If you did not expect this, tell your administrator.\n"
    )
