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


# A query matching more distinct tellings than this ranks the newest this many of them (bm25
# costs about 3 us per match: 100,000 matches take 300 ms); ``exhaustive`` ranks them all.
RANK_CAP = 10_000


def search(
    db: sqlite3.Connection,
    query: str,
    filters: SearchFilters = SearchFilters(),
    limit: int = 20,
    *,
    exhaustive: bool = False,
) -> list[SearchHit]:
    """The papers whose tellings match ``query`` and ``filters``, best first, one per paper.

    The full-text table ranks its matches (bm25, title and names weighing most); they are read
    best first, a window at a time, and only those are looked up and filtered, until ``limit``
    papers are found. A query that matches more than :data:`RANK_CAP` distinct tellings ranks
    the newest of them, unless ``exhaustive`` (or the filters leave too few of them).
    """
    match = fts_query(query, filters.author)
    where, params = _filters(filters)
    try:
        floor = 0
        if not exhaustive:
            row = db.execute(
                "SELECT rowid FROM contents_fts WHERE contents_fts MATCH ? "
                "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                (match, RANK_CAP),
            ).fetchone()
            floor = int(row[0]) if row else 0
        best = _ranked(db, match, floor, where, params, limit)
        if floor and len(best) < limit:
            best = _ranked(db, match, 0, where, params, limit)
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {query!r}: {exc}") from None
    chosen = sorted(best.items(), key=lambda item: (item[1], item[0]))[:limit]
    return [hit for ident, score in chosen if (hit := _hit(db, ident, score)) is not None]


def _ranked(
    db: sqlite3.Connection, match: str, floor: int, where: str, params: list[object], limit: int
) -> dict[str, float]:
    """Best score per paper, reading the ranked matches best first until ``limit`` papers pass
    the filters: a paper found later could only rank below them."""
    cursor = db.execute(
        "SELECT rowid, rank FROM contents_fts WHERE contents_fts MATCH ? AND rowid > ? ORDER BY rank",
        (match, floor),
    )
    best: dict[str, float] = {}
    window = max(200, limit * 10)
    while len(best) < limit:
        chunk = cursor.fetchmany(window)
        if not chunk:
            break
        for ident, score in _best_per_paper(db, chunk, where, params).items():
            if ident not in best or score < best[ident]:
                best[ident] = score
        window = min(window * 4, 5000)
    cursor.close()
    return best


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
