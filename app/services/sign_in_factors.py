"""Which second factor a sign-in asks for, and whether this process holds the store's
wrapping key. Private to the sign-in core (app/services/sign_in.py)."""

from __future__ import annotations

from app.domain.login_policy import SignInPurpose
from app.domain.vocabulary import LoginProtection
from app.errors import VaultUnavailableError
from app.services.context import ServiceContext
from app.services.mfa import root_has_mfa
from app.services.records import Actor
from app.store.models import Account, User
from app.store.uow import UnitOfWork

Principal = Account | User
CONTACT_METHODS = (LoginProtection.EMAIL, LoginProtection.SMS)


def factor_for(
    ctx: ServiceContext, uow: UnitOfWork, row: Principal, purpose: SignInPurpose, *, locked: bool
) -> str | None:
    """The second factor this sign-in asks for (None: the password is enough): the user's
    login protection (API: the TOTP under API login protection), root's own MFA device.
    During a lock, a principal without one gets a code to its own email or mobile, when this
    process can seal the code (it opens the vault)."""
    method: str | None
    if isinstance(row, User):
        if purpose is SignInPurpose.API:
            method = LoginProtection.MFA if row.api_login_protection else None
        else:
            method = None if row.login_protection == LoginProtection.OFF else row.login_protection
    else:
        method = LoginProtection.MFA if root_has_mfa(uow) else None
    if method is None and locked and purpose is not SignInPurpose.API and opens_vault(ctx, uow):
        contact = {LoginProtection.EMAIL: row.email, LoginProtection.SMS: row.mobile}
        method = next((m for m in CONTACT_METHODS if contact[m]), None)
    return method


def holds_wrapping_key(ctx: ServiceContext, uow: UnitOfWork, actor: Actor) -> bool:
    """Whether root signs in from a process that opens the store's vault (a workstation)."""
    return actor.is_root and opens_vault(ctx, uow)


def opens_vault(ctx: ServiceContext, uow: UnitOfWork) -> bool:
    """Whether this process opens the store's existing vault: a property of the process,
    never of the password typed, so it reveals nothing about it."""
    if ctx.account(uow).wrapped_data_key is None:
        return False
    try:
        ctx.vault(uow)
    except VaultUnavailableError:
        return False
    return True
