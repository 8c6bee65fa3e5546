"""Tell the two formats apart from the first lines of a file.

Badge-list: an entry head ``- **[`` with `` `arXiv: `` or a ``# 🔍 … Papers · date`` /
``# 🚀 Daily AI arXiv Digest`` header. Sections: the field labels ``**Authors**:`` and
``**Link**:`` after a ``# `` title. Anything else is not a digest, and the error says which of
these it looked for and, for the index tables that live beside sections digests, what it found.
"""

from __future__ import annotations

from pathlib import PurePath

from .. import _lines as g
from .._source import Source
from ..errors import NotADigestError
from ..models import DigestFormat
from ..normalize.mojibake import repair_mojibake
from .sections import facts_from_path

_SNIFF_LINES = 400


def detect(source: Source) -> DigestFormat | None:
    """The format of ``source``; ``None`` for an empty file whose path does not tell.

    Raises :class:`NotADigestError` for text of neither format.
    """
    if not source.text.strip():
        return format_from_path(source.path)
    head = source.lines[:_SNIFF_LINES]
    title = repair_mojibake(head[0]) if head else ""
    if g.BADGE_HEADER.match(title) and (" Papers · " in title or "arXiv Digest" in title):
        return "badge-list"
    has_title = has_authors = has_link = False
    table_rows = 0
    for line in head:
        if line.startswith(g.BADGE_ENTRY_PREFIX) and ("`arXiv:" in line or "](http" in line):
            return "badge-list"
        if line.startswith("**Authors**:"):
            has_authors = True
        elif line.startswith("**Link**:"):
            has_link = True
        elif line.startswith("# "):
            has_title = True
        elif g.TABLE_ROW.fullmatch(line.strip()):
            table_rows += 1
        if has_title and has_authors and has_link:
            return "sections"
    if table_rows >= 2:
        why = f"it looks like an index table ({table_rows} table rows), not a digest"
    else:
        why = "no badge-list entry (`- **[Title](URL)**`) and no sections fields (`**Authors**:`, `**Link**:`)"
    line_no = next((i + 1 for i, line in enumerate(head) if line.strip()), 1)
    raise NotADigestError(
        f"not a paper digest: {why}",
        path=source.path,
        line=line_no,
        col=1,
        source_line=source.line_text(line_no),
    )


def format_from_path(path: str | None) -> DigestFormat | None:
    """The format an empty file would have, judged by where it lives."""
    if not path:
        return None
    date, _topic = facts_from_path(path)
    parts = PurePath(path).parts
    if date is not None or parts[-1].endswith("_papers.md"):
        return "sections"
    if "hot_topic" in parts or "archive" in parts:
        return "badge-list"
    return None
