"""Reader for the abstract-table format (zezhishao/DailyArXiv and its forks).

The grammar is in :mod:`.grammar`. A file is furniture (front matter, ``# Daily Papers``,
``Last update:``, keyword headings, table headers, overview blocks: all trivia, except the
lines that hold a ``Digest`` field) around tables whose rows are the entries, one row per
line. A row is split by the shapes of its cells (:mod:`.cells`), never on ``|``.

What a row becomes:

* a paper, when its title cell links an arXiv ``abs``/``pdf`` page (``http`` or ``https``,
  with or without a version);
* trivia, when it links anything else (a DOI, IEEE Xplore, a local PDF): the forks that list
  other sources write those rows with the same shape, and they are not arXiv papers;
* a problem (DP101) and trivia, when it should be a paper but cannot be read: an empty link
  ``()``, an ``arxiv.org`` URL without an identifier, a title cell that is not
  ``**[Title](URL)**`` on a row that links arXiv, an arXiv row outside any table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ..._source import Source
from ...arxiv import parse_link, taxonomy
from ...models import Digest, trusted_paper
from ...normalize.mojibake import repair_mojibake
from .._builder import LayoutBuilder
from ..layout import EntryFacts
from . import cells as c
from . import grammar as g

FORMAT_NAME = "abstract-table"
_FRONT_MATTER_LINES = 30
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}
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


@dataclass(frozen=True, slots=True)
class Table:
    """A table's columns: the kind of each (``title``, ``date``, …, ``other``) and its header."""

    kinds: tuple[str, ...]
    headers: tuple[str, ...]
    present: frozenset[str]
    title_column: int  # the Title column, else the AI Summary column that holds the title

    def index(self, kind: str) -> int:
        """The column of ``kind``, or -1."""
        return self.kinds.index(kind) if kind in self.kinds else -1


def table_of(headers: list[str]) -> Table | None:
    """The table a header row announces, or ``None`` when it has no title column."""
    kinds = tuple(g.COLUMN_KINDS.get(name.strip().lower(), "other") for name in headers)
    if "title" in kinds:
        title_column = kinds.index("title")
    elif "summary" in kinds:
        title_column = kinds.index("summary")
    else:
        return None
    present: frozenset[str] = frozenset().union(*(_PRESENT_BY_KIND.get(k, frozenset()) for k in kinds))
    return Table(kinds, tuple(h.strip() for h in headers), present, title_column)


@dataclass(frozen=True, slots=True)
class RowStyle:
    """How a row was written, for re-rendering it after an edit in the same table.

    ``kept`` holds the cells that are no ``Paper`` field (``#``, KiMi, Directions, …) by
    column. ``abstract_label`` is the ``<summary>`` text of the abstract (``None``: a plain
    abstract cell), ``zh_label`` that of a second, Chinese abstract in the same cell.
    """

    table: Table
    kept: tuple[tuple[int, str], ...] = ()
    abstract_label: str | None = g.DEFAULT_ABSTRACT_LABEL
    zh_label: str | None = None
    abstract_zh_label: str | None = g.DEFAULT_ABSTRACT_LABEL
    summary_label: str | None = g.DEFAULT_SUMMARY_LABEL
    summary_placeholder: str = ""
    extra_tags: tuple[str, ...] = ()


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
    table: Table | None = None
    while index < count:
        line = lines[index]
        if line.startswith("|"):
            if line.startswith("| **") and not line.startswith("| **["):
                found = _table_at(lines, index)
                if found is not None:
                    table = found if isinstance(found, Table) else None
                    builder.trivia(index, index + 2)
                    index += 2
                    continue
            if table is not None:
                _read_row(builder, line, index, table, section)
            else:
                _stray_row(builder, line, index)
            index += 1
            continue
        table = None
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
            date = _iso_date(match["date"]) if match is not None else None
            if date is not None:
                head.date = date
                builder.header_field("last_update", index, date)
                index += 1
                continue
        builder.trivia(index, index + 1)
        index += 1
    layout = builder.finish()
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


