"""Look-alike names and emails collide: recompute users.name_key, users.email_key and
accounts.email_key with the skeleton key (app.domain.names.skeleton).

Only rows whose key changes are written (ASCII names keep theirs). A row whose new key is
already taken by another row keeps its old key and is logged: an operator must look at the
pair (one of them imitates the other).

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-02 12:45:00
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy import text

from app.domain.names import name_key, skeleton

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def _rekey(table: str, column: str, source: str, key: object) -> None:
    bind = op.get_bind()
    rows = bind.execute(text(f"SELECT id, {source}, {column} FROM {table}")).all()  # noqa: S608
    taken = {row[2] for row in rows if row[2] is not None}
    for row_id, value, old in rows:
        if value is None:
            continue
        new = key(value)  # type: ignore[operator]
        if new == old:
            continue
        if new in taken:
            log.warning("%s %s: %s %r looks like another row's; its key is kept", table,
                        row_id, source, value)  # fmt: skip
            continue
        bind.execute(
            text(f"UPDATE {table} SET {column} = :new WHERE id = :id"),  # noqa: S608
            {"new": new, "id": row_id},
        )
        taken.discard(old)
        taken.add(new)


def upgrade() -> None:
    _rekey("users", "name_key", "name", name_key)
    _rekey("users", "email_key", "email", skeleton)
    _rekey("accounts", "email_key", "email", skeleton)


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(text("UPDATE users SET name_key = lower(name)"))
    bind.execute(text("UPDATE users SET email_key = lower(email) WHERE email IS NOT NULL"))
    bind.execute(text("UPDATE accounts SET email_key = lower(email) WHERE email IS NOT NULL"))
