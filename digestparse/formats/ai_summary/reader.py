"""Reader for the ai-summary format (dw-dengwei/daily-arXiv-ai-enhanced and its forks).

Grammar (see ``docs/formats/ai-summary.md``; ``␠`` is a space that is part of the syntax)::

    digest   := [title] [toc] (section | entry | trivia)*
    title    := "# " TEXT [" " YYYY-MM-DD]                     (e.g. AI-Enhanced arXiv Daily …)
    toc      := "<div id=toc></div>" "# Table of Contents" ("- [" S "](#" S ") [Total: " N "]")*
              | "## 今日总计: " N " 篇论文" "### 目录" ("- [" S "](#" A ") (" N " 篇)")*
    section  := "<div id='" S "'></div>" "# " S " [[Back]](#toc)"   |   "<a id='" A "'></a>" "## " S
    entry    := "### [" N "] [" TITLE "](" URL ")"   |   "### [" TITLE "](" URL ")"
                ["> *" TITLE_ZH "*"]
                "*" AUTHOR ("," AUTHOR)* "*" [" | **Category: " CAT (", " CAT)* "**"]   ("**": none)
                (LABEL VALUE | "<details>" | "<summary>" TEXT "</summary>")*
                ["</details>"]
    LABEL    := ["> "] ["- "] ["**"] NAME ["**"] (":" | "：") ["**"] "␠"
    VALUE    := text over any number of lines, up to the next label, structure line or the end

A label starts a field only where a template puts one: its name is in the label table
(:data:`.grammar.LABELS`) and it comes later in the template order (:data:`.grammar.ORDER`)
than the field being read, once per entry. So an abstract line beginning with ``Conclusion:``
(the abstract is last) and a label an LLM repeats inside its own field stay text. An entry with
a ``<details>`` block ends at its ``</details>`` line; one without ends at its last text line
before the next entry or section. An entry whose URL is not an arXiv link (a DOI, a PubMed
page) is no paper: it is kept, line for line, as trivia, as are broken entries (with a problem).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..._lines import is_blank
from ..._source import Source
from ...arxiv import ArxivLink, parse_link
from ...models import Digest, trusted_paper
from ...normalize.mojibake import repair_mojibake
from .._builder import LayoutBuilder
from ..layout import EntryFacts, HeaderField, Layout, Span
from . import grammar as g

FORMAT_NAME = "ai-summary"
_WHITESPACE = " \t\r\n"


@dataclass(frozen=True, slots=True)
class AiStyle:
    """How one entry was written, for rendering it again after an edit.

    ``slots`` are the places of the values in the entry's raw text (name, start, end): every
    other character of the raw text is the template's, so filling the slots with the current
    values writes the entry as its generator did, extra labels (``Relevance:``, ``来源:`` …)
    included. Extra labels are slots named ``x:<key>``: their text is kept as it is.
    """

    number: int | None
    slots: tuple[tuple[str, int, int], ...]
    author_separator: str
    section: str | None


@dataclass(slots=True)
class AiLayout(Layout):
    """The layout with the facts about the whole file the writer needs."""

    max_number: int = 0


def read(source: Source) -> Digest:
    """Read an ai-summary digest; never raises for content, records problems instead."""
    return _Reader(source).run()


class _Reader:
    """One pass over the lines: header furniture, sections and entries, in file order."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.lines = source.lines
        self.count = len(source.lines)
        self.builder = LayoutBuilder(source, separator="\n\n")
        self.section: str | None = None
        self.title: str | None = None
        self.title_date: datetime.date | None = None
        self.declared: dict[str, int] = {}
        self.heads: Counter[str | None] = Counter()  # entry heads per section, papers or not
        self.max_number = 0
        self.had_details = False
        self.entries_started = False

    def run(self) -> Digest:
        lines = self.lines
        index = 0
        previous = ""  # the last non-blank line before ``index``
        while index < self.count:
            line = lines[index]
            if line.startswith(g.HEAD_PREFIX):
                index += self._entry(index)
                previous = "### "
                continue
            if not self._header_line(index, line, previous):
                self._section_line(line, previous)
                self.builder.trivia(index, index + 1)
            if not is_blank(line):
                previous = line
            index += 1
        return self._digest()

    # -------------------------------------------------------------------- furniture

    def _header_line(self, index: int, line: str, previous: str) -> bool:
        """A title, ToC count or day total before the first entry becomes a header field."""
        if self.entries_started or not line:
            return False
        builder = self.builder
        if line[0] == "-":
            match = g.TOC_TOTAL.fullmatch(line) or g.TOC_PIECES.fullmatch(line)
            if match is None or match["name"] in self.declared:
                return False
            self.declared[match["name"]] = int(match["count"])
            builder.header_field("count:" + match["name"], index, (int(match["count"]), 0))
            return True
        if line.startswith("## "):
            total = g.DAY_TOTAL.fullmatch(line)
            if total is None or "total" in builder.header_names:
                return False
            builder.header_field("total", index, (int(total["count"]), 0))
            return True
        if line.startswith("# ") and not previous and self.title is None:
            match = g.TITLE.fullmatch(line)
            if match is None or line.rstrip() == g.TOC_TITLE or g.SECTION_BACK.fullmatch(line):
                return False
            self.title = repair_mojibake(match["text"])
            self.title_date = _date(g.TITLE_DATE.search(self.title))
            builder.header_field("header", index, (self.title, self.title_date))
            return True
        return False

    def _section_line(self, line: str, previous: str) -> None:
        if line.startswith("# "):
            match = g.SECTION_BACK.fullmatch(line)
            if match is not None:
                self.section = repair_mojibake(match["name"].strip())
        elif line.startswith("## ") and g.SECTION_ANCHOR.fullmatch(previous):
            match = g.SECTION_H2.fullmatch(line)
            if match is not None:
                self.section = repair_mojibake(match["name"].strip())

    def _digest(self) -> Digest:
        base = self.builder.finish()
        layout = AiLayout(
            base.pieces,
            base.entries,
            _separator(base),
            ends_with_newline=base.ends_with_newline,
            bom=base.bom,
            newline=base.newline,
            max_number=self.max_number,
        )
        for piece in layout.pieces:  # the counts' second half: the entries they counted
            if isinstance(piece, HeaderField) and piece.name.startswith("count:"):
                piece.value = (piece.value[0], self.heads[piece.name[len("count:") :]])
            elif isinstance(piece, HeaderField) and piece.name == "total":
                piece.value = (piece.value[0], sum(self.heads.values()))
        digest = Digest.model_construct(
            format=FORMAT_NAME,
            path=self.source.path,
            date=self.title_date or _path_date(self.source.path),
            title=self.title,
            topic=None,
            badge_count=None,
            keywords=[],
            filter=[],
            declared_counts=dict(self.declared),
            papers=self.builder.papers,
            problems=self.builder.problems,
        )
        digest._layout = layout
        return digest

    # ---------------------------------------------------------------------- entries

    def _entry(self, index: int) -> int:
        """Read the entry whose head is at ``index``; return how many lines it took."""
        self.entries_started = True
        head = self.lines[index]
        parts = g.parse_head(head)
        end, shape = self._entry_end(index)
        builder = self.builder
        if parts is None:
            if "arxiv.org/" in head or (index + 1 < self.count and g.is_author_line(self.lines[index + 1])):
                builder.problem("DP101", "entry head is not `### [N] [Title](URL)`", index, end=end)
            builder.trivia(index, end)
            return end - index
        number = parts[0]
        self.heads[self.section] += 1
        if number is not None and number > self.max_number:
            self.max_number = number
        link = parse_link(head[parts[3] : parts[4]])
        if link is None:  # a DOI, PubMed or publisher page: an entry, but not an arXiv paper
            builder.trivia(index, end)
            return end - index
        if shape == "open":
            at_end = end >= self._last()
            message = (
                "truncated entry: the file ends before its `</details>`"
                if at_end
                else "malformed entry: the next entry starts before this one's `</details>`"
            )
            builder.problem("DP102" if at_end else "DP101", message, index, end=end)
            builder.trivia(index, end)
            return end - index
        if shape == "plain" and self.had_details and end >= self._last():
            builder.problem(
                "DP102", "truncated entry: the file ends before its `<details>` block", index, end=end
            )
            builder.trivia(index, end)
            return end - index
        if shape == "closed":
            self.had_details = True
        _EntryParser(self, index, end, parts, link).parse(closed=shape == "closed")
        return end - index

    def _last(self) -> int:
        """The index after the last real line (the phantom line after a final newline excluded)."""
        return self.count - 1 if self.count and self.lines[-1] == "" else self.count

    def _entry_end(self, index: int) -> tuple[int, str]:
        """Where the entry at ``index`` ends (exclusive) and how: ``closed`` by ``</details>``,
        ``open`` (a ``<details>`` never closed) or ``plain`` (a template without one)."""
        lines = self.lines
        count = self.count
        at = index + 1
        opened = False
        while at < count:
            line = lines[at]
            first = line[:1]
            if first == "#":
                if line.startswith(g.HEAD_PREFIX) and g.parse_head(line) is not None:
                    break
                if not opened and g.SECTION_BACK.fullmatch(line):
                    break
            elif first == "<" or (first == " " and line.lstrip(" \t").startswith("<")):
                tag = line.strip(" \t\r")
                if opened:
                    if tag == g.DETAILS_CLOSE:
                        return at + 1, "closed"
                elif tag in g.DETAILS_OPEN:
                    opened = True
                elif g.SECTION_DIV.fullmatch(tag) or g.SECTION_ANCHOR.fullmatch(tag):
                    break
            at += 1
        while at > index + 1 and is_blank(lines[at - 1]):
            at -= 1
        return at, "open" if opened else "plain"


