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
first ``**|`` after it (titles hold ``|`` and ``*``). The generator's own five-cell rows are
read in runs, one ``FAST_ROW`` match per row (C cuts the cells); any other row is cut by
``str.find`` in :mod:`.cells`, cell by cell as its table's header says. Everything else (front
matter, badges, table of contents, header and alignment rows, back-to-top links, a fork's notes
and abstract sections) is trivia, written back as it was. A row that has the shape of an entry
and an arXiv link but cannot be read is a DP101 problem and trivia; a row whose link is not
arXiv's (a DOI) is trivia.
"""

from __future__ import annotations

import datetime
from typing import Any

from ..._source import Source
from ...arxiv import ArxivId
from ...models import Digest, trusted_paper
from ...normalize.mojibake import repair_mojibake
from .._builder import LayoutBuilder
from ..layout import EntryFacts
from . import grammar as g
from .cells import (
    NULL_CODE_STYLE,
    CodeStyle,
    Identity,
    RowCells,
    free_after,
    general_cells,
    identify,
    link_cell,
    mentions_arxiv,
    split_authors,
)
from .style import ItemStyle, RowStyle

_ITEM_PRESENT = frozenset({"title", "published", "link", "arxiv_id"})
_ITEM_STYLES = {(v, s): ItemStyle(id_versioned=v, summary=s) for v in (False, True) for s in (False, True)}
_HEADER_OPENERS = frozenset("U> C")  # Updated on, > Updated on, " Automated deployment", Current …


def read(source: Source, *, fast: bool = True) -> Digest:
    """Read a paper-table digest; never raises for content, records problems instead.

    ``fast=False`` reads every row through the general cut (the tests compare both ways).
    """
    reader = _Reader(source, fast)
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


class _Reader:
    """One pass over the lines; state: the current topic, its columns, the header fields."""

    def __init__(self, source: Source, fast: bool) -> None:
        self.source = source
        self.lines = source.lines
        self.builder = LayoutBuilder(source, separator="")
        self.fields: dict[str, Any] = {}
        self.section: str | None = None
        self.use_fast = fast
        self.columns: tuple[str, ...] = g.DEFAULT_COLUMNS
        self.follows: tuple[bool, ...] = free_after(g.DEFAULT_COLUMNS)
        self.fast = fast  # the current table starts with the generator's columns
        self.kind_seen: str | None = None  # "row" or "item": decides the entry separator
        self._dates: dict[str, datetime.date | None] = {}
        self._styles: dict[tuple[Any, ...], RowStyle] = {}
        self._facts: dict[tuple[Any, ...], EntryFacts] = {}
        self._fast_facts: dict[tuple[Any, ...], EntryFacts] = {}
        self._present: dict[tuple[str, ...], frozenset[str]] = {}

    def _set_columns(self, columns: tuple[str, ...]) -> None:
        self.columns = columns
        self.follows = free_after(columns)
        self.fast = self.use_fast and columns[:3] == g.DEFAULT_COLUMNS

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
                    if self.fast:
                        taken = self._fast_rows(index)
                        if taken > index:
                            index = taken
                            continue
                    self._row(index, line)
                else:
                    columns = g.header_columns(line)
                    if columns is not None:
                        self._set_columns(columns)
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
        elif g.UPDATED.fullmatch(line) is None:  # a second `Updated on` heading names no topic
            heading = g.SECTION_HEADING.fullmatch(line)
            if heading is not None:
                self.section = repair_mojibake(heading["name"])
                self._set_columns(g.DEFAULT_COLUMNS)
        self.builder.trivia(index, index + 1)

    def _header_line(self, index: int, line: str) -> bool:
        """The digest's date (``Updated on``) or keyword line; False for any other line."""
        if "date" not in self.fields:
            match = g.UPDATED.fullmatch(line) or g.DEPLOYED.fullmatch(line)
            if match is not None:
                try:
                    value = datetime.date.fromisoformat(match["date"].replace(".", "-"))
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

    def _broken(self, index: int, line: str, why: str) -> None:
        """An entry-shaped line that is not a paper: a problem when it links arXiv, else trivia."""
        if mentions_arxiv(line):
            self.builder.problem("DP101", why, index)
        self.builder.trivia(index, index + 1)

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

    def _fast_rows(self, index: int) -> int:
        """Read the run of the generator's own rows that starts at ``index``; the index after it.

        Each row is one ``FAST_ROW`` match (C cuts the cells) and a few string tests; the first
        row that does not match, or whose cells need more than those tests (an author list that
        does not end in `` et.al.``, a code cell that is neither ``null`` nor a link), ends the
        run and is read by :meth:`_row`. What a row gives is exactly what the general cut gives
        (the tests compare both on every corpus row); rows of one table share their facts,
        looked up by the few things in which such rows can differ.
        """
        lines = self.lines
        count = len(lines)
        fullmatch = g.FAST_ROW.fullmatch
        link_match = g.LINK_CELL.fullmatch
        entry = self.builder.entry
        dates = self._dates
        facts_of = self._fast_facts
        columns_key = id(self.columns)  # interned per header, as in _style
        section = self.section
        path = self.source.path
        et_al = g.ET_AL
        cut = -len(et_al)
        null = g.NULL_CODE
        start = index
        while index < count:
            match = fullmatch(lines[index])
            if match is None:
                break
            date, title, authors_cell, text, ident, version, url, kind, code_cell, trailing = match.groups()
            code_url: str | None
            if code_cell == null:
                code_url = None
                code_style = NULL_CODE_STYLE
            else:
                code = link_match(code_cell)
                if code is None:
                    break
                before, label, code_url, after = code.groups()
                code_style = (before + "[", label, ")" + after, null)
            if (
                authors_cell.endswith(et_al)
                and "," not in authors_cell
                and authors_cell.isascii()  # else its mojibake is repaired first
                and authors_cell[:1] not in " \t\r"
            ):
                name = authors_cell[:cut].rstrip()
                authors, truncated = ([name] if name else []), True
            else:
                authors, truncated, mark = split_authors(authors_cell)
                if mark != et_al:
                    break
            published = dates[date] if date in dates else self._date(date, index)
            key = (columns_key, version is not None, code_style, trailing, kind)
            facts = facts_of.get(key)
            if facts is None:
                facts = facts_of[key] = self._fast_row_facts(version is not None, code_style, trailing, kind)
            line_no = index + 1
            # |**date**|**title**|authors|[id](url)|code|: the columns follow from the lengths
            title_col = len(date) + 9
            authors_col = title_col + len(title) + 3
            id_col = authors_col + len(authors_cell) + 2
            title = title.strip(" \t")
            paper = trusted_paper(
                arxiv_id=str.__new__(ArxivId, ident),
                version=int(version) if version else None,
                title=title if title.isascii() else repair_mojibake(title),
                authors=authors,
                authors_truncated=truncated,
                categories=[],
                abstract="",
                link=url,
                title_zh=None,
                abstract_zh=None,
                section=section,
                published=published,
                code_url=code_url,
                comment=None,
                tldr=None,
                motivation=None,
                method=None,
                result=None,
                conclusion=None,
                path=path,
                line=line_no,
                end_line=line_no,
            )
            spans = {
                "title": (line_no, title_col),
                "arxiv_id": (line_no, id_col),
                "link": (line_no, id_col + len(text) + 2),
                "authors": (line_no, authors_col),
            }
            entry(paper, index, line_no, facts, spans)
            index = line_no
        if index > start and self.kind_seen is None:
            self._saw("row")
        return index

    def _fast_row_facts(self, versioned: bool, code_style: CodeStyle, trailing: str, kind: str) -> EntryFacts:
        """The facts of a fast row: the general path's for the same row, shared."""
        style = self._style(len(g.DEFAULT_COLUMNS), versioned, code_style, False, "", g.ET_AL, (), trailing)
        identity = Identity(None, None, versioned, kind, None)  # only its kind and check are read
        return self._entry_facts(self._present_of(g.DEFAULT_COLUMNS), identity, style)

    def _row(self, index: int, line: str) -> None:
        """One row through the general cut (any column set, any cell)."""
        head = g.ROW_HEAD.match(line)
        if head is None or not line.startswith(g.TITLE_OPEN, head.end()):
            self._broken(index, line, "table row has no `|**YYYY-MM-DD**|**Title**|` cells")
            return
        title_start = head.end() + 2
        title_end = line.find(g.TITLE_CLOSE, title_start)
        if title_end < 0:
            self._broken(index, line, "table row: the title has no closing `**|`")
            return
        cells = general_cells(line, title_end + 3, self.columns, self.follows)
        if cells is None:  # a DOI or PDF row: not an arXiv paper, kept as it is
            self.builder.trivia(index, index + 1)
            return
        if isinstance(cells, str):
            self._broken(index, line, cells)
            return
        for note in cells.notes:
            self.builder.problem("DP103", note, index)
        title = line[title_start:title_end].strip(" \t")
        identity = cells.identity
        paper = trusted_paper(
            arxiv_id=identity.arxiv_id,
            version=identity.version,
            title=title if title.isascii() else repair_mojibake(title),
            authors=cells.authors,
            authors_truncated=cells.truncated,
            categories=[],
            abstract=cells.abstract,
            link=cells.url,
            title_zh=None,
            abstract_zh=cells.abstract_zh,
            section=self.section,
            published=self._date(head["date"], index),
            code_url=cells.code_url,
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
        line_no = index + 1
        spans = {
            "title": (line_no, title_start + 1),
            "arxiv_id": (line_no, cells.id_col + 1),
            "link": (line_no, cells.id_col + len(cells.id_text) + 3),
        }
        if cells.kinds and cells.kinds[0] in (g.AUTHORS, g.ABSTRACT):
            spans[cells.kinds[0]] = (line_no, title_end + 4)
        self.builder.entry(paper, index, index + 1, self._row_facts(cells), spans)
        if self.kind_seen is None:
            self._saw("row")

    def _row_facts(self, cells: RowCells) -> EntryFacts:
        """The row's facts: one shared object per style unless the link needs checking."""
        style = self._style(
            len(cells.kinds),
            cells.identity.versioned,
            cells.code_style,
            cells.abstract_bold,
            cells.abstract_suffix,
            cells.et_al,
            cells.others,
            cells.trailing,
        )
        return self._entry_facts(self._present_of(cells.kinds), cells.identity, style)

    def _style(
        self,
        cells: int,
        versioned: bool,
        code_style: CodeStyle,
        abstract_bold: bool,
        abstract_suffix: str,
        et_al: str,
        others: tuple[str, ...],
        trailing: str,
    ) -> RowStyle:
        """The row style of the current table with these cells: one shared object per style."""
        key = (
            id(self.columns),  # the current header's tuple: hashed by identity, not per column
            cells,
            versioned,
            code_style,
            abstract_bold,
            abstract_suffix,
            et_al,
            others,
            trailing,
        )
        style = self._styles.get(key)
        if style is None:
            code_before, code_label, code_after, code_empty = code_style
            style = RowStyle(
                columns=self.columns,
                cells=cells,
                id_versioned=versioned,
                code_before=code_before,
                code_label=code_label,
                code_after=code_after,
                code_empty=code_empty,
                abstract_bold=abstract_bold,
                abstract_suffix=abstract_suffix,
                et_al=et_al,
                others=others,
                trailing=trailing,
            )
            self._styles[key] = style
        return style

    def _entry_facts(self, present: frozenset[str], identity: Identity, style: object) -> EntryFacts:
        if identity.check is not None:
            text, link_id, link_arxiv_id = identity.check
            return EntryFacts(present, text, link_id, link_arxiv_id, identity.kind, style)
        key = (present, identity.kind, id(style))  # styles are interned: identity is equality
        facts = self._facts.get(key)
        if facts is None:
            facts = EntryFacts(present=present, link_kind=identity.kind, style=style)
            self._facts[key] = facts
        return facts

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
        link = link_cell(body[link_open + 3 :], link_open + 3)
        identity = identify(*link[:2]) if link is not None else None
        if link is None or identity is None:
            self._broken(index, line, "list entry: `[ID](URL)` is not an arXiv link")
            return 1
        text, url, id_col = link
        following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        has_summary = following.startswith(g.SUMMARY_PREFIX)
        summary = repair_mojibake(following[4:].strip(" \t\r")) if has_summary else ""
        end = index + 2 if has_summary else index + 1
        paper = trusted_paper(
            arxiv_id=identity.arxiv_id,
            version=identity.version,
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
        present = frozenset(
            {"title", "published", "link", "arxiv_id"} | ({"abstract"} if has_summary else set())
        )
        style = _ITEM_STYLES[identity.versioned, has_summary]
        spans = {
            "title": (index + 1, head.end() + 1),
            "arxiv_id": (index + 1, id_col + 1),
            "link": (index + 1, id_col + len(text) + 3),
        }
        if has_summary:
            spans["abstract"] = (index + 2, 5)
        self.builder.entry(paper, index, end, self._entry_facts(present, identity, style), spans)
        self._saw("item")
        return end - index

    def _saw(self, kind: str) -> None:
        if self.kind_seen is None:
            self.kind_seen = kind
            self.builder.separator = "\n" if kind == "item" else ""