def _iso_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _heading(line: str, prefix: int) -> str:
    return repair_mojibake(line[prefix:].strip(" \t\r#"))


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


def _mentions_arxiv(line: str) -> bool:
    return "arxiv.org/" in line.lower()


def _stray_row(builder: LayoutBuilder, line: str, index: int) -> None:
    """A table row with no table header above it: a problem when it links an arXiv paper."""
    if line.startswith("| **[") and _mentions_arxiv(line):
        builder.problem(
            "DP101", "table row with an arXiv link but no `| **Title** |` table header above it", index
        )
    builder.trivia(index, index + 1)


def _broken(builder: LayoutBuilder, index: int, message: str) -> None:
    builder.problem("DP101", message, index)
    builder.trivia(index, index + 1)


def _read_row(builder: LayoutBuilder, line: str, index: int, table: Table, section: str | None) -> None:
    """Read one row: a paper, trivia (a non-arXiv row) or a problem and trivia."""
    kinds = table.kinds
    row = c.split_row(line, kinds)
    title_cell = row[table.title_column]
    summary = kinds[table.title_column] == "summary"
    head = c.title_link(title_cell.text, summary=summary)
    if head is None:
        if _mentions_arxiv(line):
            _broken(builder, index, "row links arXiv but its title cell is not `**[Title](URL)**`")
        else:
            builder.trivia(index, index + 1)
        return
    url = head.url.strip(" ")
    link = parse_link(url)
    if link is None:
        if not url:
            _broken(builder, index, "row has an empty link `()`: no arXiv paper to read")
        elif _mentions_arxiv(url):
            _broken(builder, index, f"row links arxiv.org but not an abs/pdf page: {url[:80]!r}")
        else:
            builder.trivia(index, index + 1)  # a DOI, IEEE or PDF row: not an arXiv paper
        return
    line_no = index + 1
    fields: dict[str, Any] = {
        "abstract": "",
        "abstract_zh": None,
        "authors": [],
        "authors_truncated": False,
        "categories": [],
        "comment": None,
        "published": None,
        "tldr": None,
    }
    style: dict[str, Any] = {}
    kept: list[tuple[int, str]] = []
    spans = {
        "title": (line_no, title_cell.start + len(g.TITLE_OPEN) + 1),
        "link": (line_no, title_cell.start + head.url_offset + 1),
        "arxiv_id": (line_no, title_cell.start + head.url_offset + 1),
    }
    present = table.present
    for column, kind in enumerate(kinds):
        cell = row[column]
        text = cell.text
        if kind == "date":
            spans["published"] = (line_no, cell.start + 1)
            if text:
                date = _iso_date(text) if g.DATE.fullmatch(text) else None
                if date is None:
                    builder.problem(
                        "DP103", f"Date cell is not YYYY-MM-DD: {text[:40]!r}", index, cell.start + 1
                    )
                fields["published"] = date
        elif kind == "abstract":
            spans["abstract"] = (line_no, cell.start + 1)
            _abstract(text, fields, style)
            if fields["abstract_zh"] is not None:
                present = present | {"abstract_zh"}
        elif kind == "comment":
            spans["comment"] = (line_no, cell.start + 1)
            value, _folded = c.unfold(text)
            value = value.strip()
            fields["comment"] = repair_mojibake(value) if value else None
        elif kind == "authors":
            spans["authors"] = (line_no, cell.start + 1)
            names, truncated = c.authors(repair_mojibake(text))
            fields["authors"] = names
            fields["authors_truncated"] = truncated
        elif kind == "tags":
            spans["categories"] = (line_no, cell.start + 1)
            _tags(text, fields, style)
        elif kind == "summary":
            rest = head.rest if column == table.title_column else text
            _summary(rest, fields, style)
        elif kind == "abstract_zh":
            block = c.details(text, last=True)
            if block is not None and block.end == len(text):
                fields["abstract_zh"] = repair_mojibake(block.body.strip())
            else:
                fields["abstract_zh"] = repair_mojibake(text) if text else None
                style["abstract_zh_label"] = None
        elif kind != "title":
            kept.append((column, text))
    paper = trusted_paper(
        arxiv_id=link.arxiv_id,
        version=link.version,
        title=repair_mojibake(head.title.strip()),
        authors=fields["authors"],
        authors_truncated=fields["authors_truncated"],
        categories=fields["categories"],
        abstract=fields["abstract"],
        link=url,
        title_zh=None,
        abstract_zh=fields["abstract_zh"],
        section=section,
        published=fields["published"],
        code_url=None,
        comment=fields["comment"],
        tldr=fields["tldr"],
        motivation=None,
        method=None,
        result=None,
        conclusion=None,
        path=builder.source.path,
        line=line_no,
        end_line=line_no,
    )
    facts = EntryFacts(
        present=present,
        link_id=link.raw_id,
        link_arxiv_id=link.arxiv_id,
        link_kind=link.kind,
        style=RowStyle(table, tuple(kept), **style) if style or kept else _plain_style(table),
    )
    builder.entry(paper, index, index + 1, facts, spans)


