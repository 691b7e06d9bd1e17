"""The password part of every sign-in: which principal a typed name admits, and the argon2
check done before the sign-in's write transaction, against a dummy hash when no principal
can sign in, so every refusal costs the same time and reveals no name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.domain.vocabulary import UserStatus
from app.security.passwords import hash_password, needs_rehash, verify_password
from app.security.tokens import new_token
from app.services.context import ServiceContext
from app.services.records import Actor
from app.services.second_factor import Principal
from app.services.sign_in_names import is_account_name, name_key
from app.store.models import User
from app.store.uow import UnitOfWork

# Verified against when there is no usable principal, so every refusal costs the same argon2
# time and reveals nothing about which names exist. A hash of a random secret nobody kept,
# with today's parameters (a test checks they match), so even the first refusal costs no
# extra hash.
_DUMMY_HASH = (
    "$argon2id$v=19$m=47104,t=1,p=1$H5vC92H7VSqxfUkeBTFSjQ"
    "$v//vBMm5IEff18P3dEswu0ewj0sSHOXELY/RF4m9AzM"
)


def dummy_hash() -> str:
    """The dummy hash, or a fresh one should the hashing parameters ever change."""
    global _DUMMY_HASH
    if needs_rehash(_DUMMY_HASH):
        _DUMMY_HASH = hash_password(new_token())
    return _DUMMY_HASH


@dataclass(frozen=True)
class PasswordCheck:
    """What a password check found before the write transaction: the hash it was checked
    against (None: no usable principal), whether it matched, and a re-hash of outdated
    parameters to store."""

    stored_hash: str | None
    right: bool
    rehashed: str | None


def admitted(
    ctx: ServiceContext, uow: UnitOfWork, name: str, purpose: SignInPurpose, *, lock: bool
) -> tuple[Principal | None, Actor | None]:
    """The principal ``name`` means and its actor, when ``purpose`` admits it (enabled, with
    a password); else (None, None). ``lock`` takes its row lock (the account row for root
    only, so IAM users' sign-ins do not queue behind one another)."""
    account = ctx.account(uow)
    if is_account_name(name, account.name):
        if not purpose.admits_root:
            return None, None
        if lock:
            account = ctx.account(uow, for_update=True)
        return account, Actor(account.name, Role.ROOT)
    query = select(User).where(User.name_key == name_key(name))
    user = uow.session.scalars(query.with_for_update() if lock else query).first()
    if (
        user is None
        or user.status != UserStatus.ENABLED
        or user.password_hash is None
        or not purpose.admits(Role(user.role))
    ):
        return None, None
    return user, Actor(user.name, Role(user.role), user.id)


def check_password(
    ctx: ServiceContext, name: str, password: str, purpose: SignInPurpose
) -> PasswordCheck:
    """The argon2 work of a sign-in, done before its write transaction: no lock is held
    while it runs, so sign-ins hash in parallel (cores ÷ one hash's time) instead of one
    at a time behind the store's write lock. Unknown and refused names cost the same
    time (a dummy hash)."""
    with ctx.uow(readonly=True) as uow:
        row, _ = admitted(ctx, uow, name, purpose, lock=False)
        stored = row.password_hash if row is not None else None
    right = verify_password(stored or dummy_hash(), password) and stored is not None
    rehashed = hash_password(password) if right and stored and needs_rehash(stored) else None
    return PasswordCheck(stored, right, rehashed)
