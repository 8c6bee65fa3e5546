"""Writer for the abstract-table format: raw rows for what is unchanged, the generator's cell
templates for the rest.

An edited row is rendered with the columns of the table it sits in (its ``RowStyle``), so an
edit changes that one line. A new paper goes into the table of its section (after that
section's last paper), or after the paper before it when it has no section; a paper whose
section has no table yet gets a new ``## <section>`` block at the end of the file, with the
columns of the file's first table.
"""

from __future__ import annotations

import datetime
from typing import Any

from ...arxiv import link_for
from ...models import Digest, Paper
from .. import layout as lay
from ..layout import EntrySource, HeaderField
from . import grammar as g
from .table import RowStyle, Table, table_of

_ZH_LABEL = "中文"


def dumps(digest: Digest) -> str:
    """The digest's text: its layout written back, or a fresh document when it has none."""
    layout = lay.layout_of(digest)
    if layout is None:
        return render_document(digest)
    placed, styles, extra = _place(digest.papers, layout)
    view = digest.model_copy(update={"papers": placed})
    view._layout = layout

    def render(paper: Paper, source: EntrySource | None) -> str:
        style = source.facts.style if source is not None else styles.get(id(paper))
        return render_row(paper, style if isinstance(style, RowStyle) else None)

    text = lay.write(view, layout, render, render_header, _header_value)
    if extra:
        text = _append_blocks(text, extra, _first_table(layout), digest)
    return text


def _place(papers: list[Paper], layout: lay.Layout) -> tuple[list[Paper], dict[int, RowStyle], list[Paper]]:
    """Order the papers for the layout writer and pick the table style of each new one.

    Returns the papers that go into existing tables (in output order), the style of each new
    one among them, and the papers that need a new section block.
    """
    entries = layout.entries
    survivors = [p for p in papers if id(p) in entries]
    last_of_section: dict[str, Paper] = {}
    for paper in survivors:
        if paper.section is not None:
            last_of_section[paper.section] = paper
    order: list[Paper] = []
    following: dict[int, list[Paper]] = {}
    extra: list[Paper] = []
    for paper in papers:
        if id(paper) in entries:
            order.append(paper)
            continue
        anchor = last_of_section.get(paper.section) if paper.section is not None else None
        if anchor is not None:
            following.setdefault(id(anchor), []).append(paper)
        elif paper.section is None and survivors:
            order.append(paper)
        else:
            extra.append(paper)
    placed: list[Paper] = []
    for paper in order:
        placed.append(paper)
        placed.extend(following.get(id(paper), ()))
    return placed, _new_styles(placed, layout), extra


def _new_styles(placed: list[Paper], layout: lay.Layout) -> dict[int, RowStyle]:
    """A new row takes the table of the row before it (or of the first row, at the start)."""
    styles: dict[int, RowStyle] = {}
    first = next((s for s in (_style_of(p, layout) for p in placed) if s is not None), None)
    previous = first
    for paper in placed:
        style = _style_of(paper, layout)
        if style is None and previous is not None:
            style = _next_row_style(previous)
            styles[id(paper)] = style
        previous = style
    return styles


def _style_of(paper: Paper, layout: lay.Layout) -> RowStyle | None:
    source = layout.source_of(paper)
    style = source.facts.style if source is not None else None
    return style if isinstance(style, RowStyle) else None


def _next_row_style(previous: RowStyle) -> RowStyle:
    """The style of a row added after ``previous``: same table, the next ``#`` number."""
    kept: list[tuple[int, str]] = []
    for column, text in previous.kept:
        if previous.table.kinds[column] == "number" and text.isdigit():
            kept.append((column, str(int(text) + 1)))
    return RowStyle(previous.table, tuple(kept))


def _first_table(layout: lay.Layout) -> Table | None:
    for source in layout.entries.values():
        if isinstance(source.facts.style, RowStyle):
            return source.facts.style.table
    return None


def _append_blocks(text: str, papers: list[Paper], table: Table | None, digest: Digest) -> str:
    """New ``## <section>`` blocks at the end of the file for papers no table can take."""
    if text and not text.endswith("\n"):
        text += "\n"
    if text and not text.endswith("\n\n"):
        text += "\n"
    return text + _blocks(papers, table or default_table(papers), digest)


