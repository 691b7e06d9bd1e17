"""The sign-in core: wrong second-factor answers kept beside the lockout count, root's
password age and history, root's own virtual MFA device (``user_id`` NULL), and decoy
challenges (a locked principal's wrong password answered like a right one).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("accounts", "users"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("factor_failures", sa.Integer(), nullable=False, server_default="0")
            )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=True))
    for table in ("virtual_mfa_devices", "password_history"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("sign_in_challenges", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decoy", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("sign_in_challenges", schema=None) as batch_op:
        batch_op.drop_column("decoy")
    op.execute("DELETE FROM virtual_mfa_devices WHERE user_id IS NULL")
    op.execute("DELETE FROM password_history WHERE user_id IS NULL")
    for table in ("virtual_mfa_devices", "password_history"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of users would drop 0003's triggers.
    op.execute("ALTER TABLE accounts DROP COLUMN password_set_at")
    for table in ("accounts", "users"):
        op.execute(f"ALTER TABLE {table} DROP COLUMN factor_failures")
