"""Every telling of one paper in time order, and what changed from the telling before.

Changes are judged exactly as the checker's cross-digest rules judge two tellings: both are
fingerprinted with :func:`~digestparse.lint.corpus_index.telling_of` and compared with the
rules' own checks (figures keyed by the words around them, titles and names through keys that
drop spacing, case, punctuation and escapes, an ``et al.`` list as a prefix). A difference that
only changes how text is written is not a change here either.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..arxiv import ArxivId
from ..lint.corpus_index import Telling, telling_of
from ..lint.rules.corpus import COMPARISONS
from ..normalize.figures import conflicts
from .records import IndexedTelling, TellingReader


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a telling says differently from the telling before it.

    ``code`` is the cross-digest rule that would report it (DP402 when the links' versions
    differ too); ``pairs`` are (before, after) values: the title, or each changed figure.
    """

    code: str
    field: str
    message: str
    pairs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A telling and its changes from the previous one (none for the first)."""

    telling: IndexedTelling
    changes: tuple[Change, ...]
    same_as_previous: bool


_CHECKS = COMPARISONS


def fingerprint(told: IndexedTelling) -> Telling:
    """The checker's fingerprint of a telling, placed at ``path@commit7``."""
    return telling_of(told.paper, told.place, told.abstract_line)


def compare(arxiv_id: str, new: Telling, old: Telling) -> list[Change]:
    """What ``new`` says differently from ``old``, by the cross-digest rules' checks."""
    replaced = new.version is not None and old.version is not None and new.version != old.version
    found = []
    for code, name, check in _CHECKS:
        message = check(arxiv_id, new, old)
        if message is None:
            continue
        pairs: tuple[tuple[str, str], ...] = ()
        if name == "figures":
            pairs = tuple((a.value, b.value) for a, b in conflicts(old.figures, new.figures))
        elif name == "title":
            pairs = ((old.title, new.title),)
        elif name == "authors":
            pairs = ((", ".join(old.names), ", ".join(new.names)),)
        elif name == "categories":
            pairs = ((" ".join(old.categories), " ".join(new.categories)),)
        found.append(Change("DP402" if replaced else code, name, str(message), pairs))
    return found


def history(db: sqlite3.Connection, arxiv_id: str) -> list[HistoryEntry]:
    """Every telling of ``arxiv_id`` (any version: ``2504.01089v2`` means the paper), in time
    order, each with what changed from the one before."""
    ident, _ = ArxivId.parse(arxiv_id.strip())  # InvalidArxivIdError for a malformed one
    reader = TellingReader(db)
    entries: list[HistoryEntry] = []
    previous: tuple[IndexedTelling, Telling] | None = None
    for told in reader.rows("t.arxiv_id = ?", (str(ident),)):
        if previous is None:
            entries.append(HistoryEntry(told, (), False))
            previous = (told, fingerprint(told))
            continue
        if told.content_id == previous[0].content_id:
            entries.append(HistoryEntry(told, (), True))
            previous = (told, previous[1])
            continue
        mine = fingerprint(told)
        changes = compare(str(ident), mine, previous[1])
        entries.append(HistoryEntry(told, tuple(changes), False))
        previous = (told, mine)
    return entries
