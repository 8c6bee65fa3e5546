"""Reader for the abstract-table format (zezhishao/DailyArXiv and its forks).

The grammar is in :mod:`.grammar`. A file is furniture (front matter, ``# Daily Papers``,
``Last update:``, keyword headings, table headers, overview blocks: all trivia, except the
lines that hold a ``Digest`` field) around tables whose rows are the entries, one row per
line; :mod:`.row` reads a row. The section of a row is the ``## <keyword>`` above its table, or
the ``### <keyword>`` under a generator's emoji heading (``## 📄 Paper Details``); a ``###``
under a keyword (``### arXiv`` below ``## UVM``) names a source, not a section. An arXiv row
outside any table is a problem (DP101) and trivia.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..._source import Source
from ...models import Digest
from ...normalize.mojibake import repair_mojibake
from .._builder import LayoutBuilder
from ..layout import HeaderField
from . import grammar as g
from .row import iso_date, read_row
from .table import RowStyle, Table, table_of

FORMAT_NAME = "abstract-table"
_ROW_START = "| " + g.TITLE_OPEN
_FRONT_MATTER_LINES = 30
_MONTHS = {name: number for number, name in enumerate(g.MONTH_NAMES, start=1)}


@dataclass(slots=True)
class _Head:
    """The digest fields found so far (each from its first line only)."""

    title: str | None = None
    topic: str | None = None
    date: datetime.date | None = None


def read(source: Source) -> Digest:
    """Read an abstract-table digest; never raises for content, records problems instead."""
    lines = source.lines
    builder = LayoutBuilder(source, separator="")
    head = _Head()
    index = _front_matter(builder, lines, head)
    count = len(lines)
    section: str | None = None
    wrapper = False  # the current `## ` heading is an emoji wrapper ("📄 Paper Details")
    plain: RowStyle | None = None  # in a table: its rows' style as the generator writes them
    while index < count:
        line = lines[index]
        if line.startswith(_ROW_START) and plain is not None:  # the hot path: a table's row
            read_row(builder, line, index, plain.table, plain, section)
            index += 1
            continue
        if line.startswith("|"):
            if line.startswith("| **") and not line.startswith(_ROW_START):
                found = _table_at(lines, index)
                if found is not None:
                    plain = RowStyle(found) if isinstance(found, Table) else None
                    builder.trivia(index, index + 2)
                    index += 2
                    continue
            if plain is not None:
                read_row(builder, line, index, plain.table, plain, section)
            else:
                _stray_row(builder, line, index)
            index += 1
            continue
        plain = None
        if line.startswith(g.H2):
            section = _heading(line, len(g.H2))
            wrapper = bool(section) and _is_symbol(section[0])
        elif line.startswith(g.H3):
            if wrapper:
                section = _heading(line, len(g.H3))
        elif line.startswith(g.DOC_TITLE_PREFIX) and head.title is None:
            title = repair_mojibake(line[2:].strip(" \t\r"))
            head.title = title
            head.topic = _topic(title)
            builder.header_field("header", index, (head.title, head.topic))
            index += 1
            continue
        elif head.date is None and line.startswith("Last update"):
            match = g.LAST_UPDATE.match(line)
            date = iso_date(match["date"]) if match is not None else None
            if date is not None:
                head.date = date
                builder.header_field("last_update", index, date)
                index += 1
                continue
        builder.trivia(index, index + 1)
        index += 1
    layout = builder.finish()
    for piece in layout.pieces:
        # A front-matter title without a date compares with the date the file ends up with (a
        # later `Last update:` line): the title itself never held it, so it is no edit.
        if isinstance(piece, HeaderField) and piece.name == "front_title" and piece.value[1] is None:
            piece.value = (piece.value[0], head.date)
    digest = Digest.model_construct(
        format=FORMAT_NAME,
        path=source.path,
        date=head.date,
        title=head.title,
        topic=head.topic,
        badge_count=None,
        keywords=[],
        filter=[],
        declared_counts={},
        papers=builder.papers,
        problems=builder.problems,
    )
    digest._layout = layout
    return digest


def _front_matter(builder: LayoutBuilder, lines: list[str], head: _Head) -> int:
    """Hand over a leading ``---`` … ``---`` block; return the first line after it."""
    if not lines or lines[0].rstrip(" \t\r") != g.FRONT_FENCE:
        return 0
    close = next(
        (i for i in range(1, min(len(lines), _FRONT_MATTER_LINES)) if lines[i].rstrip(" \t\r") == "---"),
        None,
    )
    if close is None:
        return 0
    builder.trivia(0, 1)
    for index in range(1, close):
        match = g.FRONT_TITLE.match(lines[index])
        if match is not None and head.title is None:
            head.title = repair_mojibake(match["title"].strip(" \t\r"))
            head.date = title_date(head.title)
            builder.header_field("front_title", index, (head.title, head.date))
        else:
            builder.trivia(index, index + 1)
    builder.trivia(close, close + 1)
    return close + 1


def title_date(title: str) -> datetime.date | None:
    """The ``Month DD, YYYY`` date that ends a front-matter title, or ``None``."""
    match = g.TITLE_DATE.search(title)
    if match is None or match["month"] not in _MONTHS:
        return None
    try:
        return datetime.date(int(match["year"]), _MONTHS[match["month"]], int(match["day"]))
    except ValueError:
        return None


def _topic(title: str) -> str | None:
    """``Daily Papers - DoA Estimation`` -> ``DoA Estimation``."""
    _, dash, topic = title.partition(" - ")
    return topic.strip() or None if dash else None


def _heading(line: str, prefix: int) -> str:
    """A heading's text, without a closing ``#`` sequence (``## RAG ##``); ``C#`` keeps its ``#``."""
    text = line[prefix:].strip(" \t\r")
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed.endswith(" ")):
        text = unclosed.rstrip(" ")
    return repair_mojibake(text)


def _is_symbol(char: str) -> bool:
    """An emoji or other pictograph opens the generator's wrapper headings, never a keyword."""
    return ord(char) >= 0x2190 and not char.isalnum()


def _table_at(lines: list[str], index: int) -> Table | bool | None:
    """A header row and its delimiter at ``index``: the table (``False`` when the table has no
    title column, so its rows are no entries), or ``None`` when this is no table header."""
    header = lines[index].rstrip(" \t\r")
    if index + 1 >= len(lines) or not g.TABLE_HEADER.fullmatch(header):
        return None
    if not g.DELIMITER.fullmatch(lines[index + 1].rstrip(" \t\r")):
        return None
    table = table_of(g.HEADER_CELL.findall(header))
    return table if table is not None else False


def _stray_row(builder: LayoutBuilder, line: str, index: int) -> None:
    """A table row with no table header above it: a problem when it links an arXiv paper."""
    if line.startswith("| **[") and "arxiv.org/" in line.lower():
        message = "table row with an arXiv link but no `| **Title** |` table header above it"
        builder.problem("DP101", message, index)
    builder.trivia(index, index + 1)
