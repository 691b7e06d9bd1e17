"""Fast user search: a trigram index over users.search_text (FTS5 on SQLite, pg_trgm on
PostgreSQL) and a covering index for deep pages.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:30:00
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

_SQLITE_UP = (
    "CREATE INDEX ix_users_search_text ON users (search_text)",
    "CREATE VIRTUAL TABLE users_search USING fts5("
    "search_text, content='users', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN "
    "INSERT INTO users_search (rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN "
    "INSERT INTO users_search (users_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER users_search_update AFTER UPDATE OF search_text ON users BEGIN "
    "INSERT INTO users_search (users_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO users_search (rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO users_search (users_search) VALUES ('rebuild')",
)
_SQLITE_DOWN = (
    "DROP TRIGGER users_search_update",
    "DROP TRIGGER users_search_delete",
    "DROP TRIGGER users_search_insert",
    "DROP TABLE users_search",
    "DROP INDEX ix_users_search_text",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)
        return
    op.execute("CREATE INDEX ix_users_name_page ON users (name_key) INCLUDE (id)")
    # pg_trgm ships with PostgreSQL and is a trusted extension (a database owner may create
    # it). Without it search still works, by a sequential scan.
    nested = bind.begin_nested()
    try:
        bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        bind.execute(
            text("CREATE INDEX ix_users_search_trgm ON users USING gin (search_text gin_trgm_ops)")
        )
        nested.commit()
    except Exception as exc:  # a missing or forbidden extension: slower search, no failure
        nested.rollback()
        log.warning("pg_trgm unavailable, user search will scan: %s", exc)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
        return
    op.execute("DROP INDEX IF EXISTS ix_users_search_trgm")
    op.execute("DROP INDEX ix_users_name_page")
