"""The user list's search in the store: which users match a search box's text, fast at
100,000 users on both backends (see migration 0003 for the indexes it relies on)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, text
from sqlalchemy.orm import Session

from app.store.models import User


def like_pattern(needle: str) -> str:
    """``%needle%`` with LIKE's wildcards escaped by a backslash."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(needle: str) -> ColumnElement[bool]:
    """The filter: the lower-cased search text contains ``needle`` (already lower-cased)."""
    return User.search_text.like(like_pattern(needle), escape="\\")


def few_matching_ids(session: Session, needle: str, cap: int) -> list[int] | None:
    """The ids of the users matching ``needle`` when there are at most ``cap`` of them, else
    None (then a scan in sort order finds a page quickly, because matches are dense).

    SQLite only: its trigram table answers rare substrings in a millisecond, where a scan in
    name order would visit every row. PostgreSQL's planner does this itself with pg_trgm, so
    there this returns None.
    """
    if session.get_bind().dialect.name != "sqlite":
        return None
    if len(needle) >= 3 and not any(c in needle for c in '%_\\"'):
        query = text("SELECT rowid FROM users_search WHERE search_text LIKE :p LIMIT :n")
        params: dict[str, object] = {"p": f"%{needle}%", "n": cap + 1}
    else:  # too short for trigrams: scan the narrow covering index instead of the table
        query = text(
            "SELECT id FROM users INDEXED BY ix_users_search_text "
            "WHERE search_text LIKE :p ESCAPE '\\' LIMIT :n"
        )
        params = {"p": like_pattern(needle), "n": cap + 1}
    ids = list(session.scalars(query, params))
    return ids if len(ids) <= cap else None
