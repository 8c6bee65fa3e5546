"""The badge-list format as a plug-in: how it is recognised, and its reader and writer.

Recognised from entries: an entry head ``- **[Title](URL)**`` followed by its italic author
line, in a file whose first heading (if any) is the generator's header. The header alone
(``# 🔍 Topic Papers · date``, a badge) is furniture: an empty digest of this format when the
file has no arXiv entry at all.
"""

from __future__ import annotations

from .. import _lines as g
from .._source import Source
from ..normalize.mojibake import repair_mojibake
from . import badge_list, badge_list_writer
from .plugin import Format, NearMiss, Sniff, link_to_abstract_page

SNIFF_LINES = 400


def sniff(source: Source) -> Sniff | NearMiss | None:
    """Entries of the format in the first lines, its header alone, or a line that nearly is one."""
    head = source.lines[:SNIFF_LINES]
    first = next((i for i, line in enumerate(head) if line.strip()), 0)
    has_header = bool(head) and _is_badge_header(repair_mojibake(head[first]))
    entries = [i for i in range(len(head)) if _is_badge_entry(head, i)]
    headings = [i for i, line in enumerate(head) if line.startswith("# ")]
    if entries and (has_header or not any(h < entries[0] for h in headings)):
        return Sniff(entries=len(entries), line=entries[0] + 1)
    if has_header and not entries:
        near = _near_miss(head)
        return near if near is not None else Sniff(entries=0, line=first + 1)
    if entries:
        return NearMiss(
            entries[0] + 1,
            "looks like a badge-list entry but comes after a `# ` heading that is not its header",
        )
    return _near_miss(head)


def _near_miss(head: list[str]) -> NearMiss | None:
    """An entry head ``- **[Title](URL)**`` without the author line and ``arXiv:`` tag."""
    for index, line in enumerate(head):
        if line.startswith(g.BADGE_ENTRY_PREFIX) and "](" in line:
            lacks = "has no `arXiv:` tag" if "`arXiv:" not in line else "has no `  _Authors_` line after it"
            return NearMiss(index + 1, f"looks like a badge-list entry but {lacks}")
    return None


def _is_badge_header(title: str) -> bool:
    """``# 🔍 Topic Papers · date``, ``# 🔍 Topic Papers`` or ``# 🚀 Daily AI arXiv Digest``.

    The emoji is part of the header: ``# Daily Papers`` (DailyArXiv's abstract-table README)
    also ends in `` Papers`` and is not this format's.
    """
    match = g.BADGE_HEADER.match(title)
    if not match or match["text"][:1].isalnum():
        return False
    text = title.rstrip()
    return " Papers · " in text or text.endswith(" Papers") or text.endswith("arXiv Digest")


def _is_badge_entry(lines: list[str], index: int) -> bool:
    """An entry head followed by its italic author line: one real badge-list entry."""
    line = lines[index]
    if not line.startswith(g.BADGE_ENTRY_PREFIX) or "](" not in line:
        return False
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return following.startswith("  _") or ("`arXiv:" in line and index + 1 >= len(lines))


FORMAT = Format(
    name="badge-list",
    summary="Tavish9/awesome-daily-AI-arxiv and forks: `- **[Title](url)**  `arXiv:ID`` entries",
    sniff_function=sniff,
    read_function=badge_list.read,
    dumps_function=badge_list_writer.dumps,
    render_entry_function=lambda paper: badge_list_writer.render_entry(paper, None),
    render_document_function=badge_list_writer.render_document,
    paper_fields=frozenset(
        {
            "arxiv_id",
            "version",
            "title",
            "authors",
            "authors_truncated",
            "categories",
            "abstract",
            "link",
            "section",
        }
    ),
    digest_fields=frozenset({"date", "title", "topic", "badge_count", "keywords", "filter"}),
    single_line_fields=frozenset({"title", "abstract", "authors"}),
    adopt_function=link_to_abstract_page,
)
