"""Read one table row: a paper, trivia (a row that is no arXiv paper), or a problem and trivia.

Two paths give the same result. The fast path reads the generator's own rows
(``| **[T](U)** | DATE | <details><summary>Show</summary><p>A</p></details> | C |`` and the issue
template's ``| **[T](U)** | DATE | C |``) with one ``str.find`` over the abstract and a few
over the title; it checks every token it relies on and hands anything else (another label, a
second abstract, an early ``</details>``, another date shape) to the general path, which splits
the row by the shape of each column's cells (:mod:`.cells`) and knows every fork's column.
``tests/formats/test_abstract_table.py`` reads the whole corpus both ways and compares.

What a row becomes:

* a paper, when its title cell links an arXiv ``abs``/``pdf`` page (``http`` or ``https``, with
  or without a version);
* trivia, when it links anything else (a DOI, IEEE Xplore, a local PDF): forks that list other
  sources write them with the same shape, and they are not arXiv papers;
* a problem (DP101) and trivia, when it should be a paper but cannot be read: an empty link
  ``()``, an ``arxiv.org`` URL that names no ``abs``/``pdf`` page, a title cell that is not
  ``**[Title](URL)**`` on a row that links arXiv.
"""

from __future__ import annotations

import datetime
from typing import Any

from ...arxiv import ArxivId, ArxivLink, parse_link, taxonomy
from ...errors import InvalidArxivIdError
from ...models import Paper, trusted_paper
from ...normalize.mojibake import repair_mojibake
from .._builder import LayoutBuilder
from ..layout import EntryFacts, Span
from . import cells as c
from . import grammar as g
from .table import README_KINDS, RowStyle, Table

_ROW_START = "| " + g.TITLE_OPEN
_SEPARATOR = g.SEPARATOR
_DETAILS_CLOSE = g.DETAILS_CLOSE
_CLOSE_AND_SEPARATOR = g.PARAGRAPH_CLOSE + g.SEPARATOR
# Dates repeat on nearly every row of a table: each distinct one is parsed once per process.
_DATE_CACHE = 4096
_DATES: dict[str, datetime.date] = {}
_TITLE_END = g.TITLE_CLOSE + g.SEPARATOR
_SHOW = g.DETAILS_OPEN + g.DEFAULT_ABSTRACT_LABEL + g.SUMMARY_CLOSE + g.PARAGRAPH_OPEN
_HTTPS_ABS = "https://arxiv.org/abs/"
_HTTP_ABS = "http://arxiv.org/abs/"


def _empty() -> dict[str, Any]:
    """A row's values before its cells are read: each says "the column is not there"."""
    return {
        "abstract": "",
        "abstract_zh": None,
        "authors": [],
        "authors_truncated": False,
        "categories": [],
        "comment": None,
        "published": None,
        "tldr": None,
    }


def iso_date(text: str) -> datetime.date | None:
    """``YYYY-MM-DD`` (ASCII digits only) as a date, or ``None``."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    try:  # with that shape, fromisoformat takes YYYY-MM-DD digits only
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def arxiv_link(url: str) -> ArxivLink | None:
    """:func:`digestparse.arxiv.parse_link`, with a shortcut for ``http(s)://arxiv.org/abs/ID``."""
    if url.startswith(_HTTPS_ABS):
        raw = url[len(_HTTPS_ABS) :]
    elif url.startswith(_HTTP_ABS):
        raw = url[len(_HTTP_ABS) :]
    else:
        return parse_link(url)
    try:
        ident, version = ArxivId.parse(raw)
    except InvalidArxivIdError:
        return parse_link(url)
    return ArxivLink("abs", raw, ident, version)


def read_row(
    builder: LayoutBuilder, line: str, index: int, table: Table, plain: RowStyle, section: str | None
) -> None:
    """Read the row at 0-based ``index``; ``plain`` is the table's style for generator rows."""
    if table.generated and line.startswith(_ROW_START) and fast_row(builder, line, index, plain, section):
        return
    _general_row(builder, line, index, table, section)


