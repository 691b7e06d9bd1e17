"""Security keys remember the WebAuthn relying-party id they were enrolled under.

Keys enrolled before this revision were all made under the account's RP id of the time (the
RP-id change warned that it stranded them), so they take the account's current one.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 16:00:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DEFAULT_RP_ID = "iamdesk.local"  # app.config.RelyingParty's default when none was set


def _account_rp_id() -> str:
    row = op.get_bind().execute(sa.text("SELECT settings_json FROM accounts")).first()
    try:
        settings = json.loads(row[0]) if row is not None and row[0] else {}
    except ValueError:
        settings = {}
    party = settings.get("relying_party") if isinstance(settings, dict) else None
    rp_id = party.get("id") if isinstance(party, dict) else None
    return rp_id if isinstance(rp_id, str) and rp_id else DEFAULT_RP_ID


def upgrade() -> None:
    with op.batch_alter_table("security_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rp_id", sa.String(253), nullable=True))
    op.get_bind().execute(sa.text("UPDATE security_keys SET rp_id = :rp_id"),
                          {"rp_id": _account_rp_id()})  # fmt: skip
    with op.batch_alter_table("security_keys", schema=None) as batch_op:
        batch_op.alter_column("rp_id", existing_type=sa.String(253), nullable=False)
        batch_op.create_index(batch_op.f("ix_security_keys_rp_id"), ["rp_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("security_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_keys_rp_id"))
        batch_op.drop_column("rp_id")
