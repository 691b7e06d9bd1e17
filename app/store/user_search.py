"""The user list's search in the store: which users match a search box's text and which of
them make up a page, fast at 100,000 users on both backends (see migration 0003 for the
indexes it relies on).

The hard case is a search with many matches that sit together late in the sort order: "user09"
among user000000…user099999 sorted by name. A scan in sort order that filters as it goes
visits 90,000 rows before the first match (150-200 ms). So a search goes through these steps,
each cheap, until one answers:

1. At most ``cap`` matches (rare text): fetch them all through the trigram index, sort them.
   This also gives the exact total; beyond the cap the total is shown as "1,000+".
2. SQLite, name order: walk the narrow covering index on search_text (``by_search_text``).
3. Look for the page among the first ``WINDOW_ROWS`` rows in sort order (matches spread out).
4. At most ``SORTED_MATCHES_CAP`` matches: fetch them through the trigram index, sort them.
5. Otherwise the matches are dense (10 % of 100,000 rows or more): scan in sort order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Integer, Select, func, literal_column, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.store.models import User
from app.store.user_filters import Conditions, orm_column, raw_column

WINDOW_ROWS = 2_000
SORTED_MATCHES_CAP = 10_000  # sorting this many costs 10 ms (PostgreSQL) to 20 ms (SQLite)

SortColumns = Sequence[InstrumentedAttribute[Any]]
PageIds = list[int] | Select[Any]


@dataclass(frozen=True)
class SearchPage:
    """Which users a page of a search holds.

    ``ids``: the page's user ids in order, or a query selecting them (column ``id``).
    ``total``: the matches, counted up to the cap (None when not asked for).
    ``exact``: False when more than the cap match ("1,000+").
    """

    ids: PageIds
    total: int | None
    exact: bool


def like_pattern(needle: str) -> str:
    """``%needle%`` with LIKE's wildcards escaped by a backslash."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(needle: str) -> ColumnElement[bool]:
    """The filter: the lower-cased search text contains ``needle`` (already lower-cased)."""
    return User.search_text.like(like_pattern(needle), escape="\\")


def ordered(columns: SortColumns, descending: bool) -> list[ColumnElement[Any]]:
    """``ORDER BY`` terms for the sort columns."""
    if descending:
        return [c.desc() for c in columns]
    return cast(list[ColumnElement[Any]], list(columns))


def search_page(
    session: Session,
    needle: str,
    *,
    columns: SortColumns,
    descending: bool,
    by_name: bool,
    conditions: Conditions,
    offset: int,
    limit: int,
    cap: int,
    count: bool,
) -> SearchPage:
    """The page ``offset``…``offset + limit`` of the users matching ``needle`` (lower-cased)
    sorted by ``columns`` (``by_name``: the list's name order) among the users that meet
    ``conditions`` (the quick filters), with the capped total when ``count``."""
    search = _Search(session, needle, columns, descending, conditions, offset, limit)
    if not search.sqlite:
        # The best plan depends on the text (rare or dense, long enough for trigrams): a
        # prepared statement's generic plan, chosen after five runs, costs up to 6x more.
        session.connection().exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
    # 1. Few matches. (PostgreSQL finds and sorts at most cap + 1 of them: a page past those
    #    cannot come from there.)
    few = search.few_matches(cap, count) if search.sqlite or offset <= cap else None
    if few is not None:
        return SearchPage(few[0], few[1], True)
    total, exact = (cap, False) if count else (None, False)
    if count and (search.filtered if search.sqlite else offset > cap):
        # SQLite counted without the filters; PostgreSQL could not count past the page
        total, exact = search.capped_count(cap)
    # 2. SQLite in name order.
    if search.sqlite and by_name:
        return SearchPage(search.by_search_text(), total, exact)
    # 3. Spread out.
    if offset + limit <= WINDOW_ROWS:
        ids = search.in_window()
        if len(ids) == limit:
            return SearchPage(ids, total, exact)
    # 4. Clustered, not too many.
    if offset + limit <= SORTED_MATCHES_CAP:
        sorted_ids = search.sorted_matches(SORTED_MATCHES_CAP)
        if sorted_ids is not None:
            return SearchPage(sorted_ids, total, exact)
    # 5. Dense.
    return SearchPage(search.scan(), total, exact)