def fast_row(builder: LayoutBuilder, line: str, index: int, plain: RowStyle, section: str | None) -> bool:
    """The generator's row, read with a handful of ``find``; ``False`` leaves it to the general path."""
    close = line.find(_TITLE_END, 5)
    if close < 0:
        return False
    link_open = line.rfind(g.LINK_OPEN, 5, close)
    if link_open < 0:
        return False
    url = line[link_open + 2 : close].strip(" ")
    link = arxiv_link(url)
    if link is None:
        if not url or _mentions_arxiv(url):
            return False  # a problem: the general path says which
        builder.trivia(index, index + 1)  # a DOI, IEEE or PDF row: not an arXiv paper
        return True
    at = close + 6  # the date cell
    date_text = line[at : at + 10]
    published = _DATES.get(date_text) or iso_date(date_text)
    if published is None or not line.startswith(_SEPARATOR, at + 10):
        return False
    if len(_DATES) < _DATE_CACHE:
        _DATES[date_text] = published
    at += 13
    abstract = ""
    abstract_at = 0
    if plain.table.kinds is README_KINDS:
        if not line.startswith(_SHOW, at):
            return False
        body = at + len(_SHOW)
        end = line.find(_DETAILS_CLOSE, body)
        if end < 0 or not line.startswith(_CLOSE_AND_SEPARATOR, end - 4):
            return False
        abstract = line[body : end - 4].strip()
        abstract_at = at
        at = end + 13
    text = line.rstrip(" \t\r")
    end = len(text) - 1 if text.endswith("|") and len(text) - 1 >= at else len(text)
    if not text[at:end].strip(" "):  # the usual empty comment
        comment_at, value = at, ""
    else:
        comment_cell = c.cell_at(text, at, end)
        comment_at, value = comment_cell.start, c.unfold(comment_cell.text)[0].strip()
    ascii_row = line.isascii()  # nothing to repair (the usual row): skip the per-field checks
    if not ascii_row:
        abstract = repair_mojibake(abstract)
    line_no = index + 1
    url_col = link_open + 3
    spans: dict[str, Span] = {
        "title": (line_no, 6),
        "link": (line_no, url_col),
        "arxiv_id": (line_no, url_col),
        "published": (line_no, close + 7),
        "comment": (line_no, comment_at + 1),
    }
    if abstract_at:
        spans["abstract"] = (line_no, abstract_at + 1)
    paper = trusted_paper(
        arxiv_id=link.arxiv_id,
        version=link.version,
        title=line[5:link_open].strip() if ascii_row else repair_mojibake(line[5:link_open].strip()),
        authors=[],
        authors_truncated=False,
        categories=[],
        abstract=abstract,
        link=url,
        title_zh=None,
        abstract_zh=None,
        section=section,
        published=published,
        code_url=None,
        comment=(value if ascii_row else repair_mojibake(value)) or None,
        tldr=None,
        motivation=None,
        method=None,
        result=None,
        conclusion=None,
        path=builder.source.path,
        line=line_no,
        end_line=line_no,
    )
    facts = EntryFacts(plain.table.present, None, link.raw_id, link.arxiv_id, link.kind, plain)
    builder.entry(paper, index, line_no, facts, spans)
    return True