def _blocks(papers: list[Paper], table: Table, digest: Digest) -> str:
    groups: dict[str, list[Paper]] = {}
    fallback = digest.topic or g.DEFAULT_KEYWORD
    for paper in papers:
        groups.setdefault(_one_line(paper.section) if paper.section else fallback, []).append(paper)
    out: list[str] = []
    for keyword, members in groups.items():
        out.append(f"{g.H2}{keyword}\n{table_header(table)}")
        for number, paper in enumerate(members, start=1):
            kept = tuple((i, str(number)) for i, kind in enumerate(table.kinds) if kind == "number")
            out.append(render_row(paper, RowStyle(table, kept)))
        out.append("\n")
    return "".join(out)


def default_table(papers: list[Paper]) -> Table:
    """The generator's columns (Title, Date, Abstract, Comment) plus a fork's column for each
    field the papers hold that those four cannot: Authors, Tags, Abstract_CN, AI Summary."""
    kinds = ["title", "date"]
    if any(p.authors or p.authors_truncated for p in papers):
        kinds.append("authors")
    if any(p.categories for p in papers):
        kinds.append("tags")
    kinds.append("abstract")
    if any(p.abstract_zh is not None for p in papers):
        kinds.append("abstract_zh")
    kinds.append("comment")
    if any(p.tldr is not None for p in papers):
        kinds.append("summary")
    table = table_of([g.KIND_HEADERS[k] for k in kinds])
    assert table is not None  # it has a Title column
    return table


def table_header(table: Table) -> str:
    """The header row and delimiter row of ``table``."""
    names = " | ".join(f"**{name}**" for name in table.headers)
    return f"| {names} |\n|" + " --- |" * len(table.headers) + "\n"


def render_entry(paper: Paper, source: EntrySource | None) -> str:
    """One row for ``paper``: in the columns of the row it replaces, else the generator's."""
    style = source.facts.style if source is not None else None
    return render_row(paper, style if isinstance(style, RowStyle) else None)


def render_row(paper: Paper, style: RowStyle | None) -> str:
    """``| cell | cell | … |`` and a newline, the cells in ``style``'s table's columns."""
    if style is None:
        style = RowStyle(default_table([paper]))
    table = style.table
    kept = dict(style.kept)
    cells = [
        _cell(paper, kind, style, column == table.title_column, column, kept)
        for column, kind in enumerate(table.kinds)
    ]
    return "| " + " | ".join(cells) + " |\n"


def _cell(
    paper: Paper, kind: str, style: RowStyle, holds_title: bool, column: int, kept: dict[int, str]
) -> str:
    if kind == "title":
        return _title_cell(paper)
    if kind == "date":
        return paper.published.isoformat() if paper.published is not None else ""
    if kind == "abstract":
        return _abstract_cell(paper, style)
    if kind == "comment":
        return _folded(_one_line(paper.comment or ""), g.COMMENT_FOLD_OVER)
    if kind == "authors":
        names = ", ".join(_one_line(n) for n in paper.authors)
        if paper.authors_truncated:
            return f"{names}{g.ET_AL}" if names else g.ET_AL.strip()
        return names
    if kind == "tags":
        return _folded(", ".join([*paper.categories, *style.extra_tags]), g.TAGS_FOLD_OVER)
    if kind == "summary":
        return _summary_cell(paper, style, holds_title)
    if kind == "abstract_zh":
        zh = _one_line(paper.abstract_zh or "")
        if style.abstract_zh_label is None:
            return zh
        return _details(style.abstract_zh_label, zh)
    return kept.get(column, "")


def _title_cell(paper: Paper) -> str:
    link = paper.link or (link_for(paper.arxiv_id, "abs", paper.version) if paper.arxiv_id else "")
    return f"{g.TITLE_OPEN}{_one_line(paper.title)}{g.LINK_OPEN}{link}{g.TITLE_CLOSE}"


def _abstract_cell(paper: Paper, style: RowStyle) -> str:
    abstract = _one_line(paper.abstract)
    if style.abstract_label is None:
        return abstract
    cell = _details(style.abstract_label, abstract)
    if paper.abstract_zh is not None and "abstract_zh" not in style.table.kinds:
        cell += _details(style.zh_label or _ZH_LABEL, _one_line(paper.abstract_zh))
    return cell


