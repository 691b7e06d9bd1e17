"""The virtual MFA device's name (Add MFA Device names every device, as Huawei IAM does).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("virtual_mfa_devices") as batch:
        batch.add_column(sa.Column("name", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("virtual_mfa_devices") as batch:
        batch.drop_column("name")
