"""Reader for the paper-table format (Vincentqyw/cv-arxiv-daily's ``daily_arxiv.py`` and forks).

Grammar (see ``docs/formats/paper-table.md``)::

    digest   := [front] [badges] [title] [updated] [keywords] [toc] (topic | trivia)*
    front    := "---" NL "layout: default" NL "---" NL               (docs/index.md)
    title    := "# " TEXT                                            (a fork's own title)
    updated  := ["## " | "### " | "> "] ["Automatically "] "Updated on " YYYY "." MM "." DD
              | " Automated deployment @ " YYYY "-" MM "-" DD " " TIME " " ZONE
    keywords := "Current Search Keywords: " ("`" KEYWORD "`")+ separated by "," or ", "
    topic    := ("## " | "### ") TOPIC NL [header align] (row | item)*
    header   := "|" ("Publish Date" | "Date") "|Title|" COLUMN ("|" COLUMN)* "|"
    align    := "|" ("---" | ":---------" | " :---: " | …) ("|" …)* "|"
    row      := "|**" DATE "**|**" TITLE "**|" CELL ("|" CELL)* "|" [SPACES]
    item     := "- **" DATE "** **" TITLE "** [" ID "](" URL ")" NL ["  > " SUMMARY NL]
    CELL     := AUTHORS | "[" ID "](" URL ")" | CODE | ABSTRACT | 摘要 | OTHER   (by header)
    AUTHORS  := NAME " et.al." | NAME (", " NAME)*
    CODE     := "null" | ["**"] "[" LABEL "](" URL ")" ["**"] | ""

Rows without a header use the generator's columns (Authors, PDF, Code). A title ends at the
first ``**|`` after it (titles hold ``|`` and ``*``); a row's cells are cut with ``str.find``,
and a free-text column (Abstract, 摘要) that may hold ``|`` is cut from both ends, so one
regex runs per row (its date cell) plus one per link. Everything else (front matter, badges,
table of contents, header and alignment rows, back-to-top links, a fork's notes and abstract
sections) is trivia, written back as it was. A row that has the shape of an entry and an arXiv
link but cannot be read is a DP101 problem and trivia; a row whose link is not arXiv's (a DOI)
is trivia.
"""

from __future__ import annotations

import datetime
from typing import Any

from ..._source import Source
from ...arxiv import ArxivId, parse_link
from ...errors import InvalidArxivIdError
from ...models import Digest, trusted_paper
from ...normalize.mojibake import repair_mojibake
from .._builder import LayoutBuilder
from ..layout import EntryFacts
from . import grammar as g
from .style import ItemStyle, RowStyle


def read(source: Source) -> Digest:
    """Read a paper-table digest; never raises for content, records problems instead."""
    reader = _Reader(source)
    reader.run()
    builder = reader.builder
    layout = builder.finish()
    digest = Digest.model_construct(
        format="paper-table",
        path=source.path,
        date=reader.fields.get("date"),
        title=reader.fields.get("title"),
        topic=None,
        badge_count=None,
        keywords=reader.fields.get("keywords", []),
        filter=[],
        declared_counts={},
        papers=builder.papers,
        problems=builder.problems,
    )
    digest._layout = layout
    return digest


def mentions_arxiv(text: str) -> bool:
    """True when ``text`` links or names an arXiv paper (what must never vanish silently)."""
    lowered = text.lower()
    return "arxiv.org/" in lowered or "arxiv:" in lowered


def split_authors(cell: str) -> tuple[list[str], bool, str]:
    """``X et.al.`` -> (["X"], True, " et.al."); ``A, B`` -> (["A", "B"], False, " et.al.")."""
    text = repair_mojibake(cell.strip(" \t\r"))
    for mark in (g.ET_AL, g.ET_AL_SPACED):
        if text.endswith(mark):
            head = text[: -len(mark)].strip()
            return ([n.strip() for n in head.split(",") if n.strip()] if head else []), True, mark
    if text == g.ET_AL.strip():
        return [], True, g.ET_AL
    return [n.strip() for n in text.split(",") if n.strip()], False, g.ET_AL


