"""The outbox: messages written with the change that causes them, delivered later."""

from __future__ import annotations

import builtins
import logging
from datetime import timedelta

from sqlalchemy import Select, func, select

from app.domain.roles import Permission, require
from app.domain.vocabulary import OutboxChannel, OutboxStatus
from app.errors import DeliveryError, IamDeskError
from app.notify.channels import EmailMessage, SmsMessage
from app.services.account import load_smtp_settings
from app.services.context import ServiceContext
from app.services.records import Actor, OutboxOverview, OutboxRecord, SendReport
from app.services.sms_settings import load_sms_gateway
from app.store.models import OutboxMessage
from app.store.uow import UnitOfWork

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # a claimed message is not picked again for this long
MAX_BACKOFF = timedelta(hours=1)
NO_SMTP = "SMTP is not configured — set it with `iamctl smtp set` or in Settings"


def enqueue(
    ctx: ServiceContext,
    uow: UnitOfWork,
    *,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    purpose: str,
    user_name: str | None,
    secret: bool,
) -> OutboxMessage:
    """Add a message in the caller's transaction. A secret body is stored only encrypted."""
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        subject=subject,
        purpose=purpose,
        user_name=user_name,
        carries_secret=secret,
        status=OutboxStatus.QUEUED,
        attempts=0,
        next_attempt_at=uow.now,
        created_at=uow.now,
    )
    if secret:
        message.body_encrypted = ctx.vault(uow).encrypt(body.encode(), aad=_aad(purpose, recipient))
    else:
        message.body = body
    uow.session.add(message)
    return message


def _aad(purpose: str, recipient: str) -> bytes:
    return f"outbox:{purpose}:{recipient}".encode()


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour; messages are retried, never dropped."""
    return min(timedelta(seconds=30 * 2 ** max(0, attempts - 1)), MAX_BACKOFF)


class OutboxService:
    """Args: ctx: the shared service context (its mailer and SMS gateway factories)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def list(
        self, actor: Actor, *, status: str | None = None, limit: int = 200
    ) -> builtins.list[OutboxRecord]:
        require(actor.role, Permission.VIEW_OUTBOX)
        with self._ctx.uow(readonly=True) as uow:
            return [_record(m) for m in uow.session.scalars(_listing(status, limit))]

    def overview(
        self, actor: Actor, *, status: str | None = None, limit: int = 200
    ) -> OutboxOverview:
        """The messages as ``list`` gives them, whether SMTP is set up and the store's time
        (so a front end can say why a queued message waits), read in one transaction."""
        require(actor.role, Permission.VIEW_OUTBOX)
        with self._ctx.uow(readonly=True) as uow:
            messages = tuple(_record(m) for m in uow.session.scalars(_listing(status, limit)))
            smtp_ready = bool(self._ctx.account_settings(uow).smtp)
            return OutboxOverview(messages, smtp_ready, uow.now)

    def pending_count(self) -> int:
        with self._ctx.uow(readonly=True) as uow:
            return (
                uow.session.scalar(
                    select(func.count()).where(OutboxMessage.status == OutboxStatus.QUEUED)
                )
                or 0
            )

    def send_due(self, actor: Actor, *, limit: int = 50) -> SendReport:
        """Deliver what is due: claim (short transaction), send (no transaction held),
        record the outcome. A crash after sending may send a message twice, never lose it."""
        require(actor.role, Permission.MANAGE_OUTBOX)
        claimed = self._claim(limit)
        sent = stored = failed = 0
        for message_id, channel, recipient, subject, body in claimed:
            try:
                status = self._deliver(channel, recipient, subject, body)
            except DeliveryError as exc:
                failed += 1
                self._record_failure(message_id, str(exc))
                continue
            self._record_success(message_id, status)
            sent += status == OutboxStatus.SENT
            stored += status == OutboxStatus.STORED
        if claimed:
            with self._ctx.uow() as uow:
                uow.audit(
                    actor.label, "outbox.send", "outbox", sent=sent, stored=stored, failed=failed
                )
                uow.commit()
        with self._ctx.uow(readonly=True) as uow:
            remaining = (
                uow.session.scalar(
                    select(func.count()).where(OutboxMessage.status == OutboxStatus.QUEUED)
                )
                or 0
            )
        return SendReport(sent, stored, failed, remaining)

    def _claim(self, limit: int) -> builtins.list[tuple[int, str, str, str, str]]:
        with self._ctx.uow() as uow:
            query = (
                select(OutboxMessage)
                .where(
                    OutboxMessage.status == OutboxStatus.QUEUED,
                    OutboxMessage.next_attempt_at <= uow.now,
                )
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            claimed = []
            for message in uow.session.scalars(query):
                try:
                    body = self._body(uow, message)
                except IamDeskError as exc:
                    message.last_error = str(exc)[:500]
                    message.next_attempt_at = uow.now + backoff(message.attempts + 1)
                    continue
                message.attempts += 1
                message.next_attempt_at = uow.now + LEASE
                claimed.append(
                    (message.id, message.channel, message.recipient, message.subject, body)
                )
            uow.commit()
            return claimed

    def _body(self, uow: UnitOfWork, message: OutboxMessage) -> str:
        if message.body_encrypted is not None:
            return (
                self._ctx.vault(uow)
                .decrypt(message.body_encrypted, aad=_aad(message.purpose, message.recipient))
                .decode()
            )
        return message.body or ""

    def _deliver(self, channel: str, recipient: str, subject: str, body: str) -> str:
        with self._ctx.uow() as uow:
            sms = load_sms_gateway(self._ctx, uow) if channel == OutboxChannel.SMS else None
            smtp = load_smtp_settings(self._ctx, uow) if channel == OutboxChannel.EMAIL else None
        if sms is not None:
            return self._ctx.sms_gateway_factory(sms).send(SmsMessage(recipient, body))
        if smtp is None:
            raise DeliveryError(code="smtp.not_configured")
        self._ctx.mailer_factory(smtp).send(EmailMessage(recipient, subject, body))
        return OutboxStatus.SENT

    def _record_success(self, message_id: int, status: str) -> None:
        with self._ctx.uow() as uow:
            message = uow.session.get(OutboxMessage, message_id)
            assert message is not None
            message.status = status
            message.sent_at = uow.now
            message.last_error = None
            if message.carries_secret and status == OutboxStatus.SENT:
                message.body_encrypted = None  # delivered: the store keeps no copy
            uow.commit()

    def _record_failure(self, message_id: int, error: str) -> None:
        log.warning("outbox message %s not delivered: %s", message_id, error)
        with self._ctx.uow() as uow:
            message = uow.session.get(OutboxMessage, message_id)
            assert message is not None
            message.last_error = error[:500]
            message.next_attempt_at = uow.now + backoff(message.attempts)
            uow.commit()


def _listing(status: str | None, limit: int) -> Select[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return query.where(OutboxMessage.status == status) if status else query


def _record(m: OutboxMessage) -> OutboxRecord:
    return OutboxRecord(
        m.id,
        m.channel,
        m.recipient,
        m.subject,
        m.purpose,
        m.user_name,
        m.status,
        m.attempts,
        m.next_attempt_at,
        m.last_error,
        m.created_at,
        m.sent_at,
        m.carries_secret,
    )
