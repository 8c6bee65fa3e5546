"""Writer for the paper-table format: raw text for what is unchanged, the generator's templates
for edited and new rows.

An edited row is rendered in its own style (columns, code cell, versioned link text, trailing
spaces), so an edit changes that one line. A new paper takes the style of the paper before it
in the list (its table's columns), or the generator's README style. The generator does not
escape table cells; neither does this writer, so a value containing ``**|`` (or a title ending
in it) cannot be read back as written: no real title does.
"""

from __future__ import annotations

import datetime
import html
from typing import Any

from ...arxiv import link_for, parse_link
from ...models import Digest, Paper
from .. import layout as lay
from ..layout import HeaderField, Layout
from . import grammar as g
from .style import DEFAULT_ROW, ItemStyle, RowStyle

USAGE = "> Usage instructions: [here](./docs/README.md#usage)"
DEFAULT_TOPIC = "Papers"


def dumps(digest: Digest) -> str:
    """The digest's text: its layout written back, or a fresh document when it has none."""
    layout = lay.layout_of(digest)
    if layout is None:
        return render_document(digest)
    if not layout.entries and digest.papers:
        return _fill_empty(digest, layout)
    return lay.write(digest, layout, _renderer(digest, layout), render_header, _header_value)


def _header_value(digest: Digest, name: str) -> Any:
    return getattr(digest, name)


def _renderer(digest: Digest, layout: Layout) -> lay.EntryRenderer:
    """Render edited papers in their own style and new ones in the style of the paper before."""
    inherited: dict[int, object] = {}
    sources = iter(layout.entries.values())
    first = next(sources, None)
    previous: object | None = first.facts.style if first is not None else None
    for paper in digest.papers:
        source = layout.source_of(paper)
        if source is not None:
            previous = source.facts.style
        else:
            inherited[id(paper)] = _fresh(previous)

    def render(paper: Paper, source: lay.EntrySource | None) -> str:
        style = source.facts.style if source is not None else inherited.get(id(paper))
        return render_entry(paper, style)

    return render


def _fresh(style: object | None) -> object | None:
    """A neighbour's style for a new row: its table's columns, no copied cells.

    Fixed cells (authors, link, code) are always written; a free-text cell only when the paper
    has a value for it, as the generator leaves an empty last cell out.
    """
    if isinstance(style, RowStyle):
        return RowStyle(
            columns=style.columns,
            cells=_fixed_cells(style.columns),
            id_versioned=style.id_versioned,
            code_before=style.code_before,
            code_label=style.code_label,
            code_after=style.code_after,
            code_empty=style.code_empty,
            abstract_bold=style.abstract_bold,
            abstract_suffix=style.abstract_suffix,
            et_al=style.et_al,
            others=("",) * len(style.others),
        )
    return style


def _fixed_cells(columns: tuple[str, ...]) -> int:
    """How many cells a row has up to its last fixed (never optional) column."""
    return max((i + 1 for i, kind in enumerate(columns) if kind not in g.FREE_TEXT), default=0)


def render_header(digest: Digest, piece: HeaderField, value: Any) -> str:
    """Render one header line (date, title, keywords) from the digest's current value."""
    newline = "\n" if piece.raw.endswith("\n") else ""
    raw = piece.raw.removesuffix("\n")
    if piece.name == "date":
        if not isinstance(value, datetime.date):
            return piece.raw
        match = g.UPDATED.fullmatch(raw)
        if match is not None:
            return f"{match['before']}{value.strftime('%Y.%m.%d')}{match['after']}{newline}"
        match = g.DEPLOYED.fullmatch(raw)
        if match is not None:
            return f"{match['before']}{value.isoformat()}{match['after'] or ''}{newline}"
        return piece.raw
    if piece.name == "title":
        return f"# {_one_line(value)}{newline}" if value else ""
    if piece.name == "keywords":
        separator = "`, `" if "`, `" in raw else "`,`"
        words = separator.join(_one_line(k) for k in value)
        return (
            f"Current Search Keywords: `{words}`{newline}" if value else f"Current Search Keywords: {newline}"
        )
    return piece.raw


def render_entry(paper: Paper, style: object | None = None) -> str:
    """One row (or list item) for ``paper``, in ``style`` or the generator's README style."""
    if isinstance(style, ItemStyle):
        return _render_item(paper, style)
    return _render_row(paper, style if isinstance(style, RowStyle) else DEFAULT_ROW)


def _render_row(paper: Paper, style: RowStyle) -> str:
    columns = style.columns
    count = style.cells
    for position, kind in enumerate(columns):
        if position >= count and _has_value(paper, kind):
            count = position + 1
    others = iter(style.others)
    cells: list[str] = []
    for position in range(count):
        kind = columns[position] if position < len(columns) else g.OTHER
        if kind == g.AUTHORS:
            cells.append(_authors(paper, style.et_al))
        elif kind == g.PDF:
            cells.append(f"[{_id_text(paper, style.id_versioned)}]({_link(paper)})")
        elif kind == g.CODE:
            cells.append(_code(paper, style))
        elif kind == g.ABSTRACT:
            text = _one_line(paper.abstract)
            cells.append((f"**{text}**" if style.abstract_bold else text) + style.abstract_suffix)
        elif kind == g.ABSTRACT_ZH:
            cells.append(_one_line(paper.abstract_zh or ""))
        else:
            cells.append(next(others, ""))
    head = f"|**{_date(paper)}**|**{_one_line(paper.title)}**|"
    return head + "".join(cell + "|" for cell in cells) + style.trailing + "\n"