def cell_spans(body: str, columns: tuple[str, ...]) -> tuple[list[tuple[int, int]], tuple[str, ...]]:
    """Cut the cells after the title: (start, end) offsets in ``body`` and the kind of each.

    ``body`` is the row after ``**|`` without its closing ``|``. Fixed cells (authors, link,
    code) never hold ``|``; a free-text cell (Abstract, 摘要) may. A free cell followed only by
    fixed ones is cut from the right; one followed by another free cell ends at ``**|`` when
    bold, else at the next ``|``. The last column takes the rest of the row; cells beyond the
    table's columns are kept as ``other``. A row can have fewer cells than its header.
    """
    spans: list[tuple[int, int]] = []
    if not body:
        return spans, columns
    cursor = 0
    size = len(body)
    last = len(columns) - 1
    for index, kind in enumerate(columns):
        if index >= last:
            spans.append((cursor, size))
            break
        if kind in g.FREE_TEXT:
            after = columns[index + 1 :]
            if not any(k in g.FREE_TEXT for k in after):
                cut = _cut_from_right(body, cursor, len(after))
                if cut is not None:
                    spans.append((cursor, cut[0] - 1))
                    starts = [*cut, size + 1]
                    spans.extend((starts[i], starts[i + 1] - 1) for i in range(len(cut)))
                    break
            elif body.startswith(g.BOLD, cursor):
                end = body.find(g.TITLE_CLOSE, cursor + 2)
                if end >= 0:
                    spans.append((cursor, end + 2))
                    cursor = end + 3
                    continue
        end = body.find("|", cursor)
        if end < 0:
            spans.append((cursor, size))
            break
        spans.append((cursor, end))
        cursor = end + 1
    kinds = columns
    if len(spans) == len(columns) and columns and columns[-1] not in g.FREE_TEXT:
        start, end = spans[-1]
        if body.find("|", start, end) >= 0:  # more cells than the header has columns
            spans.pop()
            for piece in body[start:end].split("|"):
                spans.append((start, start + len(piece)))
                start += len(piece) + 1
            kinds = columns + (g.OTHER,) * (len(spans) - len(columns))
    return spans, kinds


def _cut_from_right(body: str, start: int, count: int) -> list[int] | None:
    """Start offsets of the last ``count`` cells of ``body[start:]``, or None if it has fewer."""
    starts: list[int] = []
    end = len(body)
    for _ in range(count):
        bar = body.rfind("|", start, end)
        if bar < 0:
            return None
        starts.append(bar + 1)
        end = bar
    starts.reverse()
    return starts


_HEADER_OPENERS = frozenset("U> C")  # Updated on, > Updated on, " Automated deployment", Current …


