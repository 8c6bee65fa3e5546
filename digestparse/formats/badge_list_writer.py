"""Writer for the badge-list format: raw text for what is unchanged, templates for the rest."""

from __future__ import annotations

from typing import Any

from .. import _lines as g
from ..arxiv import link_for
from ..models import Digest, Paper
from . import layout as lay
from .badge_list import BadgeStyle
from .layout import EntrySource, HeaderField

DEFAULT_EMOJI = "🔍"
BADGE_URL = "https://img.shields.io/badge/Papers-{count}-2688EB"
UPDATED_BADGE = (
    "[![Last Updated](https://img.shields.io/badge/dynamic/json?url=https://api.github.com/repos/"
    "tavish9/awesome-daily-AI-arxiv/commits/main&query=%24.commit.author.date&label=updated"
    "&color=orange)]()"
)


def dumps(digest: Digest) -> str:
    """The digest's text: its layout written back, or a fresh document when it has none.

    A file with neither header nor entries (a 0-byte file) is written back as it was while it
    stays empty, and as a fresh document once papers are added to it.
    """
    layout = lay.layout_of(digest)
    if layout is None:
        return render_document(digest)
    has_structure = bool(layout.entries) or any(isinstance(p, HeaderField) for p in layout.pieces)
    if not has_structure and digest.papers:
        return render_document(digest)
    return lay.write(digest, layout, render_entry, render_header, _header_value(layout))


def _header_value(layout: lay.Layout) -> lay.HeaderValue:
    original_count = len(layout.entries)

    def value(digest: Digest, name: str) -> Any:
        if name == "header":
            return (digest.title, digest.topic, digest.date)
        if name == "badge_count":
            return _effective_badge(digest, layout, original_count)
        return getattr(digest, name)

    return value


def _effective_badge(digest: Digest, layout: lay.Layout, original_count: int) -> int | None:
    """Keep a true badge true: a badge that counted the entries follows added/removed papers."""
    original_badge = next(
        (p.value for p in layout.pieces if isinstance(p, HeaderField) and p.name == "badge_count"),
        None,
    )
    if digest.badge_count == original_badge == original_count and len(digest.papers) != original_count:
        return len(digest.papers)
    return digest.badge_count


def render_header(digest: Digest, piece: HeaderField, value: Any) -> str:
    """Render one header line from the digest's current ``value`` of that field."""
    newline = "\n" if piece.raw.endswith("\n") else ""
    if piece.name == "header":
        return "# " + header_text(digest) + newline
    if piece.name == "badge_count":
        count = value
        match = g.BADGE_COUNT.match(piece.raw)
        if match is None or count is None:
            return piece.raw
        return piece.raw[: match.start("count")] + str(count) + piece.raw[match.end("count") :]
    if piece.name == "keywords":
        return "**Keywords**: " + " ".join(f"`{k}`" for k in digest.keywords) + "  " + newline
    if piece.name == "filter":
        return "**Filter**: " + (" ".join(f"`{f}`" for f in digest.filter) or "`None`") + newline
    return piece.raw


def header_text(digest: Digest) -> str:
    """``🔍 Topic Papers · YYYY-MM-DD`` from the digest's topic and date (or its title)."""
    if digest.topic and digest.date:
        emoji = DEFAULT_EMOJI
        if digest.title and " " in digest.title:
            emoji = digest.title.split(" ", 1)[0]
        return f"{emoji} {digest.topic} Papers · {digest.date.isoformat()}"
    return digest.title or f"{DEFAULT_EMOJI} {digest.topic or 'Digest'} Papers"


def render_entry(paper: Paper, source: EntrySource | None) -> str:
    """The five lines of one entry, in the style (open/closed details) of the entry it replaces."""
    style = source.facts.style if source is not None else None
    details_open = style.details_open if isinstance(style, BadgeStyle) else True
    link = paper.link or (link_for(paper.arxiv_id, "abs", paper.version) if paper.arxiv_id else "")
    head = f"- **[{_one_line(paper.title)}]({link})**  `arXiv:{paper.arxiv_id or ''}`  "
    if paper.categories:
        head += " ".join(f"`{c}`" for c in paper.categories) + "  "
    names = list(paper.authors) + (["et al."] if paper.authors_truncated else [])
    details = g.DETAILS_OPEN if details_open else g.DETAILS_CLOSED
    return (
        f"{head}\n"
        f"  _{', '.join(_one_line(n) for n in names)}_\n"
        f"  {details}\n"
        f"  {_one_line(paper.abstract)}\n"
        f"  {g.DETAILS_END}\n"
    )


def render_document(digest: Digest) -> str:
    """A complete topic file in the generator's layout, for conversions and new digests."""
    count = len(digest.papers) if digest.badge_count is None else digest.badge_count
    keywords = " ".join(f"`{k}`" for k in digest.keywords)
    filters = " ".join(f"`{f}`" for f in digest.filter) or "`None`"
    header = (
        f"# {header_text(digest)}\n\n"
        f"[![Total Papers]({BADGE_URL.format(count=count)})]()\n"
        f"{UPDATED_BADGE}\n\n---\n\n"
        "## 📌 Filter by Category\n"
        f"**Keywords**: {keywords}  \n"
        f"**Filter**: {filters}\n\n---\n\n"
        "## 📚 Paper List\n\n"
    )
    return header + "\n".join(render_entry(p, None) for p in digest.papers)


def _one_line(text: str) -> str:
    """Badge-list fields are single physical lines: fold line breaks into spaces."""
    if "\n" not in text and "\r" not in text:
        return text
    return " ".join(part.strip() for part in text.replace("\r", "\n").split("\n") if part.strip())
