"""The typed ORM records of ARCHITECTURE §2. Schema changes go through Alembic migrations."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy import false as sa_false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.roles import Role
from app.domain.vocabulary import (
    AccessKeyStatus,
    LoginProtection,
    MfaState,
    OutboxStatus,
    UserStatus,
)
from app.store.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime()}


def table_of(model: type[Base]) -> Table:
    """A model's table, for Core statements on hot paths: the same SQL and column types,
    without the ORM's per-statement work (entity loading, bulk persistence)."""
    return cast(Table, model.__table__)


class Account(Base):
    """The root identity: owns every IAM user, holds the root operator and the settings."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    store_id: Mapped[str] = mapped_column(String(36), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    email_key: Mapped[str | None] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    password_set_at: Mapped[datetime | None]  # root's password age (migration 0004)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    # Wrong second-factor answers behind the current count or lock (migration 0004).
    factor_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_login_at: Mapped[datetime | None]
    settings_json: Mapped[str] = mapped_column(Text)
    wrapped_data_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    key_source: Mapped[str] = mapped_column(String(16))  # "keyring" | "key-file"
    smtp_password: Mapped[bytes | None] = mapped_column(LargeBinary)  # vault-encrypted
    code_pepper: Mapped[bytes | None] = mapped_column(LargeBinary)  # vault-encrypted
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class User(Base):
    """An IAM user of the account (some are operators: helpdesk or administrator)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64), unique=True)  # lower(name)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(16), default=UserStatus.ENABLED.value)
    role: Mapped[str] = mapped_column(String(16), default=Role.NONE.value)
    email: Mapped[str | None] = mapped_column(String(254))
    email_key: Mapped[str | None] = mapped_column(String(254), unique=True)
    mobile: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_origin: Mapped[str | None] = mapped_column(String(16))
    password_set_at: Mapped[datetime | None]
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    login_protection: Mapped[str] = mapped_column(String(8), default=LoginProtection.OFF.value)
    api_login_protection: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    # Wrong second-factor answers behind the current count or lock (migration 0004).
    factor_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_login_at: Mapped[datetime | None]
    search_text: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_users_created_at", "created_at", "id"),
        Index("ix_users_status_name", "status", "name_key"),
        Index("ix_users_last_login", "last_login_at", "id"),
        # The rare quick filters, in name order (migration 0011).
        Index("ix_users_role_name", "role", "name_key"),
        Index("ix_users_protection_name", "login_protection", "name_key"),
        Index("ix_users_must_change_name", "must_change_password", "name_key"),
        Index(
            "ix_users_locked_name",
            "name_key",
            sqlite_where=sql_text("locked_until IS NOT NULL"),
            postgresql_where=sql_text("locked_until IS NOT NULL"),
        ),
        # Migration 0003 adds the search indexes, which differ per backend: FTS5 trigram
        # table users_search (SQLite), pg_trgm GIN index (PostgreSQL).
    )


class PasswordHistory(Base):
    """Earlier password hashes of a user (``user_id`` NULL: the root operator's), for the
    policy's history rule."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]


class OneTimeToken(Base):
    """A single-use token or code; only its hash is stored."""

    __tablename__ = "one_time_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))  # "set-password", "sign-in-code"
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    challenge_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class OutboxMessage(Base):
    """An email or SMS waiting for (or done with) delivery. Secret bodies are encrypted and
    erased once delivered."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # "email" | "sms"
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255), default="")
    body: Mapped[str | None] = mapped_column(Text)
    body_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    carries_secret: Mapped[bool] = mapped_column(Boolean, default=False)
    purpose: Mapped[str] = mapped_column(String(32))
    user_name: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(
        String(8), default=OutboxStatus.QUEUED.value
    )  # queued|sent|stored
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)