def _summary_cell(paper: Paper, style: RowStyle, holds_title: bool) -> str:
    head = _title_cell(paper) if holds_title else ""
    if paper.tldr is None:
        return head + style.summary_placeholder
    label = style.summary_label or g.DEFAULT_SUMMARY_LABEL
    body = paper.tldr.replace("\r\n", "\n").replace("\r", "\n").replace("\n", g.BREAK)
    block = f"{g.DETAILS_OPEN}{label}{g.SUMMARY_CLOSE}{body}{g.DETAILS_CLOSE}"
    return f"{head}{g.BREAK}{block}" if holds_title else block


def _details(label: str, body: str) -> str:
    return f"{g.DETAILS_OPEN}{label}{g.SUMMARY_CLOSE}{g.PARAGRAPH_OPEN}{body}{g.PARAGRAPH_CLOSE}"


def _folded(value: str, over: int) -> str:
    """The generator's rule: a value longer than ``over`` goes into a ``<details>`` block whose
    summary is its first five characters and ``...``."""
    if len(value) <= over:
        return value
    return _details(value[: g.FOLD_PREFIX] + g.FOLD_MARK, value)


def _one_line(text: str) -> str:
    """Cells are one physical line: fold line breaks into spaces."""
    if "\n" not in text and "\r" not in text:
        return text
    return " ".join(part.strip() for part in text.replace("\r", "\n").split("\n") if part.strip())


def _header_value(digest: Digest, name: str) -> Any:
    if name == "front_title":
        return (digest.title, digest.date)
    if name == "header":
        return (digest.title, digest.topic)
    if name == "last_update":
        return digest.date
    return None


def render_header(digest: Digest, piece: HeaderField, value: Any) -> str:
    """Render one header line from the digest's current ``value`` of that field."""
    newline = "\n" if piece.raw.endswith("\n") else ""
    if piece.name == "last_update":
        match = g.LAST_UPDATE.match(piece.raw)
        date = value.isoformat() if isinstance(value, datetime.date) else ""
        if match is None:
            return f"Last update: {date}{newline}"
        return piece.raw[: match.start("date")] + date + piece.raw[match.end("date") :]
    if piece.name == "front_title":
        return f"title: {_front_title(digest, piece.value)}{newline}"
    if piece.name == "header":
        return f"# {_document_title(digest, piece.value)}{newline}"
    return piece.raw


def _front_title(digest: Digest, original: tuple[str | None, datetime.date | None]) -> str:
    """The front-matter title; a changed date replaces the ``Month DD, YYYY`` that ends it."""
    title = _one_line(digest.title or "")
    if digest.title == original[0] and digest.date != original[1]:
        match = g.TITLE_DATE.search(title)
        if match is not None:
            title = title[: match.start()] + (_long_date(digest.date) if digest.date else "")
        elif digest.date is not None:
            title = f"{title} - {_long_date(digest.date)}"
        return title.rstrip()
    if not title:
        title = "Latest Papers" + (f" - {_long_date(digest.date)}" if digest.date else "")
    return title


def _document_title(digest: Digest, original: tuple[str | None, str | None]) -> str:
    """``Daily Papers`` or ``Daily Papers - <topic>``; a changed topic replaces the old one."""
    if digest.title is None:
        return g.DEFAULT_TITLE + (f" - {_one_line(digest.topic)}" if digest.topic else "")
    title = _one_line(digest.title)
    if digest.title == original[0] and digest.topic != original[1]:
        base = title.partition(" - ")[0]
        return f"{base} - {_one_line(digest.topic)}" if digest.topic else base
    return title


def _long_date(date: datetime.date) -> str:
    """``July 09, 2026``: the generator's ``%B %d, %Y`` in English whatever the locale."""
    return f"{g.MONTH_NAMES[date.month - 1]} {date.day:02d}, {date.year}"


def render_document(digest: Digest) -> str:
    """A complete README in the generator's layout, for conversions and new digests."""
    title = _document_title(digest, (None, None)) if digest.title is None else _one_line(digest.title)
    parts = [f"# {title}\n", g.README_INTRO, "\n"]
    if digest.date is not None:
        parts.append(f"Last update: {digest.date.isoformat()}\n\n")
    if digest.papers:
        parts.append(_blocks(digest.papers, default_table(digest.papers), digest))
    return "".join(parts)
