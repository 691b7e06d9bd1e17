"""One table of throttling counters for the portal and the identity API.

``portal_throttle`` (key, window_started_at, hits) and ``api_rate_counters`` (bucket,
window_start, count) held the same fixed-window counters; their rows move into
``throttle_counters`` (bucket, window_start, count). Bucket names cannot collide: the
portal's start with its limit's name ("sign-in:", "code:", "send:", "link:"), the API's
with "fail:" or "call:". The downgrade splits them back by those prefixes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The identity API's buckets (app/services/api_credentials_throttle.py); the rest are the portal's.
_API_BUCKETS = "bucket LIKE 'fail:%' OR bucket LIKE 'call:%'"


def upgrade() -> None:
    op.create_table(
        "throttle_counters",
        sa.Column("bucket", sa.String(160), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_throttle_counters")),
    )
    op.execute(
        "INSERT INTO throttle_counters (bucket, window_start, count) "
        "SELECT bucket, window_start, count FROM api_rate_counters"
    )
    op.execute(
        "INSERT INTO throttle_counters (bucket, window_start, count) "
        "SELECT key, window_started_at, hits FROM portal_throttle "
        "WHERE key NOT IN (SELECT bucket FROM api_rate_counters)"
    )
    op.drop_table("api_rate_counters")
    op.drop_table("portal_throttle")


def downgrade() -> None:
    op.create_table(
        "portal_throttle",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_portal_throttle")),
    )
    op.create_table(
        "api_rate_counters",
        sa.Column("bucket", sa.String(160), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_api_rate_counters")),
    )
    op.execute(
        "INSERT INTO api_rate_counters (bucket, window_start, count) "  # noqa: S608 (constants)
        f"SELECT bucket, window_start, count FROM throttle_counters WHERE {_API_BUCKETS}"
    )
    op.execute(
        "INSERT INTO portal_throttle (key, window_started_at, hits) "  # noqa: S608 (constants)
        f"SELECT bucket, window_start, count FROM throttle_counters WHERE NOT ({_API_BUCKETS})"
    )
    op.drop_table("throttle_counters")
