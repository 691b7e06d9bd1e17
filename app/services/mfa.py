"""Use cases on the virtual MFA device: bind, confirm, reset, unbind, verify (TOTP)."""

from __future__ import annotations

from sqlalchemy import select, update

from app.domain.roles import Permission, require
from app.errors import LimitExceededError, PreconditionError, ValidationError
from app.security import totp
from app.services.common import load_for_change, load_user, touch
from app.services.context import ServiceContext
from app.services.records import Actor, MfaStatus, TotpEnrollment
from app.services.security_keys import key_count
from app.store.models import User, VirtualMfaDevice
from app.store.uow import UnitOfWork


def _aad(user_id: int) -> bytes:
    return f"totp-seed:user:{user_id}".encode()


def device_of(uow: UnitOfWork, user: User) -> VirtualMfaDevice | None:
    return uow.session.scalars(
        select(VirtualMfaDevice).where(VirtualMfaDevice.user_id == user.id)
    ).first()


def relies_on_mfa(uow: UnitOfWork, user: User) -> str | None:
    """Why the virtual MFA device cannot go, or None (security keys also satisfy "mfa")."""
    if user.login_protection == "mfa" and key_count(uow, user) == 0:
        return "login protection uses it"
    if user.api_login_protection:
        return "API login protection uses it"
    return None


class MfaService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def status(self, actor: Actor, name: str) -> MfaStatus:
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow() as uow:
            device = device_of(uow, load_user(uow, name))
            if device is None:
                return MfaStatus("none", None, None)
            return MfaStatus(device.state, device.created_at, device.activated_at)

    def bind(self, actor: Actor, name: str) -> TotpEnrollment:
        """Start binding: a pending device with a new 160-bit seed (replaces a pending one)."""
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_CREDENTIALS)
            device = device_of(uow, user)
            if device is not None and device.state == "active":
                raise LimitExceededError(
                    f"user {user.name!r} already has a virtual MFA device (one per user): "
                    "reset or unbind it first"
                )
            enrollment = self._new_pending(uow, user, device)
            uow.audit(actor.label, "mfa.bind", user.name)
            uow.commit()
            return enrollment

    def reset(self, actor: Actor, name: str) -> TotpEnrollment:
        """Replace the device with a new pending one (a lost or replaced phone)."""
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_CREDENTIALS)
            reason = relies_on_mfa(uow, user)
            if reason:
                raise PreconditionError(
                    f"the virtual MFA device of {user.name!r} cannot be reset while {reason}: "
                    "change login protection first"
                )
            enrollment = self._new_pending(uow, user, device_of(uow, user))
            uow.audit(actor.label, "mfa.reset", user.name)
            uow.commit()
            return enrollment

    def confirm(self, actor: Actor, name: str, code1: str, code2: str) -> MfaStatus:
        """Activate a pending device with two consecutive codes from the app."""
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_CREDENTIALS)
            device = device_of(uow, user)
            if device is None or device.state != "pending":
                raise PreconditionError(
                    f"user {user.name!r} has no virtual MFA device waiting "
                    "for confirmation: bind one first"
                )
            seed = self._seed(uow, user, device)
            step = totp.match_consecutive(seed, code1, code2, now=uow.now)
            if step is None:
                raise ValidationError(
                    "the two codes do not match this device: enter the code shown now, wait "
                    "for the next one, and enter that too (check the phone's clock)",
                    field="code",
                )
            device.state, device.last_step, device.activated_at = "active", step, uow.now
            touch(user, uow)
            uow.audit(actor.label, "mfa.confirm", user.name)
            uow.commit()
            return MfaStatus("active", device.created_at, device.activated_at)

    def unbind(self, actor: Actor, name: str) -> None:
        with self._ctx.uow() as uow:
            user = load_for_change(uow, actor, name, Permission.MANAGE_CREDENTIALS)
            device = device_of(uow, user)
            if device is None:
                raise PreconditionError(f"user {user.name!r} has no virtual MFA device")
            reason = relies_on_mfa(uow, user)
            if reason:
                raise PreconditionError(
                    f"the virtual MFA device of {user.name!r} cannot be unbound while {reason}: "
                    "change login protection first"
                )
            uow.session.delete(device)
            touch(user, uow)
            uow.audit(actor.label, "mfa.unbind", user.name)
            uow.commit()

    def _new_pending(
        self, uow: UnitOfWork, user: User, device: VirtualMfaDevice | None
    ) -> TotpEnrollment:
        seed = totp.new_seed()
        blob = self._ctx.vault(uow).encrypt(seed.encode(), aad=_aad(user.id))
        if device is None:
            device = VirtualMfaDevice(user_id=user.id, created_at=uow.now)
            uow.session.add(device)
        device.seed_encrypted, device.state = blob, "pending"
        device.algorithm, device.digits, device.period = "SHA1", totp.DIGITS, totp.PERIOD
        device.last_step, device.activated_at, device.created_at = None, None, uow.now
        touch(user, uow)
        account = self._ctx.account(uow).name
        return TotpEnrollment(
            user.name,
            seed,
            totp.group_secret(seed),
            totp.provisioning_uri(seed, account=account, user=user.name),
        )

    def _seed(self, uow: UnitOfWork, user: User, device: VirtualMfaDevice) -> str:
        return self._ctx.vault(uow).decrypt(device.seed_encrypted, aad=_aad(user.id)).decode()

    def verify(self, uow: UnitOfWork, user: User, code: str) -> bool:
        """Check a sign-in code: ±1 step, never a step at or before the last accepted one.

        The step is claimed with a conditional UPDATE, so two concurrent uses of one code
        (two workstations on PostgreSQL) give exactly one success.
        """
        device = device_of(uow, user)
        if device is None or device.state != "active":
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