class AuditEvent(Base):
    """One change, hash-chained to the previous event. The database refuses UPDATE and DELETE."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(128))
    outcome: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, never a secret
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # A user's events, newest last (the Security Settings tab's last failed sign-in; 0011).
    __table_args__ = (Index("ix_audit_events_target_at", "target", "at"),)


class OperatorSession(Base):
    """A signed-in operator (`iamctl login` or the console); only the token's hash is kept."""

    __tablename__ = "operator_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    operator: Mapped[str] = mapped_column(String(64))  # account name (root) or user name
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class VirtualMfaDevice(Base):
    """A user's TOTP authenticator app (one per user; ``user_id`` NULL: the root operator's);
    the seed is vault-encrypted."""

    __tablename__ = "virtual_mfa_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str | None] = mapped_column(String(64))  # NULL: bound before names
    seed_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    algorithm: Mapped[str] = mapped_column(String(8), default="SHA1")
    digits: Mapped[int] = mapped_column(Integer, default=6)
    period: Mapped[int] = mapped_column(Integer, default=30)
    state: Mapped[str] = mapped_column(
        String(8), default=MfaState.PENDING.value
    )  # pending | active
    last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]
    activated_at: Mapped[datetime | None]


class SecurityKey(Base):
    """A FIDO2 security key enrolled for a user (at most 8 per user)."""

    __tablename__ = "security_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    credential_id: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    credential_data: Mapped[bytes] = mapped_column(LargeBinary)  # attested credential data
    aaguid: Mapped[str] = mapped_column(String(36))
    # The WebAuthn relying-party id it was enrolled under: it answers for that id only.
    rp_id: Mapped[str] = mapped_column(String(253), index=True)
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]

    __table_args__ = (Index("uq_security_keys_user_name", "user_id", "name", unique=True),)


class AccessKey(Base):
    """A programmatic access key (at most 2 per user); the secret is vault-encrypted."""

    __tablename__ = "access_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    access_key_id: Mapped[str] = mapped_column(String(20), unique=True)
    secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(
        String(8), default=AccessKeyStatus.ACTIVE.value
    )  # active | inactive
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class PermissionSet(Base):
    """A named set users are assigned to; it fixes temporary credentials' session length."""

    __tablename__ = "permission_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(255), default="")
    session_seconds: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class PermissionSetMember(Base):
    __tablename__ = "permission_set_members"

    permission_set_id: Mapped[int] = mapped_column(
        ForeignKey("permission_sets.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class TemporaryCredential(Base):
    """Temporary AK/SK plus security token; the secret is encrypted, the token hashed."""

    __tablename__ = "temporary_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    permission_set_id: Mapped[int] = mapped_column(
        ForeignKey("permission_sets.id", ondelete="CASCADE")
    )
    access_key_id: Mapped[str] = mapped_column(String(20), unique=True)
    secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class ApiToken(Base):
    """A token issued by `iamctl token` (password, + TOTP under API login protection)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SignInChallenge(Base):
    """A sign-in between its password step and its second factor.

    Attempts count per challenge, so asking for a new code does not reset them.
    """

    __tablename__ = "sign_in_challenges"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    principal: Mapped[str] = mapped_column(String(64))  # account name or user name
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(8))  # sms | email | mfa | key
    purpose: Mapped[str] = mapped_column(String(8))  # SignInPurpose
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None]
    fido_state: Mapped[str | None] = mapped_column(Text)
    # A challenge given for a wrong password during a lock: no answer passes it (0004).
    decoy: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class ThrottleCounter(Base):
    """A fixed-window hit counter: the portal's (per address, per account) and the identity
    API's (per key, per address, refused signatures). Kept in the store so every worker and
    host counts together; ``app.store.throttle_counters`` counts a hit."""

    __tablename__ = "throttle_counters"

    bucket: Mapped[str] = mapped_column(String(160), primary_key=True)
    window_start: Mapped[datetime]
    count: Mapped[int] = mapped_column(Integer, default=0)


class PortalSession(Base):
    """A browser's session in the user portal; only the cookie token's hash is kept.

    ``stage`` says how far the sign-in got: second-factor, must-change or active.
    """

    __tablename__ = "portal_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    challenge_id: Mapped[str | None] = mapped_column(String(36))
    code_sent_at: Mapped[datetime | None]
    webauthn_state: Mapped[str | None] = mapped_column(Text)  # a key registration under way
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]  # the absolute timeout