class _Search:
    """One search's page, asked for step by step (see the module's docstring)."""

    def __init__(self, session: Session, needle: str, columns: SortColumns, descending: bool,
                 conditions: Conditions, offset: int, limit: int) -> None:  # fmt: skip
        self.session, self.needle = session, needle
        self.columns, self.descending = columns, descending
        self.conditions, self.offset, self.limit = conditions, offset, limit
        self.filters = conditions(orm_column)
        self.filtered = bool(self.filters)
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.where = [matches(needle), *self.filters]
        # the sort columns, made unique by the id (the table's sort orders already are)
        keys = [c.key for c in columns]
        self.keys = keys if "id" in keys else [*keys, "id"]
        # Trigram indexes need three characters. FTS5 takes the needle as a phrase: its
        # trigrams at consecutive positions, a substring match that needs no look at the
        # rows (4-5x faster than the trigram table's LIKE, which rereads each candidate).
        self.phrase = '"' + needle.replace('"', '""') + '"' if len(needle) >= 3 else None

    def _order_of(self, source: Any) -> list[ColumnElement[Any]]:
        return [source.c[k].desc() if self.descending else source.c[k] for k in self.keys]

    def capped_count(self, cap: int) -> tuple[int, bool]:
        """(matches up to ``cap``, whether that is all of them)."""
        if self.sqlite and self.phrase is not None and self.filtered:
            # stream the trigram table's matches through the filters (CROSS JOIN keeps it
            # the outer loop: the other way round runs the MATCH once per user)
            streamed = (
                select(literal_column("users.id"))
                .select_from(text("users_search CROSS JOIN users ON users.id = users_search.rowid"))
                .where(text("users_search MATCH :q"), *self.conditions(raw_column))
                .limit(cap + 1)
                .subquery()
            )
            found = self.session.scalar(
                select(func.count()).select_from(streamed), {"q": self.phrase}
            )
        else:
            counted = select(User.id).where(*self.where).limit(cap + 1).subquery()
            found = self.session.scalar(select(func.count()).select_from(counted))
        found = found or 0
        return min(found, cap), found <= cap

    def few_matches(self, cap: int, count: bool) -> tuple[PageIds, int | None] | None:
        """Step 1: (the page, the number of matches when ``count``) when at most ``cap``
        users match (on SQLite: ignoring the filters), else None."""
        if not self.sqlite:
            found = self._sorted_by_store(cap)
            if found is None:
                return None
            ids, total = found
            if total is None and count:
                total = self.capped_count(cap)[0]
            return ids, total if count else None
        fts_ids = self._fts_ids(cap)
        if fts_ids is None:
            return None
        where = [User.id.in_(fts_ids), *self.filters]
        page = select(User.id).where(*where).order_by(*ordered(self.columns, self.descending))
        total = None
        if count:
            total = len(fts_ids)
            if self.filtered:
                total = self.session.scalar(select(func.count()).select_from(User).where(*where))
        return page.offset(self.offset).limit(self.limit), total

    def sorted_matches(self, upto: int) -> list[int] | None:
        """Step 4: the page when at most ``upto`` users match, else None."""
        if self.phrase is None:
            return None
        if not self.sqlite:
            found = self._sorted_by_store(upto)
            return None if found is None else found[0]
        ids = self._fts_ids(upto)
        if ids is None:
            return None
        # the ids as one JSON parameter: 10,000 bound parameters would cost more than the sort
        listed = select(literal_column("value", Integer)).select_from(
            func.json_each(json.dumps(ids))
        )
        query = (
            select(User.id)
            .where(User.id.in_(listed), *self.filters)
            .order_by(*ordered(self.columns, self.descending))
        )
        return list(self.session.scalars(query.offset(self.offset).limit(self.limit)))

    def _fts_ids(self, upto: int) -> list[int] | None:
        """SQLite: the ids of every match when there are at most ``upto``, else None."""
        if self.phrase is not None:
            query = text("SELECT rowid FROM users_search WHERE users_search MATCH :q LIMIT :n")
            params: dict[str, object] = {"q": self.phrase, "n": upto + 1}
        else:  # too short for trigrams: scan the narrow covering index instead of the table
            query = text(
                "SELECT id FROM users INDEXED BY ix_users_search_text "
                "WHERE search_text LIKE :p ESCAPE '\\' LIMIT :n"
            )
            params = {"p": like_pattern(self.needle), "n": upto + 1}
        ids = list(self.session.scalars(query, params))
        return ids if len(ids) <= upto else None

    def _sorted_by_store(self, upto: int) -> tuple[list[int], int | None] | None:
        """PostgreSQL: (the page's ids, the number of matches or None when not known) when at
        most ``upto`` users match, else None. The planner fetches up to ``upto + 1`` matches
        by whatever suits (the trigram index for rare text) and sorts them in memory, so
        where they lie in the sort order does not matter."""
        inner = (
            select(*(getattr(User, k) for k in self.keys))
            .where(*self.where)
            .limit(upto + 1)
            .subquery()
        )
        query = (
            select(inner.c.id, func.count().over())
            .order_by(*self._order_of(inner))
            .offset(self.offset)
            .limit(self.limit)
        )
        rows = self.session.execute(query).all()
        if not rows:  # then at most ``offset`` match
            if self.offset == 0:
                return [], 0
            return ([], None) if self.offset <= upto else None
        matched = int(rows[0][1])
        return ([int(r[0]) for r in rows], matched) if matched <= upto else None

    def by_search_text(self) -> Select[Any]:
        """Step 2: many matches in name order, from the narrow covering index on search_text.

        search_text starts with the lower-cased name and a space; a name holds no character
        below the space (``app.domain.names``), so search_text order is name_key order.
        Walking that index filters 100,000 short entries in about 10 ms at worst, where
        walking the name index looks each row up (150 ms when the matches come last).
        """
        search_text: ColumnElement[str] = literal_column("search_text")
        query = (
            select(literal_column("id", Integer))
            .select_from(text("users INDEXED BY ix_users_search_text"))
            .where(search_text.like(like_pattern(self.needle), escape="\\"))
        )
        query = query.where(*self.conditions(raw_column))
        order = search_text.desc() if self.descending else search_text
        return query.order_by(order).offset(self.offset).limit(self.limit)

    def in_window(self) -> list[int]:
        """Step 3: the matches among the first ``WINDOW_ROWS`` rows in sort order, as a page
        (the true page when it is full)."""
        head = (
            select(*(getattr(User, k) for k in self.keys), User.search_text)
            .where(*self.filters)
            .order_by(*ordered(self.columns, self.descending))
            .limit(WINDOW_ROWS)
            .subquery()
        )
        query = (
            select(head.c.id)
            .where(head.c.search_text.like(like_pattern(self.needle), escape="\\"))
            .order_by(*self._order_of(head))
            .offset(self.offset)
            .limit(self.limit)
        )
        return [int(i) for i in self.session.scalars(query)]

    def scan(self) -> Select[Any]:
        """Step 5: filter in sort order (quick when the matches are dense)."""
        page = select(User.id).where(*self.where).order_by(*ordered(self.columns, self.descending))
        return page.offset(self.offset).limit(self.limit)
