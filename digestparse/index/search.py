"""Full-text search over every way every paper was told: SQLite FTS5, ranked by bm25.

The full-text table holds each distinct telling's text once (title, authors, abstract and the
ZH and AI fields). A query's words are quoted one by one, so punctuation in them (``cs.CV``,
``GPT-4``) is text to find, never FTS syntax. Hits are grouped per paper: its best-ranked
telling gives its rank, and the paper's own row gives how often and when it was told.
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
from dataclasses import dataclass

_WORD = re.compile(r"\w", re.UNICODE)


class QueryError(ValueError):
    """A query with no word to search for."""


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What narrows a search: the digests' dates, a category, an author, a path (glob)."""

    since: datetime.date | None = None
    until: datetime.date | None = None
    category: str | None = None
    author: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One paper found: its latest telling's title and names, how often and when it was told."""

    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    score: float
    tellings: int
    versions: tuple[int, ...]
    first_seen: str | None
    last_seen: str | None


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_query(query: str, author: str | None = None) -> str:
    """The FTS5 expression for the words of ``query`` (all of them) and an author's name."""
    parts = [_phrase(word) for word in query.split() if _WORD.search(word)]
    if author:
        words = [w for w in author.split() if _WORD.search(w)]
        if words:
            parts.append("authors : " + _phrase(" ".join(words)))
    if not parts:
        raise QueryError("nothing to search for: give a word (or --author NAME)")
    return " AND ".join(parts)


def search(
    db: sqlite3.Connection, query: str, filters: SearchFilters = SearchFilters(), limit: int = 20
) -> list[SearchHit]:
    """The papers whose tellings match ``query`` and ``filters``, best first, one per paper.

    The full-text table ranks its matches (bm25, title and names weighing most) and hands over
    the best in a window; only those are looked up and filtered. When the window holds too few
    papers after filtering, it grows fourfold, until every match has been seen.
    """
    match = fts_query(query, filters.author)
    where, params = _filters(filters)
    window = max(200, limit * 10)
    while True:
        try:
            ranked = db.execute(
                "SELECT rowid, rank FROM contents_fts WHERE contents_fts MATCH ? ORDER BY rank LIMIT ?",
                (match, window),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"cannot search for {query!r}: {exc}") from None
        best = _best_per_paper(db, ranked, where, params)
        if len(best) >= limit or len(ranked) < window:
            break
        window *= 4
    chosen = sorted(best.items(), key=lambda item: (item[1], item[0]))[:limit]
    return [hit for ident, score in chosen if (hit := _hit(db, ident, score)) is not None]


def _filters(filters: SearchFilters) -> tuple[str, list[object]]:
    where = ["c.arxiv_id IS NOT NULL"]
    params: list[object] = []
    if filters.category:
        where.append("instr(c.categories, ?) > 0")
        params.append(json.dumps(filters.category))
    told = []
    if filters.since:
        told.append("t.seen >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        told.append("t.seen <= ?")
        params.append(filters.until.isoformat())
    if filters.path:
        told.append("t.path GLOB ?")
        params.append(_glob(filters.path))
    if told:
        where.append(
            "EXISTS (SELECT 1 FROM tellings t WHERE t.content_id = c.id AND " + " AND ".join(told) + ")"
        )
    return " AND ".join(where), params


def _best_per_paper(
    db: sqlite3.Connection, ranked: list[tuple[int, float]], where: str, params: list[object]
) -> dict[str, float]:
    """The best score of each paper among the ranked contents that pass the filters."""
    scores = dict(ranked)
    best: dict[str, float] = {}
    ids = list(scores)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" for _ in part)
        rows = db.execute(
            f"SELECT c.id, c.arxiv_id FROM contents c WHERE c.id IN ({marks}) AND {where}", [*part, *params]
        )
        for content_id, ident in rows:
            score = scores[content_id]
            if ident not in best or score < best[ident]:
                best[ident] = score
    return best


def _hit(db: sqlite3.Connection, ident: str, score: float) -> SearchHit | None:
    row = db.execute(
        "SELECT p.versions, p.first_seen, p.last_seen, p.tellings, c.title, c.authors, c.categories "
        "FROM papers p JOIN contents c ON c.id = p.last_content WHERE p.arxiv_id = ?",
        (ident,),
    ).fetchone()
    if row is None:
        return None
    versions, first, last, count, title, authors, categories = row
    return SearchHit(
        ident,
        title or "",
        tuple(json.loads(authors or "[]")),
        tuple(json.loads(categories or "[]")),
        float(score),
        int(count),
        tuple(json.loads(versions)),
        first,
        last,
    )


def _glob(pattern: str) -> str:
    """A path filter: a glob as given, or a plain path meaning itself and everything under it."""
    if any(ch in pattern for ch in "*?["):
        return pattern
    plain = re.sub(r"([*?\[])", r"[\1]", pattern.rstrip("/"))
    return plain + "*"
