"""The hash-chained, append-only audit log: recording, verifying, exporting.

Each event's hash covers the previous hash and the event. The hash is an HMAC-SHA256 under the
chain key (derived from the vault's data key, never stored in the store), so someone who can
write the store file cannot re-hash a changed event. Stores from before the keyed chain keep
their plain SHA-256 events: the first keyed write appends an ``audit.chain_keyed`` marker, and
``verify`` checks the events before it with SHA-256 and from it on with the HMAC. Once a store
chains with a key (its data key is wrapped as version 2), a chain without keyed events fails.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from app.domain.spreadsheet import spreadsheet_cell
from app.store.models import AuditEvent, table_of

GENESIS = "0" * 64
# Where the keyed chain starts in a store that had plain SHA-256 events before it.
MARKER_ACTION = "audit.chain_keyed"
MARKER_ACTOR = "system"
# Serialises writers on PostgreSQL so each event chains to the one committed before it
# (SQLite's BEGIN IMMEDIATE already serialises writers).
_PG_CHAIN_LOCK = 0x1A3D_E5C0
# Detail keys that must never reach the log, whatever a caller passes.
_SECRET_WORDS = ("password", "secret", "token", "code", "seed", "pin")


_CHUNK = 2000  # events hashed and inserted at a time (an import reports between them)
# Core statements on the table, built once: an audit write is on every change's path, and
# the ORM's bulk insert and entity loading cost several times the SQL they run.
_EVENTS = table_of(AuditEvent)
_LAST_HASH = select(_EVENTS.c.hash).order_by(_EVENTS.c.id.desc()).limit(1)
_INSERT = insert(_EVENTS)


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    target: str,
    outcome: str,
    details: str,
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 under ``key`` (SHA-256 without one, the pre-key form) over the previous
    hash and the event's canonical fields."""
    canonical = json.dumps(
        [prev_hash, _stamp(at), actor, action, target, outcome, details],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    if key is None:
        return hashlib.sha256(canonical).hexdigest()
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainKey:
    """How this store's chain is hashed.

    Args:
        key: the HMAC key (None: the store has no vault yet, so events are plain SHA-256).
        keyed_store: the store is known to chain with the key (a chain without it is forged).
        mark_keyed: records, in the same transaction, that the store now chains with the key.
    """

    key: bytes | None = None
    keyed_store: bool = False
    mark_keyed: Callable[[], None] | None = None


PLAIN = ChainKey()


def _hash_of(event: AuditEvent, key: bytes | None) -> str:
    return event_hash(
        event.prev_hash, event.at, event.actor, event.action, event.target, event.outcome,
        event.details, key,
    )  # fmt: skip


def _chain_head(session: Session, at: datetime, chain: ChainKey) -> str:
    """The hash to chain the next event to; appends the marker on a store's first keyed write."""
    key = chain.key
    if key is None or chain.keyed_store:  # the last hash is all it takes
        last_hash: str | None = session.connection().execute(_LAST_HASH).scalar()
        return GENESIS if last_hash is None else last_hash
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    if last is None:
        return GENESIS
    if hmac.compare_digest(last.hash, _hash_of(last, key)):
        return last.hash
    marker = _append(session, at, MARKER_ACTOR, MARKER_ACTION, "audit", "success", "{}",
                     last.hash, key)  # fmt: skip
    if chain.mark_keyed is not None:
        chain.mark_keyed()
    return marker


def _append(
    session: Session,
    at: datetime,
    actor: str,
    action: str,
    target: str,
    outcome: str,
    detail_json: str,
    prev: str,
    key: bytes | None,
) -> str:
    """Insert one event chained to ``prev``; returns its hash."""
    digest = event_hash(prev, at, actor, action, target, outcome, detail_json, key)
    row = {"at": at, "actor": actor, "action": action, "target": target, "outcome": outcome,
           "details": detail_json, "prev_hash": prev, "hash": digest}  # fmt: skip
    session.connection().execute(_INSERT, [row])
    return digest


def _lock_chain(session: Session) -> None:
    """Serialise the chain's writers on PostgreSQL (until the transaction ends)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})


def check_no_secrets(details: Mapping[str, Any]) -> None:
    """Raise ValueError when a detail's name looks like a secret's (audit details hold none)."""
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
    chain: ChainKey = PLAIN,
    **details: Any,
) -> None:
    """Append one event in the caller's transaction, chained to the last one."""
    check_no_secrets(details)
    _lock_chain(session)
    session.flush()  # the transaction's changes reach the store before their event
    prev = _chain_head(session, at, chain)
    detail_json = json.dumps(details, sort_keys=True, ensure_ascii=False, default=str)
    _append(session, at, actor, action, target, outcome, detail_json, prev, chain.key)


@dataclass
class AuditEntry:
    """One event waiting to be appended by ``append_entries`` (never a secret in
    ``details``)."""

    actor: str
    action: str
    target: str
    outcome: str = "success"
    details: dict[str, Any] = field(default_factory=dict)


def record_many(
    session: Session,
    at: datetime,
    actor: str,
    events: Sequence[tuple[str, str, dict[str, Any]]],
    chain: ChainKey = PLAIN,
    *,
    on_chunk: Callable[[int], None] | None = None,
) -> None:
    """Append many successful events (action, target, details) in one bulk insert, chained
    in order; for imports, where one ORM object per event would be too slow. ``on_chunk``
    hears how many were written before each chunk (it may raise to stop: roll back then)."""
    entries = [
        AuditEntry(actor, action, target, "success", details) for action, target, details in events
    ]
    append_entries(session, at, entries, chain, on_chunk=on_chunk)


def append_entries(
    session: Session,
    at: datetime,
    entries: Sequence[AuditEntry],
    chain: ChainKey = PLAIN,
    *,
    on_chunk: Callable[[int], None] | None = None,
) -> None:
    """Append ``entries`` (any actors and outcomes) in bulk inserts, chained in order, in the
    caller's transaction; hashed under ``chain`` exactly as ``record`` hashes one event,
    a chunk at a time (``on_chunk`` as for ``record_many``)."""
    if not entries:
        return
    for entry in entries:
        check_no_secrets(entry.details)
    _lock_chain(session)
    session.flush()
    prev = _chain_head(session, at, chain)
    for start in range(0, len(entries), _CHUNK):
        if on_chunk is not None:
            on_chunk(start)
        rows = []
        for e in entries[start : start + _CHUNK]:
            details = json.dumps(e.details, sort_keys=True, ensure_ascii=False, default=str)
            digest = event_hash(prev, at, e.actor, e.action, e.target, e.outcome, details,
                                chain.key)  # fmt: skip
            rows.append(
                {"at": at, "actor": e.actor, "action": e.action, "target": e.target,
                 "outcome": e.outcome, "details": details, "prev_hash": prev, "hash": digest}
            )  # fmt: skip
            prev = digest
        # executemany inserts in list order, so ids follow the chain (verify() checks it).
        session.connection().execute(_INSERT, rows)
    if on_chunk is not None:
        on_chunk(len(entries))


@dataclass(frozen=True)
class VerifyResult:
    """``keyed_from``: the first event hashed under the chain key (None: none is)."""

    ok: bool
    events: int
    first_bad_id: int | None = None
    reason: str = ""
    keyed_from: int | None = None


def verify(session: Session, chain: ChainKey = PLAIN, batch: int = 5000) -> VerifyResult:
    """Walk the chain from the first event; report the first event that does not fit."""
    prev, count, keyed_from = GENESIS, 0, None
    key = chain.key
    for event in _iterate(session, batch):
        count += 1
        if event.prev_hash != prev:
            return VerifyResult(
                False,
                count,
                event.id,
                "its previous-hash link is broken (an event before it was removed or changed)",
            )
        if keyed_from is None and key is not None and (count == 1 or event.action == MARKER_ACTION):
            # The keyed chain starts at the first event (new stores) or at the marker.
            if hmac.compare_digest(event.hash, _hash_of(event, key)):
                keyed_from = event.id
        if keyed_from is not None:
            if not hmac.compare_digest(event.hash, _hash_of(event, key)):
                why = "its content does not match its keyed hash"
                return VerifyResult(False, count, event.id, why, keyed_from)
        elif event.action == MARKER_ACTION:
            why = "the keyed chain starts here but its key does not match"
            return VerifyResult(False, count, event.id, why)
        elif event.hash != _hash_of(event, None):
            return VerifyResult(False, count, event.id, "its content does not match its hash")
        prev = event.hash
    if chain.keyed_store and count and keyed_from is None:
        return VerifyResult(
            False, count, None,
            "no event is hashed under this store's audit key: the log was rewritten",
        )  # fmt: skip
    return VerifyResult(True, count, keyed_from=keyed_from)


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
    """Write every event as CSV (with its hashes). A text cell that a spreadsheet would run as
    a formula starts with an apostrophe (strip it to re-check a hash)."""
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
                *(spreadsheet_cell(v) for v in (event.actor, event.action, event.target,
                                                event.outcome, event.details)),
                event.prev_hash,
                event.hash,
            ]
        )  # fmt: skip
        count += 1
    return count
