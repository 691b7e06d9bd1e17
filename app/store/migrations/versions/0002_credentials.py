"""Credentials: MFA devices, security keys, access keys, temporary credentials, API tokens,
sign-in challenges.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 00:17:24.317781
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "permission_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("session_seconds", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permission_sets")),
        sa.UniqueConstraint("name", name=op.f("uq_permission_sets_name")),
    )
    op.create_table(
        "access_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("access_key_id", sa.String(length=20), nullable=False),
        sa.Column("secret_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_access_keys_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_keys")),
        sa.UniqueConstraint("access_key_id", name=op.f("uq_access_keys_access_key_id")),
    )
    with op.batch_alter_table("access_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_keys_user_id"), ["user_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "permission_set_members",
        sa.Column("permission_set_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["permission_set_id"],
            ["permission_sets.id"],
            name=op.f("fk_permission_set_members_permission_set_id_permission_sets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_permission_set_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "permission_set_id", "user_id", name=op.f("pk_permission_set_members")
        ),
    )
    with op.batch_alter_table("permission_set_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_permission_set_members_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "security_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("credential_id", sa.LargeBinary(), nullable=False),
        sa.Column("credential_data", sa.LargeBinary(), nullable=False),
        sa.Column("aaguid", sa.String(length=36), nullable=False),
        sa.Column("sign_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_security_keys_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_keys")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_security_keys_credential_id")),
    )
    with op.batch_alter_table("security_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_security_keys_user_id"), ["user_id"], unique=False)
        batch_op.create_index("uq_security_keys_user_name", ["user_id", "name"], unique=True)

    op.create_table(
        "sign_in_challenges",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fido_state", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sign_in_challenges_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_challenges")),
    )
    op.create_table(
        "temporary_credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("permission_set_id", sa.Integer(), nullable=False),
        sa.Column("access_key_id", sa.String(length=20), nullable=False),
        sa.Column("secret_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["permission_set_id"],
            ["permission_sets.id"],
            name=op.f("fk_temporary_credentials_permission_set_id_permission_sets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_temporary_credentials_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_temporary_credentials")),
        sa.UniqueConstraint("access_key_id", name=op.f("uq_temporary_credentials_access_key_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_temporary_credentials_token_hash")),
    )
    with op.batch_alter_table("temporary_credentials", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_temporary_credentials_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "virtual_mfa_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("seed_encrypted", sa.LargeBinary(), nullable=False),
        sa.Column("algorithm", sa.String(length=8), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("last_step", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_virtual_mfa_devices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_virtual_mfa_devices")),
        sa.UniqueConstraint("user_id", name=op.f("uq_virtual_mfa_devices_user_id")),
    )


def downgrade() -> None:

    op.drop_table("virtual_mfa_devices")
    with op.batch_alter_table("temporary_credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_temporary_credentials_user_id"))

    op.drop_table("temporary_credentials")
    op.drop_table("sign_in_challenges")
    with op.batch_alter_table("security_keys", schema=None) as batch_op:
        batch_op.drop_index("uq_security_keys_user_name")
        batch_op.drop_index(batch_op.f("ix_security_keys_user_id"))

    op.drop_table("security_keys")
    with op.batch_alter_table("permission_set_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permission_set_members_user_id"))

    op.drop_table("permission_set_members")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("access_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_keys_user_id"))

    op.drop_table("access_keys")
    op.drop_table("permission_sets")
