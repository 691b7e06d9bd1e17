"""What the portal's second-factor page shows about a waiting challenge (read-only)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.errors import AuthenticationError
from app.services.context import ServiceContext
from app.services.second_factor import mask
from app.store.models import SecurityKey, SignInChallenge, User

_EXPIRED = "this sign-in has expired or was finished — start again with the password"


def describe_challenge(ctx: ServiceContext, challenge_id: str) -> tuple[str, str, bool]:
    """(method, masked destination of a code, whether security keys can answer it)."""
    with ctx.uow() as uow:
        challenge = uow.session.get(SignInChallenge, challenge_id)
        if (
            challenge is None
            or challenge.completed_at is not None
            or challenge.expires_at <= uow.now
            or challenge.user_id is None
        ):
            raise AuthenticationError(_EXPIRED)
        user = uow.session.get(User, challenge.user_id)
        if user is None:
            raise AuthenticationError(_EXPIRED)
        destination = {"sms": user.mobile, "email": user.email}.get(challenge.method)
        keys = uow.session.scalar(select(func.count()).where(SecurityKey.user_id == user.id))
        has_keys = challenge.method == "mfa" and bool(keys)
        return challenge.method, mask(destination) if destination else "", has_keys
