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
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

from ..._lines import is_blank
from ..._source import Source
from ...arxiv import ArxivLink, parse_link
from ...models import Digest, trusted_paper
from ...normalize.mojibake import may_hold_mojibake, repair_mojibake
from .._builder import LayoutBuilder
from ..layout import EntryFacts, HeaderField, Layout, Span
from . import grammar as g

FORMAT_NAME = "ai-summary"
# Read usual entries with `_Reader._usual_entry` and bodies with a shape's pattern; off, every
# entry is read line by line (the tests switch it off to compare the two over the corpus).
FAST_PATH = True
_WHITESPACE = " \t\r\n"


class AiStyle(NamedTuple):
    """How one entry was written, for rendering it again after an edit.

    :attr:`slots` are the places of the values in the entry's raw text (name, start, end):
    every other character of the raw text is the template's, so filling the slots with the
    current values writes the entry as its generator did, extra labels (``Relevance:``,
    ``来源:`` …) included. Extra labels are slots named ``x:<key>``: their text is kept as it
    is. They are kept as the slot names (one tuple shared by the entries of one template) and
    one flat tuple of offsets: two objects per entry instead of one tuple per slot, which the
    garbage collector would scan again and again. (A named tuple rather than a frozen
    dataclass: one is made per entry, and it is built faster.)
    """

    number: int | None
    names: tuple[str, ...]  # the slots' names, in text order
    bounds: tuple[int, ...]  # start and end of each slot in the raw text: 2 * len(names) offsets
    author_separator: str
    section: str | None

    @property
    def slots(self) -> tuple[tuple[str, int, int], ...]:
        """(name, start, end) of each slot, in text order."""
        bounds = self.bounds
        return tuple(zip(self.names, bounds[0::2], bounds[1::2], strict=True))


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
        self.shape: Shape | None = None  # the body of the file's first one-line-field entry
        self.entries_started = False
        # slot names and fields present: one shared object for the entries that have the same
        self.interned: dict[
            tuple[tuple[str, ...], frozenset[str]], tuple[tuple[str, ...], frozenset[str]]
        ] = {}
        self.usual_names: dict[tuple[bool, bool, bool], tuple[tuple[str, ...], frozenset[str]]] = {}

    def run(self) -> Digest:
        lines = self.lines
        count = self.count
        builder = self.builder
        index = 0
        previous = ""  # the last non-blank line before ``index``
        while index < count:
            line = lines[index]
            if line.startswith(g.HEAD_PREFIX):
                index += self._entry(index)
                previous = "### "
                continue
            if not self.entries_started:  # the header zone, line by line
                if not self._header_line(index, line, previous):
                    self._section_line(line, previous)
                    builder.trivia(index, index + 1)
                if line and not line.isspace():
                    previous = line
                index += 1
                continue
            start = index  # between entries: one run of trivia up to the next entry head
            while index < count:
                line = lines[index]
                if line:
                    if line[0] == "#":
                        if line.startswith(g.HEAD_PREFIX):
                            break
                        self._section_line(line, previous)
                    if not line.isspace():
                        previous = line
                index += 1
            builder.trivia(start, index)
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
            _separator(base),
            ends_with_newline=base.ends_with_newline,
            bom=base.bom,
            newline=base.newline,
            max_number=self.max_number,
        )
        date = self.title_date or _path_date(self.source.path)
        for piece in layout.pieces:  # the counts' second half: the entries they counted
            if isinstance(piece, HeaderField) and piece.name == "header":
                # the date the digest holds (from the path when the title's is no date):
                # the title line is rewritten only when the user changes it
                piece.value = (self.title, date)
            elif isinstance(piece, HeaderField) and piece.name.startswith("count:"):
                piece.value = (piece.value[0], self.heads[piece.name[len("count:") :]])
            elif isinstance(piece, HeaderField) and piece.name == "total":
                piece.value = (piece.value[0], sum(self.heads.values()))
        digest = Digest.model_construct(
            format=FORMAT_NAME,
            path=self.source.path,
            date=date,
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
        if self.shape is not None and FAST_PATH:
            taken = self._usual_entry(index, self.shape)
            if taken:
                return taken
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

    def _usual_entry(self, index: int, shape: Shape) -> int:
        """Read an entry of the usual shape in one go; 0 (having changed nothing) for any other.

        The usual entry: a linked arXiv head, the author line under it (after a translated
        title and blank lines where the template has them), then a body, up to the first
        ``</details>`` line, that the file's shape matches, and no value that needs mojibake
        repair or is an unfilled placeholder. The shape's match proves what the general reader
        checks line by line: its lines are literal lines and label lines, so no line of it is an
        entry head, a section or a details line; a field over more lines is taken only when none
        of its lines could be one. What it reads is what :class:`_EntryParser` reads (the tests
        compare the two on the whole corpus); it is the same work in one function: the hot path.
        """
        lines = self.lines
        count = self.count
        head = lines[index]
        parts = g.parse_head(head)
        if parts is None:
            return 0
        number, title_start, title_end, url_start, url_end = parts
        link = parse_link(head[url_start:url_end])
        if link is None:
            return 0
        at = index + 1  # the author line, after a translated title and blank lines
        title_zh = None
        if at < count and lines[at].startswith("> *"):
            zh = g.TITLE_ZH.fullmatch(lines[at])
            if zh is None:
                return 0
            title_zh = zh["text"]
            at += 1
        blanks = at + 2  # at most two blank lines (where the general reader stops looking)
        while at < count and at < blanks and not lines[at]:
            at += 1
        author = lines[at] if at < count else ""
        if not author.startswith("*") or not g.is_author_line(author):
            return 0
        with_categories = None
        if " | **Category: " in author:
            with_categories = g.AUTHORS_WITH_CATEGORIES.fullmatch(author)
            if with_categories is None:
                return 0
        limit = at + shape.lines + _LONGER  # the body, and some lines more for long fields
        try:
            closed = lines.index("</details>", lines.index("<details>", at + 1, limit) + 1, limit)
        except ValueError:
            return 0
        raw = "\n".join(lines[index : closed + 1])
        # where the author line starts in raw: right after the head, unless lines come between
        author_at = len(head) + 1 if at == index + 1 else sum(len(line) + 1 for line in lines[index:at])
        body = author_at + len(author) + 1
        match = shape.pattern.fullmatch(raw, body, len(raw) - len(g.DETAILS_CLOSE))
        if match is None:
            return 0
        groups = match.groups()
        regs = match.regs[1:]
        first_body = at + 1  # 0-based line of the body's first line
        if closed - first_body == shape.lines:  # every field on its label's line
            spans = {name: (first_body + line, column) for name, line, column in shape.places}
        else:
            if any(
                "\n" in text and _odd_continuation(text, key)
                for key, text in zip(shape.keys, groups, strict=True)
            ):
                return 0
            spans = {}
            line, counted = first_body, body
            for (name, _line, column), (start, _stop) in zip(shape.places, regs, strict=True):
                line += raw.count("\n", counted, start)
                counted = start
                spans[name] = (line + 1, column)
        if with_categories is not None:
            inner_start, inner_end = with_categories.span("authors")
        else:
            inner_start, inner_end = 1, len(author.rstrip(" \t\r")) - 1
        authors_text = author[inner_start:inner_end]
        title_raw = head[title_start:title_end]
        title = title_raw.strip(_WHITESPACE)
        suspects = [t for t in (title, title_zh or "", authors_text, *groups) if not t.isascii()]
        if suspects and may_hold_mojibake("\x1f".join(suspects).encode("utf-8", "surrogatepass")):
            return 0  # the entry may need mojibake repair: the general reader does it
        if "{" in raw and any(t[:1] == "{" and g.PLACEHOLDER.fullmatch(t) for t in groups):
            return 0
        end = closed + 1
        title_offset = title_start + _lead(title_raw)
        bounds = [len(g.HEAD_PREFIX), head.index("]")] if number is not None else []
        bounds += (title_offset, title_offset + len(title), url_start, url_end)
        spans["title"] = (index + 1, title_start + 1)
        spans["link"] = spans["arxiv_id"] = (index + 1, url_start + 1)
        if title_zh is not None:
            zh_start = len(head) + 4
            zh_text = title_zh.strip(_WHITESPACE)
            zh_start += _lead(title_zh)
            bounds += (zh_start, zh_start + len(zh_text))
            spans["title_zh"] = (index + 2, 4)
            title_zh = zh_text
        bounds += (author_at + inner_start, author_at + inner_end)
        spans["authors"] = (at + 1, inner_start + 1)
        categories = None
        if with_categories is not None:
            cats = with_categories["cats"]
            cats_text = cats.strip(_WHITESPACE)
            cats_start = author_at + with_categories.start("cats") + _lead(cats)
            bounds += (cats_start, cats_start + len(cats_text))
            spans["categories"] = (at + 1, with_categories.start("cats") + 1)
            categories = [c.strip() for c in cats_text.split(",") if c.strip()]
        bounds.extend(chain.from_iterable(regs))
        key = (number is not None, title_zh is not None, categories is not None)
        names_present = self.usual_names.get(key)  # one shape per file: the key is the rest
        if names_present is None:
            names_present = self.usual_names[key] = _usual_names(shape, *key)
        self.heads[self.section] += 1
        if number is not None and number > self.max_number:
            self.max_number = number
        self.had_details = True
        self._add_paper(
            index,
            end,
            link,
            head[url_start:url_end],
            _Values(
                number, title, title_zh, authors_text, categories, dict(zip(shape.keys, groups, strict=True))
            ),
            names_present,
            tuple(bounds),
            ", " if ", " in authors_text else ",",
            spans,
        )
        return end - index

    def _add_paper(
        self,
        index: int,
        end: int,
        link: ArxivLink,
        url: str,
        values: _Values,
        names_present: tuple[tuple[str, ...], frozenset[str]],
        bounds: tuple[int, ...],
        author_separator: str,
        spans: dict[str, Span],
    ) -> None:
        """The paper and facts of the entry in lines ``[index, end)``, handed to the builder: the
        one place both ways of reading an entry (usual shape, line by line) make them."""
        texts = values.texts
        get = texts.get
        categories = values.categories
        if categories is None:
            main = get("categories")
            categories = [main] if main else []
        section = self.section
        paper = trusted_paper(
            arxiv_id=link.arxiv_id,
            version=link.version,
            title=values.title,
            authors=_names(values.authors_text),
            authors_truncated=False,
            categories=categories,
            abstract=get("abstract") or "",
            link=url,
            title_zh=values.title_zh,
            abstract_zh=get("abstract_zh"),
            section=section,
            published=None,
            code_url=None,
            comment=get("comment"),
            tldr=get("tldr"),
            motivation=get("motivation"),
            method=get("method"),
            result=get("result"),
            conclusion=get("conclusion"),
            path=self.source.path,
            line=index + 1,
            end_line=end,
        )
        names, present = names_present
        facts = EntryFacts(
            present=present,
            link_id=link.raw_id,
            link_arxiv_id=link.arxiv_id,
            link_kind=link.kind,
            style=AiStyle(values.number, names, bounds, author_separator, section),
        )
        self.builder.entry(paper, index, end, facts, spans)

    def _last(self) -> int:
        """The index after the last real line (the phantom line after a final newline excluded)."""
        return self.count - 1 if self.count and self.lines[-1] == "" else self.count

    def _entry_end(self, index: int) -> tuple[int, str]:
        """Where the entry at ``index`` ends (exclusive) and how: ``closed`` by ``</details>``,
        ``open`` (a ``<details>`` never closed) or ``plain`` (a template without one). Line by
        line, never past the next entry's head, so every line is looked at once."""
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


# A field's value in a shape's pattern: it starts and ends with a non-blank character (so values
# need no trimming), may run over more lines (each ending with a non-blank character), and is
# followed by the blanks at the end of its last line. Each repeat is bounded by a newline, so
# matching stays linear even when it fails.
_VALUE = r"((?:[^ \t\r\n](?:[^\n]*[^ \t\r\n])?(?:\n[^\n]*[^ \t\r\n])*)?)[ \t\r]*"


@dataclass(frozen=True, slots=True)
class Shape:
    """An entry body line for line: its literal lines, and a label prefix and key for each of its
    label lines, as one pattern (literal lines escaped, :data:`_VALUE` after each label)."""

    pattern: re.Pattern[str]
    lines: int  # how many lines the body has when every field is on one line
    keys: tuple[str, ...]  # the field of each group
    names: tuple[str, ...]  # the slot and span name of each group
    places: tuple[tuple[str, int, int], ...]  # (name, line in the body, column of the value)
    present: frozenset[str]  # the Paper fields an entry of this shape has (head and authors too)

    @classmethod
    def of(cls, lines: list[str | tuple[str, str]]) -> Shape:
        parts: list[str] = []
        keys: list[str] = []
        places: list[tuple[str, int, int]] = []
        for number, line in enumerate(lines):
            if isinstance(line, str):
                parts.append(re.escape(line))
            else:
                prefix, key = line
                parts.append(re.escape(prefix) + _VALUE)
                keys.append(key)
                places.append((_span_name(key), number + 1, len(prefix) + 1))
        return cls(
            re.compile("\\n".join(parts) + "\\n"),
            len(lines),
            tuple(keys),
            tuple(name for name, _line, _column in places),
            tuple(places),
            frozenset({"title", "link", "authors", *(key for key in keys if key in _PAPER_KEYS)}),
        )


# How many lines more than its shape's a usual entry may have (fields over several lines): the
# bound on the usual path's search, so that it never searches far into the next entries.
_LONGER = 64


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
        self.lines = lines = reader.lines
        self.index = index
        self.end = end
        self.head = head
        self.link = link
        self.raw = "\n".join(lines[index:end]) + ("\n" if end < reader.count else "")
        self.slots: list[tuple[str, int, int]] = []
        self.texts: dict[str, str] = {}
        line = index + 1
        self.spans: dict[str, Span] = {
            "title": (line, head[1] + 1),
            "link": (line, head[3] + 1),
            "arxiv_id": (line, head[3] + 1),
        }
        self.authors_text = ""

    def parse(self, closed: bool) -> None:
        lines = self.lines
        index, end = self.index, self.end
        head = lines[index]
        number, title_start, title_end, url_start, url_end = self.head
        slots = self.slots
        if number is not None:
            slots.append(("number", len(g.HEAD_PREFIX), head.index("]")))
        slots.append(("title", *self._trim(title_start, title_end)))
        slots.append(("link", url_start, url_end))
        at = index + 1
        offset = len(head) + 1
        title_zh = None
        if at < end and lines[at].startswith("> *"):
            match = g.TITLE_ZH.fullmatch(lines[at])
            if match is not None:
                start, stop = self._trim(offset + 3, offset + match.end("text"))
                title_zh = self.raw[start:stop]
                slots.append(("title_zh", start, stop))
                self.spans["title_zh"] = (at + 1, 4)
                offset += len(lines[at]) + 1
                at += 1
        has_authors = at < end and g.is_author_line(lines[at])
        if not has_authors:  # blank lines before the author line (some templates put one there)
            probe = at
            while probe < end and probe - at < 2 and is_blank(lines[probe]):
                probe += 1
            if probe != at and probe < end and g.is_author_line(lines[probe]):
                offset += sum(len(line) + 1 for line in lines[at:probe])
                at = probe
                has_authors = True
        separator = ","
        categories: list[str] | None = None
        if has_authors:
            separator, categories = self._author_line(at, offset)
            offset += len(lines[at]) + 1
            at += 1
        else:
            self.reader.builder.problem(
                "DP105", "entry has no author line `*Name,Name*`", at if at < end else index
            )
        stop = end - 1 if closed else end
        shape = self.reader.shape
        if not closed or shape is None or not FAST_PATH or not self._body_by_shape(shape, at, stop, offset):
            self._body(at, stop, offset, closed)
        self._finish(title_zh, separator, categories, has_authors)

    def _author_line(self, at: int, offset: int) -> tuple[str, list[str] | None]:
        line = self.lines[at]
        categories = None
        match = g.AUTHORS_WITH_CATEGORIES.fullmatch(line) if " | **Category: " in line else None
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
        self.authors_text = line[inner_start:inner_end]
        separator = ", " if ", " in self.authors_text else ","
        return separator, categories

    def _body_by_shape(self, shape: Shape, at: int, stop: int, offset: int) -> bool:
        """Read a body laid out like the file's first one-line-field entry (the usual case) with
        one match of the shape's pattern; ``False`` when it is not, for :meth:`_body` to read.

        The result is what :meth:`_body` would find: the lines between the fields are the same
        blank and structure lines, and a field that runs over more lines (an abstract with
        arXiv's line breaks) is taken only when none of those lines is a label or structure
        line that :meth:`_body` would take."""
        raw = self.raw
        match = shape.pattern.fullmatch(raw, offset, len(raw) - len(self.lines[stop]) - 1)
        if match is None:
            return False
        groups = match.groups()
        self.texts.update(zip(shape.keys, groups, strict=True))
        slots = self.slots
        slots.extend(
            [(name, start, stop) for name, (start, stop) in zip(shape.names, match.regs[1:], strict=True)]
        )
        if stop - at == shape.lines:  # every field on its label's line
            self.spans.update({name: (at + line, column) for name, line, column in shape.places})
            return True
        if any(
            "\n" in text and _hides_boundary(text, key) for key, text in zip(shape.keys, groups, strict=True)
        ):
            del slots[len(slots) - len(groups) :]
            self.texts.clear()
            return False
        line, counted = at, offset  # the file line (0-based) of raw offset `counted`
        for (name, _line, column), (start, _stop) in zip(shape.places, match.regs[1:], strict=True):
            line += raw.count("\n", counted, start)
            counted = start
            self.spans[name] = (line + 1, column)
        return True

    def _body(self, at: int, stop: int, offset: int, closed: bool) -> None:
        """The labelled fields of lines ``[at, stop)`` (``offset``: where line ``at`` starts in
        the entry's raw text). A line is tested as a label only when it can be one (its first
        character and a colon near its start), so long abstracts cost little."""
        lines = self.lines
        current: str | None = None
        begin = 0  # where the current field's text starts in raw
        rank = -1
        opened = summarised = implicit = stray = False
        text_lines = 0
        shape: list[str | tuple[str, str]] = []  # this body as a shape, for the next entries
        for position in range(at, stop):
            line = lines[position]
            here = offset
            offset += len(line) + 1
            shape.append(line)
            if not line:
                continue
            first = line[0]
            if first == "<" or (first == " " and opened and not summarised):
                tag = line.strip(" \t\r")
                summary = None
                if not opened and tag in g.DETAILS_OPEN:
                    opened = True
                elif opened and not summarised and (summary := g.SUMMARY.fullmatch(line)) is not None:
                    summarised = True
                    implicit = summary["text"].strip().casefold() in g.SUMMARY_ABSTRACT
                else:
                    tag = ""
                if tag:
                    if current is not None:
                        self._close(current, begin, here)
                    current = None
                    continue
            if first in g.LABEL_STARTS and (line.find(":", 0, 50) >= 0 or line.find("：", 0, 50) >= 0):
                match = g.LABEL.match(line)
                if match is not None:
                    key = g.label_key(match["name"])
                    if key is not None and g.RANK[key] > rank:
                        if current is not None:
                            self._close(current, begin, here)
                        current, begin, rank = key, here + match.end(), g.RANK[key]
                        self.spans[_span_name(key)] = (position + 1, match.end() + 1)
                        shape[-1] = (line[: match.end()], key)
                        implicit = False
                        continue
            if is_blank(line):
                continue
            text_lines += 1
            if implicit and current is None and "abstract" not in self.texts:
                current, begin, rank = "abstract", here, g.RANK["abstract"]
                self.spans["abstract"] = (position + 1, 1)
            elif current is None and not stray:
                stray = True
                self.reader.builder.problem("DP103", "text outside any field of the entry", position)
            implicit = False
        if current is not None:
            self._close(current, begin, min(offset, len(self.raw)))
        if closed and text_lines == 0 and self.reader.shape is None and stop - at > 0:
            self.reader.shape = Shape.of(shape)

    def _close(self, key: str, start: int, stop: int) -> None:
        start, stop = self._trim(start, stop)
        self.texts[key] = self.raw[start:stop]
        self.slots.append((_span_name(key), start, stop))

    def _trim(self, start: int, stop: int) -> tuple[int, int]:
        """The value in ``raw[start:stop]`` without the blanks around it; an empty value stays
        where it starts (right after its label), which is where an edit writes it."""
        value = self.raw[start:stop]
        text = value.strip(_WHITESPACE)
        if not text:
            return start, start
        start += len(value) - len(value.lstrip(_WHITESPACE))
        return start, start + len(text)

    def _repaired(self, title: str, title_zh: str | None) -> tuple[str, str | None]:
        """Repair mojibake in every value. The non-ASCII values are joined and tested once with
        a byte scan (:func:`may_hold_mojibake`), then, only when that cannot rule mojibake out,
        repaired once together; only when that changes something is each value repaired. No
        mojibake run crosses the separator, so an unchanged join means unchanged values."""
        texts = self.texts
        suspects = [t for t in (title, title_zh or "", self.authors_text, *texts.values()) if not t.isascii()]
        if not suspects:
            return title, title_zh
        joined = "\x1f".join(suspects)
        if (
            not may_hold_mojibake(joined.encode("utf-8", "surrogatepass"))
            or repair_mojibake(joined) == joined
        ):
            return title, title_zh
        for key, text in texts.items():
            texts[key] = repair_mojibake(text)
        self.authors_text = repair_mojibake(self.authors_text)
        return repair_mojibake(title), (repair_mojibake(title_zh) if title_zh is not None else None)

    def _finish(
        self,
        title_zh: str | None,
        separator: str,
        categories: list[str] | None,
        has_authors: bool,
    ) -> None:
        reader = self.reader
        link = self.link
        number, title_start, title_end, url_start, url_end = self.head
        head = self.lines[self.index]
        title, title_zh = self._repaired(head[title_start:title_end].strip(_WHITESPACE), title_zh)
        texts = self.texts
        if "{" in self.raw:
            for key, text in texts.items():
                if text[:1] == "{" and g.PLACEHOLDER.fullmatch(text):
                    texts[key] = ""  # an unfilled template field such as `{tldr}`
        present = set(texts.keys() & _PAPER_KEYS)
        present.update(_ALWAYS_PRESENT)
        if has_authors:
            present.add("authors")
        if title_zh is not None:
            present.add("title_zh")
        if "categories" in self.spans:
            present.add("categories")
        names = tuple(name for name, _start, _stop in self.slots)
        shared = (names, frozenset(present))
        names_present = reader.interned.setdefault(shared, shared)
        reader._add_paper(
            self.index,
            self.end,
            link,
            head[url_start:url_end],
            _Values(number, title, title_zh, self.authors_text, categories, texts),
            names_present,
            tuple(chain.from_iterable(slot[1:] for slot in self.slots)),
            separator,
            self.spans,
        )


class _Values(NamedTuple):
    """What an entry's text says, read either way, before it becomes a :class:`Paper`."""

    number: int | None
    title: str
    title_zh: str | None
    authors_text: str
    categories: list[str] | None  # from a ``| **Category: …**`` author line, else None
    texts: dict[str, str]  # the labelled fields' texts by key


def _usual_names(
    shape: Shape, number: bool, title_zh: bool, categories: bool
) -> tuple[tuple[str, ...], frozenset[str]]:
    """The slot names and the fields present of a usual entry of ``shape``, in text order."""
    head = ("number", "title", "link") if number else ("title", "link")
    names = head + (("title_zh",) if title_zh else ()) + ("authors",)
    names += (("category_list",) if categories else ()) + shape.names
    present = shape.present | (_TITLE_ZH if title_zh else frozenset())
    return names, present | (_CATEGORIES if categories else frozenset())


_PAPER_KEYS = frozenset(g.PAPER_TEXT_FIELDS | {"categories"})
_TITLE_ZH = frozenset({"title_zh"})
_CATEGORIES = frozenset({"categories"})
_ALWAYS_PRESENT = frozenset({"title", "link"})


def _names(text: str) -> list[str]:
    """``A,B`` or ``A, B`` -> the names (an empty author line ``**`` has none)."""
    names = list(map(str.strip, text.split(",")))
    return [name for name in names if name] if "" in names else names


def _lead(value: str) -> int:
    """How far a value starts into ``value``: past its leading blanks, unless it is all blank
    (an empty value stays where it starts, as :meth:`_EntryParser._trim` keeps it)."""
    rest = value.lstrip(_WHITESPACE)
    return len(value) - len(rest) if rest else 0


def _odd_continuation(text: str, key: str) -> bool:
    """Whether a continuation line of a field could be anything but its text when read line by
    line: :func:`_hides_boundary`, or a line that could be an entry head, a section or a
    details line (any line starting with ``#`` or ``<``, to be safe)."""
    for line in text.split("\n")[1:]:
        if line.lstrip(" \t")[:1] in ("#", "<"):
            return True
    return _hides_boundary(text, key)


def _hides_boundary(text: str, key: str) -> bool:
    """Whether a continuation line of the field ``key`` would end it when read line by line:
    a label that comes later in the template order, or a ``<details>``/``<summary>`` line."""
    rank = g.RANK[key]
    for line in text.split("\n")[1:]:
        first = line[:1]
        if first == "<" or first == " ":
            tag = line.strip(" \t\r")
            if tag in g.DETAILS_OPEN or g.SUMMARY.fullmatch(line) is not None:
                return True
        if first in g.LABEL_STARTS:
            match = g.LABEL.match(line)
            if match is not None:
                later = g.label_key(match["name"])
                if later is not None and g.RANK[later] > rank:
                    return True
    return False


def _span_name(key: str) -> str:
    return key if key in g.PAPER_TEXT_FIELDS or key == "categories" else "x:" + key


def _separator(layout: Layout) -> str:
    """What stands between two entries of one section (the generator joins them with it)."""
    from ..layout import EntrySource

    pieces = layout.pieces
    for at in range(len(pieces) - 2):
        first, between, second = pieces[at], pieces[at + 1], pieces[at + 2]
        if isinstance(first, EntrySource) and isinstance(between, str) and isinstance(second, EntrySource):
            one, two = first.facts.style, second.facts.style
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
