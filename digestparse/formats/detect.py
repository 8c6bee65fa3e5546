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
    first = next((i for i, line in enumerate(head) if line.strip()), 0)
    title = repair_mojibake(head[first])
    if g.BADGE_HEADER.match(title) and _is_badge_header(title):
        return "badge-list"
    headings = [i for i, line in enumerate(head) if line.startswith("# ")]
    entries = [i for i in range(len(head)) if _is_badge_entry(head, i)]
    if entries and not any(h < entries[0] for h in headings):
        return "badge-list"
    if headings and _is_sections_entry(head, headings[0]):
        return "sections"
    # A first entry that lost a field: the file still opens with a title, and a later entry
    # (one of the next four) is whole.
    if (
        headings
        and headings[0] == first
        and _is_sections_entry(head, first, needed=1)
        and any(_is_sections_entry(head, h) for h in headings[1:5])
    ):
        return "sections"
    table_rows = sum(1 for line in head if g.TABLE_ROW.fullmatch(line.strip()))
    if table_rows >= 2:
        why = f"it looks like an index table ({table_rows} table rows), not a digest"
    else:
        why = (
            "no badge-list entry (`- **[Title](URL)**`) and no sections fields (`**Authors**:`, `**Link**:`)"
        )
    line_no = next((i + 1 for i, line in enumerate(head) if line.strip()), 1)
    raise NotADigestError(
        f"not a paper digest: {why}",
        path=source.path,
        line=line_no,
        col=1,
        source_line=source.line_text(line_no),
    )


def _is_badge_header(title: str) -> bool:
    """``# 🔍 Topic Papers · date``, ``# 🔍 Topic Papers`` or ``# 🚀 Daily AI arXiv Digest``."""
    text = title.rstrip()
    return " Papers · " in text or text.endswith(" Papers") or text.endswith("arXiv Digest")


def _is_sections_entry(lines: list[str], index: int, needed: int = 2) -> bool:
    """A ``# `` title whose entry has ``needed`` of the labels ``**Authors**:``, ``**Link**:``
    and ``**Abstract**:`` before its ``---``."""
    labels = set()
    for line in lines[index + 1 : index + 200]:
        if line.rstrip(" \t\r") == g.SEPARATOR:
            break
        match = g.FIELD.match(line)
        if match is not None:
            labels.add(match["label"])
    return len(labels & {"Authors", "Link", "Abstract"}) >= needed


def _is_badge_entry(lines: list[str], index: int) -> bool:
    """An entry head followed by its italic author line: one real badge-list entry."""
    line = lines[index]
    if not line.startswith(g.BADGE_ENTRY_PREFIX) or "](" not in line:
        return False
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return following.startswith("  _") or ("`arXiv:" in line and index + 1 >= len(lines))


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