class _Reader:
    """One pass over the lines; state: the current topic, its columns, the header fields."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.lines = source.lines
        self.builder = LayoutBuilder(source, separator="")
        self.fields: dict[str, Any] = {}
        self.section: str | None = None
        self.columns: tuple[str, ...] = g.DEFAULT_COLUMNS
        self.kinds_seen: str | None = None  # "row" or "item": decides the entry separator
        self._dates: dict[str, datetime.date | None] = {}
        self._styles: dict[tuple[Any, ...], RowStyle] = {}
        self._present: dict[tuple[str, ...], frozenset[str]] = {}

    def run(self) -> None:
        lines = self.lines
        builder = self.builder
        count = len(lines)
        index = 0
        while index < count:
            line = lines[index]
            first = line[:1]
            if first == "|":
                if line.startswith(g.ROW_PREFIX):
                    self._row(index, line)
                else:
                    columns = g.header_columns(line)
                    if columns is not None:
                        self.columns = columns
                    builder.trivia(index, index + 1)
                index += 1
            elif first == "-" and line.startswith(g.ITEM_PREFIX):
                index += self._item(index, line)
            elif first == "#":
                self._heading(index, line)
                index += 1
            else:
                # only lines opening with these can be a date or keyword line
                if not (first and first in _HEADER_OPENERS and self._header_line(index, line)):
                    builder.trivia(index, index + 1)
                index += 1

    # ----------------------------------------------------------------- furniture

    def _heading(self, index: int, line: str) -> None:
        if self._header_line(index, line):
            return
        if line.startswith("# "):
            title = g.TITLE_HEADING.fullmatch(line)
            if title is not None and "title" not in self.fields and not self.builder.papers:
                self.fields["title"] = repair_mojibake(title["title"])
                self.builder.header_field("title", index, self.fields["title"])
                return
        else:
            heading = g.SECTION_HEADING.fullmatch(line)
            if heading is not None:
                self.section = repair_mojibake(heading["name"])
                self.columns = g.DEFAULT_COLUMNS
        self.builder.trivia(index, index + 1)

    def _header_line(self, index: int, line: str) -> bool:
        """The digest's date (``Updated on``) or keyword line; False for any other line."""
        if "date" not in self.fields:
            match = g.UPDATED.fullmatch(line) or g.DEPLOYED.fullmatch(line)
            if match is not None:
                text = match["date"].replace(".", "-")
                try:
                    value = datetime.date.fromisoformat(text)
                except ValueError:
                    return False
                self.fields["date"] = value
                self.builder.header_field("date", index, value)
                return True
        if "keywords" not in self.fields and line.startswith("Current Search Keywords: "):
            self.fields["keywords"] = g.BACKTICKED.findall(line)
            self.builder.header_field("keywords", index, list(self.fields["keywords"]))
            return True
        return False

    # ----------------------------------------------------------------- rows

    def _broken(self, index: int, line: str, why: str, end: int | None = None) -> None:
        """An entry-shaped line that is not a paper: a problem when it links arXiv, else trivia."""
        stop = index + 1 if end is None else end
        if mentions_arxiv(line):
            self.builder.problem("DP101", why, index, end=stop)
        self.builder.trivia(index, stop)

    def _date(self, text: str, index: int) -> datetime.date | None:
        try:
            return self._dates[text]
        except KeyError:
            pass
        value: datetime.date | None = None
        try:
            value = datetime.date.fromisoformat(text.strip())
        except ValueError:
            if text.strip():
                self.builder.problem("DP103", f"date cell {text.strip()!r} is not a YYYY-MM-DD date", index)
                return None  # not cached: every such row gets its problem
        self._dates[text] = value
        return value

    def _row(self, index: int, line: str) -> None:
        head = g.ROW_HEAD.match(line)
        if head is None or not line.startswith(g.TITLE_OPEN, head.end()):
            self._broken(index, line, "table row has no `|**YYYY-MM-DD**|**Title**|` cells")
            return
        title_start = head.end() + 2
        title_end = line.find(g.TITLE_CLOSE, title_start)
        if title_end < 0:
            self._broken(index, line, "table row: the title has no closing `**|`")
            return
        offset = title_end + 3
        rest = line[offset:]
        body = rest.rstrip(" \t\r")
        trailing = rest[len(body) :]
        if body.endswith("|"):
            body = body[:-1]
        spans, kinds = cell_spans(body, self.columns)
        authors: list[str] = []
        truncated = False
        et_al = g.ET_AL
        link_cell: tuple[str, str, int] | None = None  # text, url, column of the text
        code_url: str | None = None
        code_style = ("**[", "link", ")**", g.NULL_CODE)
        abstract = ""
        abstract_bold = False
        abstract_suffix = ""
        abstract_zh: str | None = None
        others: list[str] = []
        for position, (kind, (start, end)) in enumerate(zip(kinds, spans, strict=False)):
            cell = body[start:end]
            if kind == g.AUTHORS:
                authors, truncated, et_al = split_authors(cell)
            elif kind == g.PDF:
                link_cell = self._link_cell(cell, offset + start)
                if link_cell is None:
                    self._broken(index, line, "table row: the PDF cell is not `[ID](URL)`")
                    return
            elif kind == g.CODE:
                code_url, code_style = self._code(cell, index)
            elif kind == g.ABSTRACT:
                abstract, abstract_bold, abstract_suffix = _abstract(cell, position == 0)
            elif kind == g.ABSTRACT_ZH:
                abstract_zh = repair_mojibake(cell.strip(" \t\r"))
            else:
                others.append(cell)
        if link_cell is None:
            self._broken(index, line, "table row has no PDF cell `[ID](URL)`")
            return
        text, url, text_col = link_cell
        ids = _identify(text, url)
        if ids is None:  # a DOI or PDF row: not an arXiv paper, kept as it is
            self.builder.trivia(index, index + 1)
            return
        arxiv_id, version, link_facts = ids
        published = self._date(head["date"], index)
        paper = trusted_paper(
            arxiv_id=arxiv_id,
            version=version,
            title=repair_mojibake(line[title_start:title_end].strip(" \t")),
            authors=authors,
            authors_truncated=truncated,
            categories=[],
            abstract=abstract,
            link=url,
            title_zh=None,
            abstract_zh=abstract_zh,
            section=self.section,
            published=published,
            code_url=code_url,
            comment=None,
            tldr=None,
            motivation=None,
            method=None,
            result=None,
            conclusion=None,
            path=self.source.path,
            line=index + 1,
            end_line=index + 1,
        )
        key = (
            self.columns,
            len(spans),
            link_facts[0],
            *code_style,
            abstract_bold,
            abstract_suffix,
            et_al,
            tuple(others),
            trailing,
        )
        style = self._styles.get(key)
        if style is None:
            style = RowStyle(
                columns=self.columns,
                cells=len(spans),
                id_versioned=link_facts[0],
                code_before=code_style[0],
                code_label=code_style[1],
                code_after=code_style[2],
                code_empty=code_style[3],
                abstract_bold=abstract_bold,
                abstract_suffix=abstract_suffix,
                et_al=et_al,
                others=tuple(others),
                trailing=trailing,
            )
            self._styles[key] = style
        facts = EntryFacts(
            present=self._present_of(kinds[: len(spans)]),
            id_text=link_facts[1],
            link_id=link_facts[2],
            link_arxiv_id=link_facts[3],
            link_kind=link_facts[4],
            style=style,
        )
        line_no = index + 1
        spans_of = {"title": (line_no, title_start + 1), "arxiv_id": (line_no, text_col + 1)}
        spans_of["link"] = (line_no, text_col + len(text) + 3)
        if spans:
            spans_of["authors"] = (line_no, offset + spans[0][0] + 1)
        self.builder.entry(paper, index, index + 1, facts, spans_of)
        self._saw("row")

    def _present_of(self, kinds: tuple[str, ...]) -> frozenset[str]:
        present = self._present.get(kinds)
        if present is None:
            names = {"title", "published"}
            for kind in kinds:
                if kind == g.PDF:
                    names.update(("link", "arxiv_id"))
                elif kind == g.CODE:
                    names.add("code_url")
                elif kind in (g.AUTHORS, g.ABSTRACT, g.ABSTRACT_ZH):
                    names.add(kind)
            present = frozenset(names)
            self._present[kinds] = present
        return present

    def _link_cell(self, cell: str, column: int) -> tuple[str, str, int] | None:
        """``[ID](URL)`` -> (ID, URL, 0-based column of ID in the line); None otherwise."""
        stripped = cell.strip(" \t")
        if not (stripped.startswith("[") and stripped.endswith(")")):
            return None
        middle = stripped.find("](")
        if middle < 0 or "]" in stripped[1:middle] or ")" in stripped[middle + 2 : -1]:
            return None
        return stripped[1:middle], stripped[middle + 2 : -1], column + cell.find("[") + 1

    def _code(self, cell: str, index: int) -> tuple[str | None, tuple[str, str, str, str]]:
        text = cell.strip(" \t")
        if text == g.NULL_CODE or not text:
            return None, ("**[", "link", ")**", text)
        match = g.LINK_CELL.fullmatch(text)
        if match is not None:
            before, after = match["before"], match["after"]
            return match["url"], (before + "[", match["text"], ")" + after, g.NULL_CODE)
        if text.startswith(("http://", "https://")) and " " not in text:
            return text, ("", "", "", g.NULL_CODE)
        self.builder.problem("DP103", f"code cell {text[:60]!r} is neither `null` nor a link", index)
        return None, ("**[", "link", ")**", g.NULL_CODE)

    # ----------------------------------------------------------------- list items

    def _item(self, index: int, line: str) -> int:
        """``- **date** **title** [id](url)`` and its ``  > summary`` line; lines taken."""
        head = g.ITEM_HEAD.match(line)
        if head is None:
            self.builder.trivia(index, index + 1)
            return 1
        body = line.rstrip(" \t\r")
        link_open = body.rfind(g.ITEM_LINK_OPEN)
        if link_open < head.end() or not body.endswith(")"):
            self._broken(index, line, "list entry is not `- **YYYY-MM-DD** **Title** [ID](URL)`")
            return 1
        link_cell = self._link_cell(body[link_open + 3 :], link_open + 3)
        ids = _identify(*link_cell[:2]) if link_cell is not None else None
        if link_cell is None or ids is None:
            self._broken(index, line, "list entry: `[ID](URL)` is not an arXiv link")
            return 1
        text, url, text_col = link_cell
        arxiv_id, version, link_facts = ids
        following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        has_summary = following.startswith(g.SUMMARY_PREFIX)
        summary = repair_mojibake(following[4:].strip(" \t\r")) if has_summary else ""
        end = index + 2 if has_summary else index + 1
        paper = trusted_paper(
            arxiv_id=arxiv_id,
            version=version,
            title=repair_mojibake(line[head.end() : link_open].strip(" \t")),
            authors=[],
            authors_truncated=False,
            categories=[],
            abstract=summary,
            link=url,
            title_zh=None,
            abstract_zh=None,
            section=self.section,
            published=self._date(head["date"], index),
            code_url=None,
            comment=None,
            tldr=None,
            motivation=None,
            method=None,
            result=None,
            conclusion=None,
            path=self.source.path,
            line=index + 1,
            end_line=end,
        )
        present = {"title", "published", "link", "arxiv_id"} | ({"abstract"} if has_summary else set())
        facts = EntryFacts(
            present=frozenset(present),
            id_text=link_facts[1],
            link_id=link_facts[2],
            link_arxiv_id=link_facts[3],
            link_kind=link_facts[4],
            style=ItemStyle(id_versioned=link_facts[0], summary=has_summary),
        )
        spans_of = {
            "title": (index + 1, head.end() + 1),
            "arxiv_id": (index + 1, text_col + 1),
            "link": (index + 1, text_col + len(text) + 3),
        }
        if has_summary:
            spans_of["abstract"] = (index + 2, 5)
        self.builder.entry(paper, index, end, facts, spans_of)
        self._saw("item")
        return end - index

    def _saw(self, kind: str) -> None:
        if self.kinds_seen is None:
            self.kinds_seen = kind
            self.builder.separator = "\n" if kind == "item" else ""


