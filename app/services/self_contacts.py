"""A portal user binds, changes or removes their own mobile number or email, each proven by a
6-digit code sent to it (to the new address for a bind or change, to the current one for a
removal). The change itself is the desk's contact use case, with the user as the actor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, select

from app.domain.contacts import email_key, normalize_email, normalize_mobile
from app.domain.roles import Permission
from app.errors import AuthenticationError, PreconditionError, ValidationError
from app.security.tokens import hash_code, new_numeric_code, tokens_equal
from app.services import Services
from app.services.common import ensure_email_free, ensure_mobile_free, load_permitted
from app.services.outbox import enqueue
from app.services.records import Actor
from app.services.second_factor import SecondFactor, mask
from app.store.models import OneTimeToken
from app.store.uow import UnitOfWork

CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5


class ContactKind(StrEnum):
    EMAIL = "email"
    MOBILE = "mobile"


@dataclass(frozen=True)
class ContactProof:
    """A code is on its way: to ``sent_to`` (masked), proving ``value`` (None: removal)."""

    kind: ContactKind
    value: str | None
    sent_to: str


class SelfContacts:
    """Args: services: the desk's services (contacts, MFA for the code pepper)."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._ctx = services.context
        self._pepper = SecondFactor(services.context, services.mfa)._pepper  # noqa: SLF001

    def send_code(self, actor: Actor, kind: ContactKind, value: str | None) -> ContactProof:
        """Send a code proving ``value`` (to it), or the removal (to the current contact)."""
        if value is not None:
            value = normalize_email(value) if kind is ContactKind.EMAIL else normalize_mobile(value)
        me = actor.on_own_record()
        with self._ctx.uow() as uow:
            user = load_permitted(uow, me, me.name, Permission.MANAGE_CONTACTS, for_update=True)
            current = user.email if kind is ContactKind.EMAIL else user.mobile
            if value is None and current is None:
                raise PreconditionError(code="contact.none_to_remove", field=kind.value)
            if value is not None and value == current:
                raise ValidationError(code="contact.unchanged", field=kind.value)
            if value is not None and kind is ContactKind.EMAIL:
                ensure_email_free(uow, email_key(value), except_user_id=user.id)
            elif value is not None:
                ensure_mobile_free(uow, value, except_user_id=user.id)
            destination = value if value is not None else current
            assert destination is not None
            _void(uow, user.id, kind)
            code, proof_id = new_numeric_code(), str(uuid.uuid4())
            uow.session.add(
                OneTimeToken(
                    purpose=_purpose(kind),
                    user_id=user.id,
                    token_hash=self._hash(uow, proof_id, value, code),
                    challenge_id=proof_id,
                    created_at=uow.now,
                    expires_at=uow.now + CODE_LIFETIME,
                    attempts=0,
                )
            )
            enqueue(
                self._ctx, uow,
                channel="email" if kind is ContactKind.EMAIL else "sms",
                recipient=destination, subject="Your IAM Desk verification code",
                body=f"Your IAM Desk verification code is {code}. It expires in 10 minutes. "
                "Never share it.",
                purpose="contact-code", user_name=user.name, secret=True,
            )  # fmt: skip
            uow.audit(me.label, "contact.code_sent", user.name, field_name=kind.value)
            uow.commit()
            return ContactProof(kind, value, mask(destination))

    def confirm(self, actor: Actor, kind: ContactKind, value: str | None, code: str) -> None:
        """Check the code, then make the change as the desk does (same checks, audit)."""
        me = actor.on_own_record()
        with self._ctx.uow() as uow:
            user = load_permitted(uow, me, me.name, Permission.MANAGE_CONTACTS)
            user_id = user.id
            row = uow.session.scalars(
                select(OneTimeToken)
                .where(
                    OneTimeToken.user_id == user.id,
                    OneTimeToken.purpose == _purpose(kind),
                    OneTimeToken.used_at.is_(None),
                )
                .with_for_update()
            ).first()
            if row is None or row.expires_at <= uow.now or row.attempts >= MAX_ATTEMPTS:
                raise AuthenticationError(code="contact.code_expired", field="code")
            expected = self._hash(uow, row.challenge_id or "", value, code.strip())
            if not tokens_equal(row.token_hash, expected):
                row.attempts += 1
                uow.commit()
                left = MAX_ATTEMPTS - row.attempts
                raise AuthenticationError(code="contact.code_wrong", field="code", left=left)
        contacts = self._services.contacts
        if value is None:
            contacts.clear(me, me.name, kind.value)
        elif kind is ContactKind.EMAIL:
            contacts.set(me, me.name, email=value)
        else:
            contacts.set(me, me.name, mobile=value)
        with self._ctx.uow() as uow:  # spent only once the change is made
            _void(uow, user_id, kind)
            uow.commit()

    def _hash(self, uow: UnitOfWork, proof_id: str, value: str | None, code: str) -> str:
        """Bound to the proof and to the value proven: a code for one address cannot bind
        another."""
        return hash_code(code, challenge_id=f"{proof_id}:{value or '-'}", pepper=self._pepper(uow))


def _purpose(kind: ContactKind) -> str:
    return f"contact-{kind.value}"


def _void(uow: UnitOfWork, user_id: int, kind: ContactKind) -> None:
    uow.session.execute(
        delete(OneTimeToken).where(
            OneTimeToken.user_id == user_id, OneTimeToken.purpose == _purpose(kind)
        )
    )
