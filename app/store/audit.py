"""The hash-chained, append-only audit log: recording, verifying, exporting."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from app.store.models import AuditEvent

GENESIS = "0" * 64
# Serialises writers on PostgreSQL so each event chains to the one committed before it
# (SQLite's BEGIN IMMEDIATE already serialises writers).
_PG_CHAIN_LOCK = 0x1A3D_E5C0
# Detail keys that must never reach the log, whatever a caller passes.
_SECRET_WORDS = ("password", "secret", "token", "code", "seed", "pin")


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    prev_hash: str, at: datetime, actor: str, action: str, target: str, outcome: str, details: str
) -> str:
    """SHA-256 over the previous hash and the event's canonical fields."""
    canonical = json.dumps(
        [prev_hash, _stamp(at), actor, action, target, outcome, details],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_no_secrets(details: dict[str, Any]) -> None:
    for key in details:
        lowered = key.lower()
        if any(word in lowered for word in _SECRET_WORDS) and not lowered.endswith(
            ("_set", "_mode", "_origin", "_changed", "_id", "_name", "_count")
        ):
            raise ValueError(f"audit detail {key!r} looks like a secret; audit details hold none")


@dataclass(frozen=True)
class AuditRecord:
    """One audit event as the front ends see it."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    outcome: str
    details: dict[str, Any]


def record(
    session: Session,
    at: datetime,
    actor: str,
    action: str,
    target: str,
    outcome: str = "success",
    **details: Any,
) -> AuditEvent:
    """Append one event in the caller's transaction, chained to the last one."""
    _check_no_secrets(details)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
    prev = (
        session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
        or GENESIS
    )
    detail_json = json.dumps(details, sort_keys=True, ensure_ascii=False, default=str)
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        target=target,
        outcome=outcome,
        details=detail_json,
        prev_hash=prev,
        hash=event_hash(prev, at, actor, action, target, outcome, detail_json),
    )
    session.add(event)
    session.flush()
    return event


def record_many(
    session: Session,
    at: datetime,
    actor: str,
    events: Sequence[tuple[str, str, dict[str, Any]]],
) -> None:
    """Append many successful events (action, target, details) in one bulk insert, chained
    in order; for imports, where one ORM object per event would be too slow."""
    if not events:
        return
    for _, _, details in events:
        _check_no_secrets(details)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
    session.flush()
    prev = (
        session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
        or GENESIS
    )
    rows = []
    for action, target, details in events:
        detail_json = json.dumps(details, sort_keys=True, ensure_ascii=False, default=str)
        digest = event_hash(prev, at, actor, action, target, "success", detail_json)
        rows.append(
            {"at": at, "actor": actor, "action": action, "target": target, "outcome": "success",
             "details": detail_json, "prev_hash": prev, "hash": digest}
        )  # fmt: skip
        prev = digest
    for start in range(0, len(rows), 5000):
        # executemany inserts in list order, so ids follow the chain (verify() checks it).
        session.execute(insert(AuditEvent), rows[start : start + 5000])


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    first_bad_id: int | None = None
    reason: str = ""


def verify(session: Session, batch: int = 5000) -> VerifyResult:
    """Walk the chain from the first event; report the first event that does not fit."""
    prev, count = GENESIS, 0
    for event in _iterate(session, batch):
        count += 1
        if event.prev_hash != prev:
            return VerifyResult(
                False,
                count,
                event.id,
                "its previous-hash link is broken (an event before it was removed or changed)",
            )
        expected = event_hash(
            prev, event.at, event.actor, event.action, event.target, event.outcome, event.details
        )
        if event.hash != expected:
            return VerifyResult(False, count, event.id, "its content does not match its hash")
        prev = event.hash
    return VerifyResult(True, count)


def _iterate(session: Session, batch: int) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def to_record(event: AuditEvent) -> AuditRecord:
    return AuditRecord(
        event.id,
        event.at,
        event.actor,
        event.action,
        event.target,
        event.outcome,
        json.loads(event.details),
    )


def export_csv(session: Session, out: IO[str]) -> int:
    """Write every event as CSV (with its hashes, so the export can be verified too)."""
    writer = csv.writer(out)
    writer.writerow(
        ["id", "at", "actor", "action", "target", "outcome", "details", "prev_hash", "hash"]
    )
    count = 0
    for event in _iterate(session, 5000):
        writer.writerow(
            [
                event.id,
                _stamp(event.at),
                event.actor,
                event.action,
                event.target,
                event.outcome,
                event.details,
                event.prev_hash,
                event.hash,
            ]
        )
        count += 1
    return count