# (versioned text, id_text, link_id, link_arxiv_id, link_kind)
LinkFacts = tuple[bool, "str | None", "str | None", "str | None", "str | None"]


def _identify(text: str, url: str) -> tuple[ArxivId | None, int | None, LinkFacts] | None:
    """The paper's identifier from the link text and URL; None when neither is arXiv's.

    The text is what the row prints (``2110.14789v1``); the URL's identifier is compared with it
    by the checker (DP201). A text that is a label (``PDF``) is not an identifier.
    """
    link = parse_link(url)
    text = text.strip()
    if link is not None and link.raw_id == text:  # the usual case: one parse, not two
        facts: LinkFacts = (link.version is not None, text, link.raw_id, link.arxiv_id, link.kind)
        return link.arxiv_id, link.version, facts
    text_id: ArxivId | None = None
    text_version: int | None = None
    looks_like_id = any(ch.isdigit() for ch in text)
    if looks_like_id:
        try:
            text_id, text_version = ArxivId.parse(text)
        except InvalidArxivIdError:
            text_id = None
    if link is None:
        if text_id is None:
            return None
        return text_id, text_version, (text_version is not None, text, None, None, None)
    arxiv_id = text_id if text_id is not None else (None if looks_like_id else link.arxiv_id)
    version = text_version if text_version is not None else link.version
    facts = (
        text_version is not None,
        text if looks_like_id else None,
        link.raw_id,
        link.arxiv_id,
        link.kind,
    )
    return arxiv_id, version, facts


def _abstract(cell: str, replaces_authors: bool) -> tuple[str, bool, str]:
    """An Abstract cell: (text, written bold, `` et.al.`` the generator appended)."""
    text = cell.strip(" \t\r")
    suffix = ""
    if replaces_authors and text.endswith(g.ET_AL):
        text, suffix = text[: -len(g.ET_AL)], g.ET_AL
    bold = len(text) >= 4 and text.startswith(g.BOLD) and text.endswith(g.BOLD)
    if bold:
        text = text[2:-2]
    return repair_mojibake(text), bold, suffix
