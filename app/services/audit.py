"""Reading, verifying and exporting the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import IO

from sqlalchemy import func, select

from app.domain.roles import Permission, require
from app.errors import ValidationError
from app.services.context import ServiceContext
from app.services.records import Actor
from app.store import audit
from app.store.models import AuditEvent
from app.store.user_search import like_pattern


class AuditService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def list(
        self,
        actor: Actor,
        *,
        limit: int = 200,
        before_id: int | None = None,
        target: str | None = None,
        user: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[audit.AuditRecord]:
        """The newest events first, ``limit`` at a time (page with ``before_id``).

        Filters, all in the store: ``target`` exactly; ``user``, the target's name starting
        with it, any case (``Ali`` finds alice and alice.w); ``action`` exactly; ``since``
        (inclusive) and ``until`` (exclusive), the event's time."""
        require(actor.role, Permission.VIEW_AUDIT)
        if since is not None and until is not None and until < since:
            raise ValidationError(code="audit.bad_range", field="until")
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(AuditEvent.id < before_id)
        if target is not None:
            query = query.where(AuditEvent.target == target)
        if user:
            prefix = like_pattern(user.strip().lower())[1:]  # "name%": a prefix, escaped
            query = query.where(func.lower(AuditEvent.target).like(prefix, escape="\\"))
        if action:
            query = query.where(AuditEvent.action == action)
        if since is not None:
            query = query.where(AuditEvent.at >= since)
        if until is not None:
            query = query.where(AuditEvent.at < until)
        with self._ctx.uow(readonly=True) as uow:
            return [audit.to_record(e) for e in uow.session.scalars(query)]

    def verify(self, actor: Actor) -> audit.VerifyResult:
        require(actor.role, Permission.VIEW_AUDIT)
        with self._ctx.uow(readonly=True) as uow:
            return audit.verify(uow.session, uow.chain_key())

    def export_csv(self, actor: Actor, out: IO[str]) -> int:
        require(actor.role, Permission.VIEW_AUDIT)
        with self._ctx.uow(readonly=True) as uow:
            return audit.export_csv(uow.session, out)
