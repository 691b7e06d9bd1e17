"""Reading, verifying and exporting the audit log."""

from __future__ import annotations

from typing import IO

from sqlalchemy import select

from app.domain.roles import Permission, require
from app.services.context import ServiceContext
from app.services.records import Actor
from app.store import audit
from app.store.models import AuditEvent


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
    ) -> list[audit.AuditRecord]:
        """The newest events first, ``limit`` at a time (page with ``before_id``)."""
        require(actor.role, Permission.VIEW_AUDIT)
        query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(AuditEvent.id < before_id)
        if target is not None:
            query = query.where(AuditEvent.target == target)
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
