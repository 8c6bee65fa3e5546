"""The index as a data set: every paper a repository ever published, for ``export`` and
``merge``, and the earlier tellings ``check --index`` compares digests with.

Papers stream in identifier order, one group of tellings at a time, so memory holds one paper's
tellings, not the history.
"""

from __future__ import annotations

import datetime
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .._paths import expand
from ..lint.corpus_index import Telling
from ..lint.prescan import scan_ids
from ..merge import Conflict, MergedPaper, _merge_one
from ..models import Digest, Paper
from .history import compare, fingerprint
from .records import TIME_ORDER, IndexedTelling, TellingReader


def _by_paper(db: sqlite3.Connection) -> Iterator[tuple[str, list[IndexedTelling]]]:
    reader = TellingReader(db)
    rows = reader.rows("t.arxiv_id IS NOT NULL", (), order=f"t.arxiv_id, {TIME_ORDER}")
    for ident, group in itertools.groupby(rows, key=lambda told: str(told.paper.arxiv_id)):
        yield ident, list(group)


def latest_papers(db: sqlite3.Connection) -> Iterator[Paper]:
    """One record per paper: its latest telling, ``path`` naming the file and version
    (``path@commit7``) it was told in."""
    for _, told in _by_paper(db):
        last = told[-1]
        yield last.paper.model_copy(update={"path": last.place})


def merged_papers(db: sqlite3.Connection) -> Iterator[MergedPaper]:
    """One consolidated record per paper over every telling in the index (as ``merge`` makes
    from files), with each change between successive distinct tellings as a conflict."""
    for ident, told in _by_paper(db):
        pairs = [(_digest_of(t), t.paper.model_copy(update={"path": t.place})) for t in told]
        yield _merge_one(ident, pairs, _conflicts(ident, told))


def _digest_of(told: IndexedTelling) -> Digest:
    date = told.digest_date or (told.seen[:10] if told.seen else None)
    return Digest.model_construct(
        format=told.digest_format,
        path=told.place,
        date=datetime.date.fromisoformat(date) if date else None,
    )


def _conflicts(ident: str, told: list[IndexedTelling]) -> list[Conflict]:
    found: list[Conflict] = []
    previous: Telling | None = None
    previous_content = -1
    for item in told:
        if item.content_id == previous_content:
            continue
        mine = fingerprint(item)
        if previous is not None:
            for change in compare(ident, mine, previous):
                found.append(
                    Conflict(code=change.code, message=change.message, path=item.place, line=item.line)
                )
        previous, previous_content = mine, item.content_id
    return found


def named_ids(paths: Sequence[Path]) -> set[str]:
    """Every arXiv identifier the digests under ``paths`` name, found without reading them as
    digests: the check's pre-scan (:func:`~digestparse.lint.prescan.scan_ids`)."""
    found: set[str] = set()
    for path in expand(paths):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found |= scan_ids(data).names
    return found


def earlier_tellings(db: sqlite3.Connection, ids: Iterable[str]) -> list[tuple[str, Telling]]:
    """The index's distinct tellings of ``ids``, oldest first, fingerprinted for the checker and
    placed at ``path@commit7``: what ``check --index`` compares the checked digests with."""
    reader = TellingReader(db)
    found: list[tuple[str, Telling]] = []
    for ident in sorted(set(ids)):
        seen_contents: set[int] = set()
        for told in reader.rows("t.arxiv_id = ?", (ident,)):
            if told.content_id in seen_contents:
                continue
            seen_contents.add(told.content_id)
            found.append((ident, fingerprint(told)))
    return found
