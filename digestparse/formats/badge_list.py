"""Reader for the badge-list format (Tavish9's awesome-daily-AI-arxiv and its forks).

Grammar (see ``docs/formats/badge-list.md``; ``␠`` is a space that is part of the syntax)::

    header   := "# " EMOJI " " TOPIC " Papers · " DATE           (topic file)
              | "# " EMOJI " Daily AI arXiv Digest"               (README archive)
    badge    := "[![Total Papers](https://img.shields.io/badge/" LABEL "-" N ["+"] "-" …
    entry    := "- **[" TITLE "](" URL ")**␠␠`arXiv:" ID "`" ["␠␠" CATS] "␠␠"
                "␠␠_" AUTHORS "_"
                "␠␠<details[ open]><summary>Abstract</summary>"
                "␠␠" ABSTRACT                                      (one physical line)
                "␠␠</details>"

Generated entries have a fixed shape of five lines, so the reader checks that shape directly
(the fast path) instead of tokenising the whole file; an entry of another shape goes through a
tolerant path that accepts stray spaces and CRs, a missing author line (DP105) and an abstract
over several lines. Everything between entries (header, separators, README section headings and
count tables) is kept as trivia. An entry that breaks off is recorded as a problem (DP101) and
kept, line for line, as trivia.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from .. import _lines as g
from .._source import Source
from ..arxiv import ArxivId, parse_link
from ..errors import InvalidArxivIdError
from ..models import Digest, trusted_paper
from ..normalize.mojibake import repair_mojibake
from ._builder import LayoutBuilder
from .layout import EntryFacts

ET_AL = "et al."


def read(source: Source) -> Digest:
    """Read a badge-list digest; never raises for content, records problems instead."""
    lines = source.lines
    builder = LayoutBuilder(source, separator="\n")
    digest_fields: dict[str, Any] = {"keywords": [], "filter": []}
    section: str | None = None
    count = len(lines)
    index = 0
    while index < count:
        line = lines[index]
        if line.startswith(g.BADGE_ENTRY_PREFIX):
            consumed = _read_entry(builder, lines, index, section)
            index += consumed
            continue
        if index == 0 and line.startswith("# "):
            _read_title(line, digest_fields)
            builder.header_field(
                "header",
                index,
                (digest_fields.get("title"), digest_fields.get("topic"), digest_fields.get("date")),
            )
        elif not builder.papers and _header_field(builder, line, index, digest_fields):
            pass
        else:
            heading = g.SECTION_HEADING.match(line)
            if heading is not None:
                section = repair_mojibake(heading["name"]).strip()
            builder.trivia(index, index + 1)
        index += 1
    layout = builder.finish()
    digest = Digest.model_construct(
        format="badge-list",
        path=source.path,
        date=digest_fields.get("date"),
        title=digest_fields.get("title"),
        topic=digest_fields.get("topic"),
        badge_count=digest_fields.get("badge_count"),
        keywords=digest_fields["keywords"],
        filter=digest_fields["filter"],
        papers=builder.papers,
        problems=builder.problems,
    )
    digest._layout = layout
    return digest


def _read_title(line: str, fields: dict[str, Any]) -> None:
    text = repair_mojibake(line[2:]).rstrip()
    fields["title"] = text
    match = g.TOPIC_TITLE.fullmatch(text)
    if match is not None:
        fields["topic"] = match["topic"]
        try:
            fields["date"] = datetime.date.fromisoformat(match["date"])
        except ValueError:
            fields["date"] = None


def _header_field(builder: LayoutBuilder, line: str, index: int, fields: dict[str, Any]) -> bool:
    """Read a badge, keywords or filter line before the first entry; False for other lines.

    Only the first line of each kind is a header field: a repeated one is trivia, so writing
    back compares each field with the one line it came from.
    """
    badge = g.BADGE_COUNT.match(line)
    if badge is not None and "badge_count" not in fields:
        fields["badge_count"] = int(badge["count"])
        builder.header_field("badge_count", index, fields["badge_count"])
        return True
    keywords = g.KEYWORDS.match(line)
    if keywords is not None and "keywords" not in builder.header_names:
        fields["keywords"] = g.BACKTICKED.findall(keywords["value"])
        builder.header_field("keywords", index, list(fields["keywords"]))
        return True
    filters = g.FILTER.match(line)
    if filters is not None and "filter" not in builder.header_names:
        values = g.BACKTICKED.findall(filters["value"])
        fields["filter"] = [] if values == ["None"] else values
        builder.header_field("filter", index, list(fields["filter"]))
        return True
    return False


_OPEN_LINE = "  " + g.DETAILS_OPEN
_CLOSED_LINE = "  " + g.DETAILS_CLOSED
_END_LINE = "  " + g.DETAILS_END


def _canonical_shape(lines: list[str], index: int) -> bool:
    """The exact five-line shape every generated entry has (checked inline: this is the hot
    path; anything else goes through :func:`_tolerant_shape`, which also accepts stray spaces,
    carriage returns, a missing author line and a longer abstract, or says what is wrong)."""
    if index + 4 >= len(lines):
        return False
    authors, details, abstract, end = lines[index + 1 : index + 5]
    return (
        end == _END_LINE
        and details in (_OPEN_LINE, _CLOSED_LINE)
        and authors.startswith("  _")
        and authors.endswith("_")
        and len(authors) >= 4
        and abstract.startswith("  ")
        and abstract != _END_LINE
    )


@dataclass(frozen=True, slots=True)
class _Shape:
    """Where the parts of one entry are (0-based line indices; ``close`` is ``</details>``)."""

    authors: int | None
    details: int
    abstract: range
    close: int


def _read_entry(builder: LayoutBuilder, lines: list[str], index: int, section: str | None) -> int:
    """Read the entry starting at ``index``; return how many lines it took."""
    shape: _Shape | tuple[int, str]
    if _canonical_shape(lines, index):
        shape = _Shape(index + 1, index + 2, range(index + 3, index + 4), index + 4)
    else:
        shape = _tolerant_shape(lines, index)
    if not isinstance(shape, _Shape):
        at, message = shape
        end = _broken_entry_end(lines, index)
        builder.problem("DP101", message, at, end=max(end, at + 1))
        builder.trivia(index, end)
        return end - index
    end = shape.close + 1
    head = lines[index]
    split = _split_head(head)
    if split is None:
        builder.problem("DP101", "entry head is not `- **[Title](URL)**  `arXiv:ID`  …`", index, end=end)
        builder.trivia(index, end)
        return end - index
    if shape.authors is None:
        builder.problem("DP105", "entry has no author line `  _Name, Name_`", index + 1)
    title_raw, url, rest = split
    tokens = g.BACKTICKED.findall(rest)
    id_text = tokens[0][len("arXiv:") :] if tokens and tokens[0].startswith("arXiv:") else None
    categories = tokens[1:] if id_text is not None else tokens
    link = parse_link(url)
    arxiv_id: ArxivId | None
    if link is not None and link.arxiv_id is not None and id_text == link.arxiv_id:
        arxiv_id, version = link.arxiv_id, link.version  # the usual case: one parse, not two
    else:
        arxiv_id, version = _resolve_id(id_text, link.arxiv_id if link else None)
        if link is not None and link.version is not None:
            version = link.version
    authors_text = lines[shape.authors].strip(" \t\r")[1:-1] if shape.authors is not None else ""
    authors, truncated = _split_authors(authors_text)
    abstract = "\n".join(lines[i].strip(" \t\r") for i in shape.abstract).strip(" \t\r\n")
    paper = trusted_paper(
        arxiv_id=arxiv_id,
        version=version,
        title=repair_mojibake(title_raw.strip()),
        authors=authors,
        authors_truncated=truncated,
        categories=categories,
        abstract=repair_mojibake(abstract),
        link=url,
        title_zh=None,
        abstract_zh=None,
        section=section,
        path=builder.source.path,
        line=index + 1,
        end_line=end,
    )
    facts = EntryFacts(
        present=_BADGE_FIELDS if shape.authors is not None else _BADGE_FIELDS_NO_AUTHORS,
        id_text=id_text,
        link_id=link.raw_id if link else None,
        link_arxiv_id=link.arxiv_id if link else None,
        link_kind=link.kind if link else None,
        style=_OPEN if lines[shape.details].strip(" \t\r") == g.DETAILS_OPEN else _CLOSED,
    )
    spans = {
        "title": (index + 1, 6),
        "link": (index + 1, 5 + len(title_raw) + 3),
        "arxiv_id": (index + 1, head.find("`arXiv:") + 2),
        "categories": (index + 1, head.find("`", head.find("`arXiv:") + 1) + 2),
        "authors": (shape.authors + 1, 4) if shape.authors is not None else (index + 1, 1),
        "abstract": (shape.abstract.start + 1, 3),
    }
    builder.entry(paper, index, end, facts, spans)
    return end - index


@dataclass(frozen=True, slots=True)
class BadgeStyle:
    """How an entry was written, for re-rendering it after an edit: open or closed details."""

    details_open: bool


_OPEN = BadgeStyle(details_open=True)
_CLOSED = BadgeStyle(details_open=False)
_BADGE_FIELDS = frozenset({"title", "authors", "abstract", "link"})
_BADGE_FIELDS_NO_AUTHORS = frozenset({"title", "abstract", "link"})
MAX_ABSTRACT_LINES = 200


def _is_author_line(line: str) -> bool:
    return line.startswith("  _") and line.rstrip(" \t\r").endswith("_") and len(line.strip()) >= 2


def _is_details_line(line: str) -> bool:
    return line.strip(" \t\r") in (g.DETAILS_OPEN, g.DETAILS_CLOSED)


def _is_details_end(line: str) -> bool:
    return line.strip(" \t\r") == g.DETAILS_END


def _tolerant_shape(lines: list[str], index: int) -> _Shape | tuple[int, str]:
    """The entry's parts, tolerating what generators sometimes vary: stray spaces and CRs, a
    missing author line, an abstract over several lines. Otherwise (0-based line, message)."""
    count = len(lines) - (1 if lines and lines[-1] == "" else 0)  # the phantom after a final newline
    at = index + 1
    authors = None
    if at < count and _is_author_line(lines[at]):
        authors = at
        at += 1
    if at >= count:
        return index, "truncated entry: the file ends before its `<details>` block"
    if not _is_details_line(lines[at]):
        if authors is None and at == index + 1:
            return at, "malformed entry: expected the author line `  _Name, Name_`"
        return at, "malformed entry: expected `  <details open><summary>Abstract</summary>`"
    details = at
    for close in range(details + 1, min(count, details + 1 + MAX_ABSTRACT_LINES)):
        line = lines[close]
        if _is_details_end(line):
            return _Shape(authors, details, range(details + 1, close), close)
        if line.startswith(g.BADGE_ENTRY_PREFIX):
            return close - 1, "malformed entry: expected `  </details>` before the next entry"
    if details + 1 + MAX_ABSTRACT_LINES < count:
        return details + 1, "malformed entry: no `  </details>` in the next 200 lines"
    return index, "truncated entry: the file ends before its `</details>`"


def _broken_entry_end(lines: list[str], index: int) -> int:
    """A broken entry runs to the next entry head or blank line, whichever comes first."""
    end = index + 1
    while end < len(lines) and lines[end] and not lines[end].startswith(g.BADGE_ENTRY_PREFIX):
        if g.is_blank(lines[end]):
            break
        end += 1
    # keep the phantom line after a final newline out of the entry
    if end == len(lines) and end > index + 1 and lines[-1] == "":
        end -= 1
    return end


def _split_head(head: str) -> tuple[str, str, str] | None:
    """Split ``- **[Title](URL)**rest`` on the *last* ``](`` before the last ``)**``.

    Titles contain ``[``, ``]``, ``*`` and ``)`` (``Beyond [cls]: …``, ``CFG-Zero*``), so
    bracket counting is wrong; the URL never contains ``](``.
    """
    close = head.rfind(")**")
    if close < 0:
        return None
    open_ = head.rfind("](", 5, close)
    if open_ < 0:
        return None
    return head[5:open_], head[open_ + 2 : close], head[close + 3 :]


def _resolve_id(id_text: str | None, link_id: ArxivId | None) -> tuple[ArxivId | None, int | None]:
    """The entry's identifier: the backticked one, else the link's; None when malformed."""
    if id_text is None:
        return link_id, None
    try:
        return ArxivId.parse(id_text)
    except InvalidArxivIdError:
        return None, None


def _split_authors(inner: str) -> tuple[list[str], bool]:
    """``A, B, et al.`` -> (["A", "B"], True). Names are mojibake-repaired."""
    inner = repair_mojibake(inner)
    names = [name.strip() for name in inner.split(",")]
    names = [name for name in names if name]
    truncated = bool(names) and names[-1] == ET_AL
    if truncated:
        names.pop()
    return names, truncated
