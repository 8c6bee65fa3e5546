"""A table's columns and a row's style: what the reader learns and the writer needs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import grammar as g

_PRESENT_BY_KIND: dict[str, frozenset[str]] = {
    "title": frozenset({"title", "link"}),
    "date": frozenset({"published"}),
    "abstract": frozenset({"abstract"}),
    "comment": frozenset({"comment"}),
    "authors": frozenset({"authors"}),
    "tags": frozenset({"categories"}),
    "summary": frozenset({"title", "link", "tldr"}),
    "abstract_zh": frozenset({"abstract_zh"}),
}
# The generator's own layouts, read by the reader's fast path (see row.py).
README_KINDS = ("title", "date", "abstract", "comment")
ISSUE_KINDS = ("title", "date", "comment")


@dataclass(frozen=True, slots=True)
class Table:
    """A table's columns: the kind of each (``title``, ``date``, …, ``other``) and its header."""

    kinds: tuple[str, ...]
    headers: tuple[str, ...]
    present: frozenset[str]
    title_column: int  # the Title column, else the AI Summary column that holds the title
    generated: bool  # the generator's README or issue layout (the reader's fast path)


def table_of(headers: list[str]) -> Table | None:
    """The table a header row announces, or ``None`` when it has no title column.

    A file repeats one header per keyword, so a table is made once per header and shared.
    """
    return _table(tuple(headers))


@lru_cache(maxsize=256)
def _table(headers: tuple[str, ...]) -> Table | None:
    kinds = tuple(g.COLUMN_KINDS.get(name.strip().lower(), "other") for name in headers)
    if "title" in kinds:
        title_column = kinds.index("title")
    elif "summary" in kinds:
        title_column = kinds.index("summary")
    else:
        return None
    present: frozenset[str] = frozenset().union(*(_PRESENT_BY_KIND.get(k, frozenset()) for k in kinds))
    generated = kinds in (README_KINDS, ISSUE_KINDS)
    if generated:  # the shared tuple, so the fast path can test it with `is`
        kinds = README_KINDS if kinds == README_KINDS else ISSUE_KINDS
    return Table(kinds, tuple(h.strip() for h in headers), present, title_column, generated)


@dataclass(frozen=True, slots=True)
class RowStyle:
    """How a row was written, for re-rendering it after an edit in the same table.

    ``kept`` holds the cells that are no ``Paper`` field (``#``, KiMi, Directions, …) by
    column. ``abstract_label`` is the ``<summary>`` text of the abstract (``None``: a plain
    abstract cell), ``zh_label`` that of a second, Chinese abstract in the same cell;
    ``abstract_zh_label`` that of an Abstract_CN cell. ``summary_placeholder`` is what an AI
    Summary cell says instead of a summary (``<br>Not yet summarized``); ``extra_tags`` are
    the Tags that are no arXiv category (ACM or MSC classes).
    """

    table: Table
    kept: tuple[tuple[int, str], ...] = ()
    abstract_label: str | None = g.DEFAULT_ABSTRACT_LABEL
    zh_label: str | None = None
    abstract_zh_label: str | None = g.DEFAULT_ABSTRACT_LABEL
    summary_label: str | None = g.DEFAULT_SUMMARY_LABEL
    summary_placeholder: str = ""
    extra_tags: tuple[str, ...] = ()