_PLAIN_STYLES: dict[Table, RowStyle] = {}


def _plain_style(table: Table) -> RowStyle:
    """Rows written exactly as the generator writes them share one style object per table."""
    style = _PLAIN_STYLES.get(table)
    if style is None:
        style = _PLAIN_STYLES.setdefault(table, RowStyle(table))
    return style


def _abstract(text: str, fields: dict[str, Any], style: dict[str, Any]) -> None:
    """``<details><summary>Show</summary><p>…</p></details>``, optionally followed by a second
    block with the Chinese abstract (``EN`` / ``中文``); a plain cell is taken as it is."""
    block = c.details(text)
    if block is None or not block.paragraph:
        fields["abstract"] = repair_mojibake(text)
        style["abstract_label"] = None
        return
    fields["abstract"] = repair_mojibake(block.body.strip())
    if block.label != g.DEFAULT_ABSTRACT_LABEL:
        style["abstract_label"] = block.label
    if block.end < len(text):
        second = c.details(text, block.end, last=True)
        if second is not None and second.paragraph and second.end == len(text):
            fields["abstract_zh"] = repair_mojibake(second.body.strip())
            style["zh_label"] = second.label
        else:  # text after the block that is not a second abstract: keep the whole cell
            fields["abstract"] = repair_mojibake(text)
            style["abstract_label"] = None


def _tags(text: str, fields: dict[str, Any], style: dict[str, Any]) -> None:
    """Tags are arXiv's terms: categories, and sometimes ACM or MSC classes (``I.2.7``).
    Only arXiv categories become ``categories``; the rest stay with the row's style."""
    value, _folded = c.unfold(text)
    known = taxonomy()
    tokens = [t.strip() for t in value.split(",") if t.strip()]
    fields["categories"] = [t for t in tokens if t in known]
    extra = tuple(t for t in tokens if t not in known)
    if extra:
        style["extra_tags"] = extra


def _summary(rest: str, fields: dict[str, Any], style: dict[str, Any]) -> None:
    """The AI Summary after the title: ``<br><details><summary>Show Summary</summary>…`` or a
    placeholder (``Not yet summarized``). ``<br>`` is the generator's line break."""
    body = rest[len(g.BREAK) :] if rest.startswith(g.BREAK) else rest
    block = c.details(body, last=True)
    if block is not None and block.end == len(body):
        fields["tldr"] = repair_mojibake(block.body.replace(g.BREAK, "\n").strip())
        if block.label != g.DEFAULT_SUMMARY_LABEL:
            style["summary_label"] = block.label
    else:
        style["summary_placeholder"] = rest  # as written, `<br>` included
        style["summary_label"] = None
