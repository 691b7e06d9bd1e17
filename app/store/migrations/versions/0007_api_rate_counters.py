"""The identity API's throttling counters (per access key, per client address).

Revision ID: 0007
Revises: 0004 (chained after the merged sign-in core)
Create Date: 2026-12-02 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_rate_counters",
        sa.Column("bucket", sa.String(160), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_api_rate_counters")),
    )


def downgrade() -> None:
    op.drop_table("api_rate_counters")
