"""Which format a text is, or a refusal that is true for that file.

Every registered format sniffs the file's first lines (:mod:`.registry`). A format that finds
*entries* wins, the earliest first entry first; header words alone never make a file a digest.
A format's furniture without a single entry (a header, a badge, a table of contents, an empty
table) is an empty or truncated digest of that format, but only when the file mentions no
arXiv paper at all: a file with arXiv links that no format reads as entries is refused, with
the line that came closest to an entry and what it lacked, so its papers are never dropped
silently.
"""

from __future__ import annotations

from pathlib import PurePath

from .. import _lines as g
from .._source import Source
from ..errors import NotADigestError
from . import registry
from .plugin import FormatPlugin, NearMiss, Sniff
from .sections import facts_from_path

_SNIFF_LINES = 400


def detect(source: Source) -> FormatPlugin | None:
    """The format of ``source``; ``None`` for an empty file whose path does not tell.

    Raises :class:`NotADigestError` for text that no format reads.
    """
    if not source.text.strip():
        name = format_from_path(source.path)
        return registry.get(name) if name else None
    found: list[tuple[FormatPlugin, Sniff]] = []
    misses: list[tuple[FormatPlugin, NearMiss]] = []
    for plugin in registry.formats().values():
        result = plugin.sniff(source)
        if isinstance(result, Sniff):
            found.append((plugin, result))
        elif isinstance(result, NearMiss):
            misses.append((plugin, result))
    with_entries = [(p, s) for p, s in found if s.entries > 0]
    if with_entries:
        return min(with_entries, key=lambda item: item[1].line)[0]
    mention = first_arxiv_mention(source)
    if found and mention is None:
        return min(found, key=lambda item: item[1].line)[0]
    raise NotADigestError(
        "not a paper digest: " + _why(source, found, misses, mention),
        path=source.path,
        line=_refusal_line(source, misses, mention),
        col=1,
        source_line=source.line_text(_refusal_line(source, misses, mention)),
    )


def first_arxiv_mention(source: Source) -> int | None:
    """The 1-based line of the first arXiv link or ``arXiv:`` tag, or ``None``."""
    match = g.ARXIV_MENTION.search(source.text)
    if match is None:
        return None
    return source.text.count("\n", 0, match.start()) + 1


def _why(
    source: Source,
    found: list[tuple[FormatPlugin, Sniff]],
    misses: list[tuple[FormatPlugin, NearMiss]],
    mention: int | None,
) -> str:
    if misses:
        plugin, miss = min(misses, key=lambda item: item[1].line)
        return f"line {miss.line} {miss.lacks} ({plugin.name})"
    if mention is not None:
        count = len(g.ARXIV_MENTION.findall(source.text))
        furniture = f"; it has {found[0][0].name} furniture but no entry" if found else ""
        known = ", ".join(registry.names())
        return (
            f"{count} arXiv link(s) from line {mention} on, but no entry of a known format ({known})"
            f"{furniture}"
        )
    head = source.lines[:_SNIFF_LINES]
    table_rows = sum(1 for line in head if g.TABLE_ROW.fullmatch(line.strip()))
    if table_rows >= 2:
        return f"it looks like an index table ({table_rows} table rows) and links no arXiv paper"
    return "no arXiv link and no entry of a known format (" + ", ".join(registry.names()) + ")"


def _refusal_line(source: Source, misses: list[tuple[FormatPlugin, NearMiss]], mention: int | None) -> int:
    if misses:
        return min(miss.line for _p, miss in misses)
    if mention is not None:
        return mention
    return next((i + 1 for i, line in enumerate(source.lines[:_SNIFF_LINES]) if line.strip()), 1)


def format_from_path(path: str | None) -> str | None:
    """The format an empty file would have, judged by where it lives."""
    if not path:
        return None
    date, _topic = facts_from_path(path)
    parts = PurePath(path).parts
    if date is not None or parts[-1].endswith("_papers.md"):
        return "sections"
    if "hot_topic" in parts or "archive" in parts:
        return "badge-list"
    if parts[-1] in ("ISSUE_TEMPLATE.md", "DailyPapers.md"):
        return "abstract-table"  # the DailyArXiv generator's own file names
    return None
