"""Use cases on the virtual MFA device: bind, confirm, reset, unbind, verify (TOTP).

The root operator has its own device (``user_id`` NULL), which only root manages: name the
account (`iamctl mfa bind ACCOUNT`). Once it is active, root's sign-in asks for its code.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from app.domain.names import validate_device_name
from app.domain.roles import Permission, require
from app.domain.vocabulary import LoginProtection, MfaState
from app.errors import (
    ConflictError,
    LimitExceededError,
    PermissionDeniedError,
    PreconditionError,
    ValidationError,
)
from app.security import totp
from app.services.common import load_for_change, load_permitted, touch
from app.services.context import ServiceContext
from app.services.records import Actor, MfaStatus, TotpEnrollment
from app.services.security_keys import key_count
from app.services.sign_in_names import is_account_name
from app.store.models import Account, SecurityKey, User, VirtualMfaDevice
from app.store.uow import UnitOfWork


def _aad(user: User | None) -> bytes:
    return b"totp-seed:root" if user is None else f"totp-seed:user:{user.id}".encode()


def device_of(uow: UnitOfWork, user: User | None) -> VirtualMfaDevice | None:
    """The virtual MFA device of ``user`` (None: the root operator's)."""
    owner = (
        VirtualMfaDevice.user_id.is_(None)
        if user is None
        else (VirtualMfaDevice.user_id == user.id)
    )
    return uow.session.scalars(select(VirtualMfaDevice).where(owner)).first()


def status_of(device: VirtualMfaDevice | None) -> MfaStatus:
    """What a front end shows of ``device`` (None: no device)."""
    if device is None:
        return MfaStatus(MfaState.NONE, None, None)
    return MfaStatus(device.state, device.created_at, device.activated_at, device.name)


def root_has_mfa(uow: UnitOfWork) -> bool:
    """Whether the root operator's own virtual MFA device is active (its login protection)."""
    device = device_of(uow, None)
    return device is not None and device.state == MfaState.ACTIVE


def relies_on_mfa(uow: UnitOfWork, user: User | None) -> str | None:
    """Why the virtual MFA device cannot go, or None (security keys also satisfy "mfa")."""
    if user is None:
        return None  # root may drop its own device (its protection follows the device)
    if user.login_protection == LoginProtection.MFA and key_count(uow, user) == 0:
        return "mfa.needed_by_protection"
    if user.api_login_protection:
        return "mfa.needed_by_api_protection"
    return None


class MfaService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def status(self, actor: Actor, name: str) -> MfaStatus:
        with self._ctx.uow(readonly=True) as uow:
            if is_account_name(name, self._ctx.account(uow).name):
                require(actor.role, Permission.VIEW_USERS)
                device = device_of(uow, self._owner(uow, actor, name))
            else:
                device = device_of(uow, load_permitted(uow, actor, name, Permission.VIEW_USERS))
            return status_of(device)

    def bind(self, actor: Actor, name: str, device_name: str | None = None) -> TotpEnrollment:
        """Start binding: a pending device with a new 160-bit seed (replaces a pending one),
        named ``device_name`` (``[A-Za-z0-9_-]``, not the name of one of the user's keys)."""
        device_name = validate_device_name(device_name) if device_name is not None else None
        with self._ctx.uow() as uow:
            user = self._owner(uow, actor, name)
            device = device_of(uow, user)
            if device is not None and device.state == MfaState.ACTIVE:
                raise LimitExceededError(code="mfa.exists", name=_name(uow, user))
            _check_device_name(uow, user, device_name)
            enrollment = self._new_pending(uow, user, device, device_name)
            uow.audit(actor.label, "mfa.bind", self._target(uow, user), device_name=device_name)
            uow.commit()
            return enrollment

    def reset(self, actor: Actor, name: str, device_name: str | None = None) -> TotpEnrollment:
        """Replace the device with a new pending one (a lost or replaced phone); it keeps
        its name unless ``device_name`` gives another."""
        device_name = validate_device_name(device_name) if device_name is not None else None
        with self._ctx.uow() as uow:
            user = self._owner(uow, actor, name)
            reason = relies_on_mfa(uow, user)
            if reason:
                raise PreconditionError(code=reason, name=_name(uow, user))
            _check_device_name(uow, user, device_name)
            enrollment = self._new_pending(uow, user, device_of(uow, user), device_name)
            uow.audit(actor.label, "mfa.reset", self._target(uow, user))
            uow.commit()
            return enrollment

    def resume(self, actor: Actor, name: str) -> TotpEnrollment:
        """Continue binding a pending device: the same secret again (the app may have
        scanned it already), never a new one that would silently void the scanned code."""
        with self._ctx.uow() as uow:
            user = self._owner(uow, actor, name)
            device = device_of(uow, user)
            if device is None or device.state != MfaState.PENDING:
                raise PreconditionError(code="mfa.not_pending", name=_name(uow, user))
            seed = self._seed(uow, user, device)
            uow.audit(actor.label, "mfa.bind_resume", self._target(uow, user))
            uow.commit()
            return self._enrollment(uow, user, seed)

    def cancel_bind(self, actor: Actor, name: str) -> bool:
        """Drop a pending device (a bind that was cancelled); an active one stays. True when
        one was dropped."""
        with self._ctx.uow() as uow:
            user = self._owner(uow, actor, name)
            device = device_of(uow, user)
            if device is None or device.state != MfaState.PENDING:
                return False
            uow.session.delete(device)
            _touch(user, uow)
            uow.audit(actor.label, "mfa.bind_cancel", self._target(uow, user))
            uow.commit()
            return True

    def confirm(self, actor: Actor, name: str, code1: str, code2: str) -> MfaStatus:
        """Activate a pending device with two consecutive codes from the app."""
        with self._ctx.uow() as uow:
            user = self._owner(uow, actor, name)
            device = device_of(uow, user)
            if device is None or device.state != MfaState.PENDING:
                raise PreconditionError(code="mfa.not_pending", name=_name(uow, user))
            seed = self._seed(uow, user, device)
            step = totp.match_consecutive(seed, code1, code2, now=uow.now)
            if step is None:
                raise ValidationError(code="mfa.codes_wrong", field="code")
            device.state, device.last_step, device.activated_at = MfaState.ACTIVE, step, uow.now
            _touch(user, uow)
            uow.audit(actor.label, "mfa.confirm", self._target(uow, user))
            uow.commit()
            return MfaStatus(MfaState.ACTIVE, device.created_at, device.activated_at, device.name)

    def unbind(self, actor: Actor, name: str) -> None:
        with self._ctx.uow() as uow:
            user = self._owner(uow, actor, name)
            device = device_of(uow, user)
            if device is None:
                raise PreconditionError(code="mfa.none", name=_name(uow, user))
            reason = relies_on_mfa(uow, user)
            if reason:
                raise PreconditionError(code=reason, name=_name(uow, user))
            uow.session.delete(device)
            _touch(user, uow)
            uow.audit(actor.label, "mfa.unbind", self._target(uow, user))
            uow.commit()

    def _owner(self, uow: UnitOfWork, actor: Actor, name: str) -> User | None:
        """The user whose device is meant, row-locked and role-checked; None for the root
        operator's own device, which only root manages."""
        if is_account_name(name, self._ctx.account(uow).name):
            if not actor.is_root:
                raise PermissionDeniedError(code="mfa.root_only")
            self._ctx.account(uow, for_update=True)
            return None
        return load_for_change(uow, actor, name, Permission.MANAGE_FACTORS)

    def _target(self, uow: UnitOfWork, user: User | None) -> str:
        return self._ctx.account(uow).name if user is None else user.name

    def _new_pending(
        self,
        uow: UnitOfWork,
        user: User | None,
        device: VirtualMfaDevice | None,
        device_name: str | None = None,
    ) -> TotpEnrollment:
        seed = totp.new_seed()
        blob = self._ctx.vault(uow).encrypt(seed.encode(), aad=_aad(user))
        if device is None:
            device = VirtualMfaDevice(user_id=None if user is None else user.id, created_at=uow.now)
            uow.session.add(device)
        device.seed_encrypted, device.state = blob, MfaState.PENDING
        device.algorithm, device.digits, device.period = "SHA1", totp.DIGITS, totp.PERIOD
        device.last_step, device.activated_at, device.created_at = None, None, uow.now
        if device_name is not None:
            device.name = device_name
        _touch(user, uow)
        return self._enrollment(uow, user, seed)

    def _enrollment(self, uow: UnitOfWork, user: User | None, seed: str) -> TotpEnrollment:
        account = self._ctx.account(uow).name
        holder = account if user is None else user.name
        return TotpEnrollment(
            holder,
            seed,
            totp.group_secret(seed),
            totp.provisioning_uri(seed, account=account, user=holder),
        )

    def _seed(self, uow: UnitOfWork, user: User | None, device: VirtualMfaDevice) -> str:
        return self._ctx.vault(uow).decrypt(device.seed_encrypted, aad=_aad(user)).decode()

    def verify(self, uow: UnitOfWork, user: User | None, code: str) -> bool:
        """Check a sign-in code of ``user`` (None: root): ±1 step, never a step at or
        before the last accepted one.

        The step is claimed with a conditional UPDATE, so two concurrent uses of one code
        (two workstations on PostgreSQL) give exactly one success.
        """
        device = device_of(uow, user)
        if device is None or device.state != MfaState.ACTIVE:
            return False
        step = totp.match_step(
            self._seed(uow, user, device), code, now=uow.now, last_step=device.last_step
        )
        if step is None:
            return False
        claimed = uow.session.execute(
            update(VirtualMfaDevice)
            .where(
                VirtualMfaDevice.id == device.id,
                (VirtualMfaDevice.last_step.is_(None)) | (VirtualMfaDevice.last_step < step),
            )
            .values(last_step=step)
            .execution_options(synchronize_session=False)
        )
        return claimed.rowcount == 1  # type: ignore[attr-defined]


def _check_device_name(uow: UnitOfWork, user: User | None, device_name: str | None) -> None:
    """One name per MFA device of a user: a security key may not hold it already."""
    if user is None or device_name is None:
        return
    taken = uow.session.scalar(
        select(func.count()).where(SecurityKey.user_id == user.id, SecurityKey.name == device_name)
    )
    if taken:
        raise ConflictError(code="mfa.device_name_taken", field="device_name", name=user.name,
                            device=device_name)  # fmt: skip


def _name(uow: UnitOfWork, user: User | None) -> str:
    """The user's name, or the account's for the root operator's own device."""
    return user.name if user is not None else uow.session.scalars(select(Account.name)).one()


def _touch(user: User | None, uow: UnitOfWork) -> None:
    if user is not None:
        touch(user, uow)