class _EntryParser:
    """The fields of one entry whose extent is known: head, author line, labelled fields."""

    def __init__(
        self,
        reader: _Reader,
        index: int,
        end: int,
        head: tuple[int | None, int, int, int, int],
        link: ArxivLink,
    ) -> None:
        self.reader = reader
        self.lines = reader.lines
        self.index = index
        self.end = end
        self.head = head
        self.link = link
        self.raw = "\n".join(self.lines[index:end]) + ("\n" if end < reader.count else "")
        self.slots: list[tuple[str, int, int]] = []
        self.fields: dict[str, tuple[int, int]] = {}
        self.spans: dict[str, Span] = {}

    def parse(self, closed: bool) -> None:
        lines = self.lines
        index, end = self.index, self.end
        number, title_start, title_end, url_start, url_end = self.head
        if number is not None:
            self.slots.append(("number", len(g.HEAD_PREFIX), len(g.HEAD_PREFIX) + len(str(number))))
        self.slots.append(("title", *self._trim(title_start, title_end)))
        self.slots.append(("link", url_start, url_end))
        self.spans.update(
            title=(index + 1, title_start + 1),
            link=(index + 1, url_start + 1),
            arxiv_id=(index + 1, url_start + 1),
        )
        at = index + 1
        offset = len(lines[index]) + 1
        title_zh = None
        if at < end and lines[at].startswith("> *"):
            match = g.TITLE_ZH.fullmatch(lines[at])
            if match is not None:
                start, stop = self._trim(offset + 3, offset + match.end("text"))
                title_zh = repair_mojibake(self.raw[start:stop])
                self.slots.append(("title_zh", start, stop))
                self.spans["title_zh"] = (at + 1, 4)
                offset += len(lines[at]) + 1
                at += 1
        probe = at  # blank lines before the author line (some templates put one there)
        while probe < end and probe - at < 2 and is_blank(lines[probe]):
            probe += 1
        if probe != at and probe < end and g.is_author_line(lines[probe]):
            offset += sum(len(line) + 1 for line in lines[at:probe])
            at = probe
        authors: list[str] = []
        separator = ","
        categories: list[str] | None = None
        has_authors = at < end and g.is_author_line(lines[at])
        if has_authors:
            authors, separator, categories = self._author_line(at, offset)
            offset += len(lines[at]) + 1
            at += 1
        else:
            self.reader.builder.problem(
                "DP105", "entry has no author line `*Name,Name*`", at if at < end else index
            )
        body_end = end - 1 if closed else end
        self._body(at, body_end, offset)
        self._finish(title_zh, authors, separator, categories, has_authors)

    def _author_line(self, at: int, offset: int) -> tuple[list[str], str, list[str] | None]:
        line = self.lines[at]
        categories = None
        match = g.AUTHORS_WITH_CATEGORIES.fullmatch(line)
        if match is not None:
            inner_start, inner_end = match.span("authors")
            cats_start, cats_end = self._trim(offset + match.start("cats"), offset + match.end("cats"))
            self.slots.append(("authors", offset + inner_start, offset + inner_end))
            self.slots.append(("category_list", cats_start, cats_end))
            categories = [c.strip() for c in self.raw[cats_start:cats_end].split(",") if c.strip()]
            self.spans["categories"] = (at + 1, match.start("cats") + 1)
        else:
            inner_start, inner_end = 1, len(line.rstrip(" \t\r")) - 1
            self.slots.append(("authors", offset + inner_start, offset + inner_end))
        self.spans["authors"] = (at + 1, inner_start + 1)
        inner = repair_mojibake(line[inner_start:inner_end])
        separator = ", " if ", " in inner else ","
        names = [name.strip() for name in inner.split(",")]
        return [name for name in names if name], separator, categories

    def _body(self, at: int, end: int, offset: int) -> None:
        """The labelled fields between the author line and ``</details>`` (or the entry's end)."""
        lines = self.lines
        current: str | None = None
        start = 0
        rank = -1
        opened = summarised = False
        implicit_abstract = False
        stray = False
        while at < end:
            line = lines[at]
            line_offset = offset
            offset += len(line) + 1
            first = line[:1]
            if first == "<" or (first == " " and not summarised and opened):
                tag = line.strip(" \t\r")
                if not opened and tag in g.DETAILS_OPEN:
                    self._close(current, start, line_offset)
                    current, opened = None, True
                    at += 1
                    continue
                if opened and not summarised:
                    summary = g.SUMMARY.fullmatch(line)
                    if summary is not None:
                        self._close(current, start, line_offset)
                        current, summarised = None, True
                        implicit_abstract = summary["text"].strip().casefold() in g.SUMMARY_ABSTRACT
                        at += 1
                        continue
            if first in g.LABEL_STARTS:
                match = g.LABEL.match(line)
                if match is not None:
                    key = g.label_key(match["name"])
                    if key is not None and g.RANK[key] > rank:
                        self._close(current, start, line_offset)
                        current, start, rank = key, line_offset + match.end(), g.RANK[key]
                        self.spans[_span_name(key)] = (at + 1, match.end() + 1)
                        implicit_abstract = False
                        at += 1
                        continue
            if implicit_abstract and not is_blank(line) and "abstract" not in self.fields:
                self._close(current, start, line_offset)
                current, start, rank = "abstract", line_offset, g.RANK["abstract"]
                self.spans["abstract"] = (at + 1, 1)
                implicit_abstract = False
            elif current is None and not stray and not is_blank(line):
                stray = True
                self.reader.builder.problem("DP103", "text outside any field of the entry", at)
            at += 1
        self._close(current, start, offset)

    def _close(self, key: str | None, start: int, stop: int) -> None:
        if key is None:
            return
        start, stop = self._trim(start, stop)
        self.fields[key] = (start, stop)
        self.slots.append((_span_name(key), start, stop))

    def _trim(self, start: int, stop: int) -> tuple[int, int]:
        raw = self.raw
        while start < stop and raw[start] in _WHITESPACE:
            start += 1
        while stop > start and raw[stop - 1] in _WHITESPACE:
            stop -= 1
        return start, stop

    def _text(self, key: str) -> str | None:
        place = self.fields.get(key)
        if place is None:
            return None
        text = self.raw[place[0] : place[1]]
        if text[:1] == "{" and g.PLACEHOLDER.fullmatch(text):
            return ""  # an unfilled template field such as `{tldr}`
        return repair_mojibake(text)

    def _finish(
        self,
        title_zh: str | None,
        authors: list[str],
        separator: str,
        categories: list[str] | None,
        has_authors: bool,
    ) -> None:
        reader = self.reader
        link = self.link
        _number, title_start, title_end, url_start, url_end = self.head
        head = self.lines[self.index]
        if categories is None:
            main = self._text("categories")
            categories = [main] if main else []
        abstract = self._text("abstract")
        paper = trusted_paper(
            arxiv_id=link.arxiv_id,
            version=link.version,
            title=repair_mojibake(head[title_start:title_end].strip()),
            authors=authors,
            authors_truncated=False,
            categories=categories,
            abstract=abstract or "",
            link=head[url_start:url_end],
            title_zh=title_zh,
            abstract_zh=self._text("abstract_zh"),
            section=reader.section,
            published=None,
            code_url=None,
            comment=self._text("comment"),
            tldr=self._text("tldr"),
            motivation=self._text("motivation"),
            method=self._text("method"),
            result=self._text("result"),
            conclusion=self._text("conclusion"),
            path=reader.source.path,
            line=self.index + 1,
            end_line=self.end,
        )
        present = {"title", "link", *(k for k in self.fields if _span_name(k) == k)}
        if has_authors:
            present.add("authors")
        if title_zh is not None:
            present.add("title_zh")
        if "category_list" in (s[0] for s in self.slots):
            present.add("categories")
        self.slots.sort(key=lambda slot: slot[1])
        facts = EntryFacts(
            present=frozenset(present),
            link_id=link.raw_id,
            link_arxiv_id=link.arxiv_id,
            link_kind=link.kind,
            style=AiStyle(_number, tuple(self.slots), separator, reader.section),
        )
        reader.builder.entry(paper, self.index, self.end, facts, self.spans)


def _span_name(key: str) -> str:
    return key if key in g.PAPER_TEXT_FIELDS or key == "categories" else "x:" + key


def _separator(layout: Layout) -> str:
    """What stands between two entries of one section (the generator joins them with it)."""
    from ...models import Paper

    pieces = layout.pieces
    for at in range(len(pieces) - 2):
        first, between, second = pieces[at], pieces[at + 1], pieces[at + 2]
        if isinstance(first, Paper) and isinstance(between, str) and isinstance(second, Paper):
            one, two = layout.entries[id(first)].facts.style, layout.entries[id(second)].facts.style
            if isinstance(one, AiStyle) and isinstance(two, AiStyle) and one.section == two.section:
                return between
    return "\n\n"


def _date(match: Any) -> datetime.date | None:
    if match is None:
        return None
    try:
        return datetime.date.fromisoformat(match["date"])
    except ValueError:
        return None


def _path_date(path: str | None) -> datetime.date | None:
    """``data/2025-06-26.md`` -> 2025-06-26 (the generator names each day's file so)."""
    if not path:
        return None
    return _date(g.PATH_DATE.search(path))