def _render_item(paper: Paper, style: ItemStyle) -> str:
    line = (
        f"- **{_date(paper)}** **{_one_line(paper.title)}** "
        f"[{_id_text(paper, style.id_versioned)}]({_link(paper)})\n"
    )
    if style.summary or paper.abstract:
        line += f"  > {_one_line(paper.abstract)}\n"
    return line


def _has_value(paper: Paper, kind: str) -> bool:
    if kind == g.AUTHORS:
        return bool(paper.authors) or paper.authors_truncated
    if kind == g.CODE:
        return paper.code_url is not None
    if kind == g.ABSTRACT:
        return bool(paper.abstract)
    if kind == g.ABSTRACT_ZH:
        return bool(paper.abstract_zh)
    return kind == g.PDF


def _date(paper: Paper) -> str:
    return paper.published.isoformat() if paper.published is not None else ""


def _authors(paper: Paper, et_al: str) -> str:
    names = ", ".join(_one_line(name) for name in paper.authors)
    if not paper.authors_truncated:
        return names
    return names + et_al if names else et_al.strip()


def _id_text(paper: Paper, versioned: bool) -> str:
    """The link text: the identifier, with ``vN`` when the row's style or the link needs it."""
    if paper.arxiv_id is None:
        parsed = parse_link(paper.link)
        return parsed.raw_id if parsed is not None else ""
    if paper.version is None:
        return str(paper.arxiv_id)
    parsed = parse_link(paper.link) if not versioned else None
    if versioned or parsed is None or parsed.version != paper.version:
        return f"{paper.arxiv_id}v{paper.version}"
    return str(paper.arxiv_id)


def _link(paper: Paper) -> str:
    if paper.link:
        return _one_line(paper.link)
    if paper.arxiv_id is None:
        return ""
    return link_for(paper.arxiv_id, "abs", paper.version).replace("https://", "http://", 1)


def _code(paper: Paper, style: RowStyle) -> str:
    if paper.code_url is None:
        return style.code_empty
    url = _one_line(paper.code_url)
    if not style.code_before:
        return url
    return f"{style.code_before}{style.code_label}]({url}{style.code_after}"


def render_document(digest: Digest) -> str:
    """A complete README in the generator's layout: date, table of contents, one table per topic.

    Columns follow the papers: Abstract when any paper has an abstract, 摘要 when any has a ZH
    abstract (an Abstract followed by 摘要 is written bold, so that the two free-text cells can
    be told apart).
    """
    topics: dict[str, list[Paper]] = {}
    for paper in digest.papers:
        topics.setdefault(_one_line(paper.section or "") or DEFAULT_TOPIC, []).append(paper)
    if not topics:
        topics[_one_line(digest.topic or "") or DEFAULT_TOPIC] = []
    columns = list(g.DEFAULT_COLUMNS)
    if any(p.abstract for p in digest.papers):
        columns.append(g.ABSTRACT)
    if any(p.abstract_zh for p in digest.papers):
        columns.append(g.ABSTRACT_ZH)
    style = RowStyle(
        columns=tuple(columns),
        cells=len(g.DEFAULT_COLUMNS),
        abstract_bold=g.ABSTRACT_ZH in columns and g.ABSTRACT in columns,
    )
    header = "|Publish Date|Title|" + "".join(g.COLUMN_TITLES[c] + "|" for c in columns)
    align = "|---|---|" + "---|" * len(columns)
    out: list[str] = []
    top = ""
    if digest.title:
        out.append(f"# {_one_line(digest.title)}\n")
    if digest.date is not None:
        stamp = digest.date.strftime("%Y.%m.%d")
        out.append(f"## Updated on {stamp}\n")
        top = f"<p align=right>(<a href=#updated-on-{stamp.replace('.', '')}>back to top</a>)</p>\n\n"
    if digest.keywords:
        out.append(
            "Current Search Keywords: " + ",".join(f"`{_one_line(k)}`" for k in digest.keywords) + "\n"
        )
    out.append(USAGE + "\n\n")
    out.append("<details>\n  <summary>Table of Contents</summary>\n  <ol>\n")
    for topic in topics:
        slug = html.escape(topic.replace(" ", "-").lower(), quote=True)
        out.append(f"    <li><a href=#{slug}>{html.escape(topic, quote=False)}</a></li>\n")
    out.append("  </ol>\n</details>\n\n")
    for topic, papers in topics.items():
        out.append(f"## {topic}\n\n{header}\n{align}\n")
        out.extend(_render_row(paper, style) for paper in papers)
        out.append("\n" + top)
    return "".join(out)


def _fill_empty(digest: Digest, layout: Layout) -> str:
    """Papers added to a digest that had none: into its first table, or a new one at the end."""
    empty = digest.model_copy(update={"papers": []})
    text = lay.write(empty, layout, render_entry, render_header, _header_value)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        columns = g.header_columns(line)
        if columns is None:
            continue
        at = index + 2 if index + 1 < len(lines) and g.is_alignment_row(lines[index + 1]) else index + 1
        style = RowStyle(columns=columns, cells=_fixed_cells(columns))
        rows = "".join(_render_row(paper, style) for paper in digest.papers)
        before = "\n".join(lines[:at])
        after = "\n".join(lines[at:])
        return before + "\n" + rows + after if at < len(lines) else before + "\n" + rows.removesuffix("\n")
    tail = render_document(digest.model_copy(update={"date": None, "title": None, "keywords": []}))
    tables = tail[tail.index("</details>\n\n") + len("</details>\n\n") :]
    if text and not text.endswith("\n"):
        text += "\n"
    return text + ("\n" if text else "") + tables


def _one_line(text: str) -> str:
    """Table cells are single physical lines: fold line breaks into spaces."""
    if "\n" not in text and "\r" not in text:
        return text
    return " ".join(part.strip() for part in text.replace("\r", "\n").split("\n") if part.strip())
