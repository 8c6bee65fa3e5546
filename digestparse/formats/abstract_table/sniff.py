"""Recognise an abstract-table digest from its entries: table rows under a bold header.

An entry is a row of a table whose header (``| **Title** | **Date** | …``, or the fork's
``| **Date** | **AI Summary** |``) is followed by its ``| --- |`` delimiter, with a
``**[Title](…arxiv.org/…)**`` cell. The furniture alone (a table header with no arXiv row, the
``Last update: YYYY-MM-DD`` line, the issue template's front matter, a ``# Daily Papers`` title)
makes an empty digest of the format, taken only when the file mentions no arXiv paper.
"""

from __future__ import annotations

from ..._source import Source
from ..plugin import NearMiss, Sniff
from . import grammar as g
from .reader import title_date
from .table import table_of

SNIFF_LINES = 400
_ROW_START = "| " + g.TITLE_OPEN


def sniff(source: Source) -> Sniff | NearMiss | None:
    """Entries in the first lines, the format's furniture alone, or a row that nearly is one."""
    lines = source.lines
    head = lines[:SNIFF_LINES]
    entries = 0
    first_entry: int | None = None
    furniture: int | None = _front_matter_title(head)
    near: int | None = None
    in_table = False
    for index, line in enumerate(head):
        if not line.startswith("|"):
            in_table = False
            if furniture is None and _is_furniture(line, index, head):
                furniture = index
            continue
        header = None if line.startswith(_ROW_START) else _header(head, index)
        if header is not None:
            in_table = header
            if furniture is None:
                furniture = index
        elif _is_entry(line):
            if in_table:
                entries += 1
                if first_entry is None:
                    first_entry = index
            elif near is None:
                near = index
    if first_entry is not None:
        return Sniff(entries=entries, line=first_entry + 1)
    if furniture is not None:
        later = _later_entry(lines)
        if later is not None:
            return Sniff(entries=1, line=later + 1)
        return Sniff(entries=0, line=furniture + 1)
    if near is not None:
        return NearMiss(
            near + 1,
            "looks like an abstract-table row but has no `| **Title** | **Date** |` table header above it",
        )
    return None


def _is_entry(line: str) -> bool:
    """A row with a ``**[Title](…arxiv.org/…)`` cell (cheap: two substring tests)."""
    return g.TITLE_OPEN in line and "arxiv.org/" in line


def _header(lines: list[str], index: int) -> bool | None:
    """At a table header: ``True`` when its rows are entries (it has a Title or AI Summary
    column), ``False`` for another bold table; ``None`` when this is no header."""
    line = lines[index]
    if not line.startswith("| **"):
        return None
    if index + 1 >= len(lines) or not g.TABLE_HEADER.fullmatch(line.rstrip(" \t\r")):
        return None
    if not g.DELIMITER.fullmatch(lines[index + 1].rstrip(" \t\r")):
        return None
    return table_of(g.HEADER_CELL.findall(line)) is not None


def _front_matter_title(head: list[str]) -> int | None:
    """The issue template's ``title: … - Month DD, YYYY`` inside a leading ``---`` block."""
    if len(head) < 3 or head[0].rstrip(" \t\r") != g.FRONT_FENCE:
        return None
    match = g.FRONT_TITLE.match(head[1])
    if match is None or title_date(match["title"].rstrip(" \t\r")) is None:
        return None
    return 1


def _is_furniture(line: str, index: int, head: list[str]) -> bool:
    if line.startswith("Last update") and g.LAST_UPDATE.match(line):
        return True
    if line.startswith("# Daily Papers"):
        return all(not earlier.strip() for earlier in head[:index])
    return False


def _later_entry(lines: list[str]) -> int | None:
    """An arXiv row after the sniffed lines (a dated copy lists other sources first)."""
    for index in range(SNIFF_LINES, len(lines)):
        line = lines[index]
        if line.startswith("| ") and _is_entry(line):
            return index
    return None
