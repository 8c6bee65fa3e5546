"""Tellings read back from the index as typed records: a :class:`Paper` and where it was told.

The readers (search, history, export, merge, check) share this: one query shape, one way to
turn a ``contents`` row back into a ``Paper`` (JSON columns decoded, then validated by pydantic
as any record built outside a reader is).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from ..models import Paper
from . import schema


@dataclass(frozen=True, slots=True)
class IndexedTelling:
    """One paper in one version of one digest, as the index holds it."""

    telling_id: int
    path: str
    commit: str | None
    commit_date: str | None
    digest_date: str | None
    digest_format: str | None
    seen: str | None
    line: int
    abstract_line: int
    content_id: int
    paper: Paper

    @property
    def source(self) -> str:
        """``path@commit7:line`` (``path:line`` for a file on disk)."""
        return f"{self.place}:{self.line}"

    @property
    def place(self) -> str:
        """``path@commit7`` (``path`` for a file on disk): the file and version it was told in."""
        return f"{self.path}@{self.commit[:7]}" if self.commit else self.path


_TELLING_COLUMNS = (
    "t.id, t.path, t.commit_hash, t.commit_date, t.digest_date, t.digest_format, t.seen, t.line, "
    "t.end_line, t.abstract_line, t.content_id"
)
# Time order: the commit's date, then the digest's own date, then the place in the file.
TIME_ORDER = "coalesce(t.commit_date, t.seen), t.seen, t.path, t.line, t.id"


class TellingReader:
    """Turns rows of ``tellings JOIN contents`` into :class:`IndexedTelling` records, building
    each distinct content's ``Paper`` once."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        present = {row[1] for row in db.execute("PRAGMA table_info(contents)")}
        self.columns = [c for c in schema.content_columns() if c.name in present]
        names = ", ".join(f'c."{c.name}"' for c in self.columns)
        self.select = (
            f"SELECT {_TELLING_COLUMNS}, {names} FROM tellings t JOIN contents c ON c.id = t.content_id"
        )
        self.papers: dict[int, Paper] = {}

    def rows(
        self, where: str, params: tuple[object, ...], order: str = TIME_ORDER
    ) -> Iterator[IndexedTelling]:
        """Tellings matching ``where`` (SQL over ``t.`` and ``c.``), in ``order``."""
        for row in self.db.execute(f"{self.select} WHERE {where} ORDER BY {order}", params):
            yield self.telling(row)

    def telling(self, row: tuple[object, ...]) -> IndexedTelling:
        (
            telling_id,
            path,
            commit,
            commit_date,
            digest_date,
            fmt,
            seen,
            line,
            end_line,
            abstract_line,
            cid,
        ) = row[:11]
        assert isinstance(cid, int) and isinstance(line, int) and isinstance(end_line, int)
        paper = self.papers.get(cid)
        if paper is None:
            if len(self.papers) > 4096:
                self.papers.clear()
            paper = self.paper(row[11:])
            self.papers[cid] = paper
        placed = paper.model_copy(update={"path": str(path), "line": line, "end_line": end_line})
        return IndexedTelling(
            int(str(telling_id)),
            str(path),
            _text(commit),
            _text(commit_date),
            _text(digest_date),
            _text(fmt),
            _text(seen),
            line,
            int(str(abstract_line)),
            cid,
            placed,
        )

    def paper(self, values: tuple[object, ...]) -> Paper:
        fields: dict[str, object] = {}
        for column, value in zip(self.columns, values, strict=True):
            if value is None:
                continue
            fields[column.name] = json.loads(str(value)) if column.is_json else value
        fields.setdefault("arxiv_id", None)
        fields.setdefault("title", "")
        return Paper.model_validate(fields)


def _text(value: object) -> str | None:
    return None if value is None else str(value)
