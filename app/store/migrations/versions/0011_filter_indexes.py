"""Indexes for the user list's rare quick filters and a user's last failed sign-in.

A filter that few users match (locked, must change, a role, a login protection) walked the
whole table in name order to fill a page; each index below finds them in name order at once.
The Security Settings tab's "last failed sign-in" reads the audit log by target.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

USER_INDEXES = {
    "ix_users_role_name": ("role", "name_key"),
    "ix_users_protection_name": ("login_protection", "name_key"),
    "ix_users_must_change_name": ("must_change_password", "name_key"),
}
# Locked users in name order: only rows that carry a lock time (the filter names the same
# condition, so both planners take this partial index).
LOCKED = sa.text("locked_until IS NOT NULL")


def upgrade() -> None:
    for name, columns in USER_INDEXES.items():
        op.create_index(name, "users", list(columns))
    op.create_index("ix_users_locked_name", "users", ["name_key"], sqlite_where=LOCKED,
                    postgresql_where=LOCKED)  # fmt: skip
    op.create_index("ix_audit_events_target_at", "audit_events", ["target", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_target_at", table_name="audit_events")
    op.drop_index("ix_users_locked_name", table_name="users")
    for name in reversed(USER_INDEXES):
        op.drop_index(name, table_name="users")
