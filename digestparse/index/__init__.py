"""A paper index over digest files and their git history (SQLite).

``build_index`` reads digests (files, or every version of every digest in a git range) into a
database; ``search``, ``history``, ``latest_papers``/``merged_papers`` and
``earlier_tellings`` read it. ``open_index`` opens (and for writers creates or migrates) the
file. See docs/index.md.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .builder import BuildStats, build_index
from .dataset import earlier_tellings, latest_papers, merged_papers, named_ids
from .errors import GitError, IndexDatabaseError, IndexFailure, SourceError
from .history import Change, HistoryEntry, history
from .records import IndexedTelling
from .schema import DEFAULT_PATH, Notify, connect, rebuild
from .search import QueryError, SearchFilters, SearchHit, search


def open_index(
    path: Path = DEFAULT_PATH, *, write: bool = False, notify: Notify | None = None
) -> sqlite3.Connection:
    """Open the index at ``path``; ``write`` creates or migrates it (messages go to ``notify``)."""
    if notify is None:
        return connect(path, create=write)
    return connect(path, create=write, notify=notify)


__all__ = [
    "DEFAULT_PATH",
    "BuildStats",
    "Change",
    "GitError",
    "HistoryEntry",
    "IndexDatabaseError",
    "IndexFailure",
    "IndexedTelling",
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "SourceError",
    "build_index",
    "earlier_tellings",
    "history",
    "latest_papers",
    "merged_papers",
    "named_ids",
    "open_index",
    "rebuild",
    "search",
]
