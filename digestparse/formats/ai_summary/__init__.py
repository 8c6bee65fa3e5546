"""The ai-summary format as a plug-in: daily-arXiv-ai-enhanced's ``data/YYYY-MM-DD.md``.

Recognised from entries: a head ``### [N] [Title](URL)`` (or ``### [Title](URL)``) with its
italic author line ``*A,B*`` under it (after an optional ``> *translated title*`` and blank
line). The furniture alone (``<div id=toc></div>``, ``# Table of Contents``, a ``[Total: N]``
line, an ``# AI-Enhanced arXiv Daily`` title) is an empty digest of this format when the file
mentions no arXiv paper.
"""

from __future__ import annotations

from ..._lines import is_blank
from ..._source import Source
from ..plugin import Format, NearMiss, Sniff, link_to_abstract_page
from . import grammar as g
from . import reader, writer

SNIFF_LINES = 400
_TITLE_PREFIX = "# AI-Enhanced arXiv Daily"


def sniff(source: Source) -> Sniff | NearMiss | None:
    """Entries in the first lines, the format's furniture alone, or a line that nearly is one."""
    head = source.lines[:SNIFF_LINES]
    entries: list[int] = []
    near: NearMiss | None = None
    for index, line in enumerate(head):
        if not line.startswith(g.HEAD_PREFIX):
            continue
        linked = g.parse_head(line) is not None
        authors = _author_line_after(head, index)
        if linked and authors:
            entries.append(index)
        elif near is None and linked and "arxiv.org/" in line:
            near = NearMiss(
                index + 1, "looks like an ai-summary entry but has no `*Author,Author*` line under it"
            )
        elif near is None and not linked and authors:
            near = NearMiss(
                index + 1, "looks like an ai-summary entry but its head is not `### [N] [Title](URL)`"
            )
    if entries:
        return Sniff(entries=len(entries), line=entries[0] + 1)
    furniture = _furniture(head)
    if furniture is not None:
        return near if near is not None else Sniff(entries=0, line=furniture + 1)
    return near


def _author_line_after(lines: list[str], index: int) -> bool:
    """The author line under a head: after an optional ``> *…*`` line and up to two blanks."""
    at = index + 1
    if at < len(lines) and lines[at].startswith("> *"):
        at += 1
    blanks = 0
    while at < len(lines) and blanks < 2 and is_blank(lines[at]):
        at += 1
        blanks += 1
    return at < len(lines) and g.is_author_line(lines[at])


def _furniture(head: list[str]) -> int | None:
    """The line of the format's furniture: its ToC anchor or title, a ToC count line, a title."""
    first = next((i for i, line in enumerate(head) if line.strip()), None)
    if first is None:
        return None
    text = head[first].rstrip(" \t\r")
    if text in (g.TOC_ANCHOR, g.TOC_TITLE) or text.startswith(_TITLE_PREFIX):
        return first
    for index, line in enumerate(head):
        if line.startswith("- [") and (g.TOC_TOTAL.fullmatch(line) or g.TOC_PIECES.fullmatch(line)):
            return index
    return None


FORMAT = Format(
    name=reader.FORMAT_NAME,
    summary="daily-arXiv-ai-enhanced and forks: `### [N] [Title](url)` entries with TL;DR and AI fields",
    sniff_function=sniff,
    read_function=reader.read,
    dumps_function=writer.dumps,
    render_entry_function=writer.render_entry,
    render_document_function=writer.render_document,
    paper_fields=frozenset(
        {
            "arxiv_id",
            "version",
            "title",
            "authors",
            "categories",
            "abstract",
            "link",
            "title_zh",
            "abstract_zh",
            "section",
            "comment",
            "tldr",
            "motivation",
            "method",
            "result",
            "conclusion",
        }
    ),
    digest_fields=frozenset({"date", "title", "declared_counts"}),
    single_line_fields=frozenset({"title", "authors", "title_zh"}),
    adopt_function=link_to_abstract_page,
)

__all__ = ["FORMAT", "sniff"]