def _paper(
    builder: LayoutBuilder,
    title: str,
    url: str,
    link: ArxivLink,
    fields: dict[str, Any],
    section: str | None,
    line_no: int,
) -> Paper:
    return trusted_paper(
        arxiv_id=link.arxiv_id,
        version=link.version,
        title=repair_mojibake(title.strip()),
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


def _mentions_arxiv(line: str) -> bool:
    return "arxiv.org/" in line.lower()


def _broken(builder: LayoutBuilder, index: int, message: str) -> None:
    builder.problem("DP101", message, index)
    builder.trivia(index, index + 1)


def _general_row(builder: LayoutBuilder, line: str, index: int, table: Table, section: str | None) -> None:
    """Any row of any table: split by cell shapes, every fork's column read."""
    kinds = table.kinds
    row = c.split_row(line, kinds)
    title_cell = row[table.title_column]
    head = c.title_link(title_cell.text, summary=kinds[table.title_column] == "summary")
    if head is None:
        if _mentions_arxiv(line):
            _broken(builder, index, "row links arXiv but its title cell is not `**[Title](URL)**`")
        else:
            builder.trivia(index, index + 1)
        return
    url = head.url.strip(" ")
    link = arxiv_link(url)
    if link is None:
        if not url:
            _broken(builder, index, "row has an empty link `()`: no arXiv paper to read")
        elif _mentions_arxiv(url):
            _broken(builder, index, f"row links arxiv.org but not an abs/pdf page: {url[:80]!r}")
        else:
            builder.trivia(index, index + 1)  # a DOI, IEEE or PDF row: not an arXiv paper
        return
    line_no = index + 1
    fields = _empty()
    style: dict[str, Any] = {}
    kept: list[tuple[int, str]] = []
    spans: dict[str, Span] = {
        "title": (line_no, title_cell.start + len(g.TITLE_OPEN) + 1),
        "link": (line_no, title_cell.start + head.url_offset + 1),
        "arxiv_id": (line_no, title_cell.start + head.url_offset + 1),
    }
    present = table.present
    for column, kind in enumerate(kinds):
        cell = row[column]
        text = cell.text
        if kind in _SPAN_NAMES:
            spans[_SPAN_NAMES[kind]] = (line_no, cell.start + 1)
        if kind == "date":
            if text:
                fields["published"] = iso_date(text)
                if fields["published"] is None:
                    message = f"Date cell is not YYYY-MM-DD: {text[:40]!r}"
                    builder.problem("DP103", message, index, cell.start + 1)
        elif kind == "abstract":
            _abstract(text, fields, style)
            if fields["abstract_zh"] is not None:
                present = present | {"abstract_zh"}
        elif kind == "comment":
            value = c.unfold(text)[0].strip()
            fields["comment"] = repair_mojibake(value) if value else None
        elif kind == "authors":
            fields["authors"], fields["authors_truncated"] = c.authors(repair_mojibake(text))
        elif kind == "tags":
            _tags(text, fields, style)
        elif kind == "summary":
            _summary(head.rest if column == table.title_column else text, fields, style)
        elif kind == "abstract_zh":
            _abstract_zh(text, fields, style)
        elif kind != "title":
            kept.append((column, text))
    paper = _paper(builder, head.title, url, link, fields, section, line_no)
    facts = EntryFacts(
        present=present,
        link_id=link.raw_id,
        link_arxiv_id=link.arxiv_id,
        link_kind=link.kind,
        style=RowStyle(table, tuple(kept), **style),
    )
    builder.entry(paper, index, line_no, facts, spans)


_SPAN_NAMES = {
    "date": "published",
    "abstract": "abstract",
    "comment": "comment",
    "authors": "authors",
    "tags": "categories",
    "abstract_zh": "abstract_zh",
}


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


def _abstract_zh(text: str, fields: dict[str, Any], style: dict[str, Any]) -> None:
    """An Abstract_CN cell: a ``<details>`` block like the abstract's, or plain text."""
    block = c.details(text, last=True)
    if block is not None and block.paragraph and block.end == len(text):
        fields["abstract_zh"] = repair_mojibake(block.body.strip())
        if block.label != g.DEFAULT_ABSTRACT_LABEL:
            style["abstract_zh_label"] = block.label
    else:
        fields["abstract_zh"] = repair_mojibake(text) if text else None
        style["abstract_zh_label"] = None


def _tags(text: str, fields: dict[str, Any], style: dict[str, Any]) -> None:
    """Tags are arXiv's terms: categories, and sometimes ACM or MSC classes (``I.2.7``).
    Only arXiv categories become ``categories``; the rest stay with the row's style."""
    value = c.unfold(text)[0]
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
