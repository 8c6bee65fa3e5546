"""Writer for the sections format: raw text for what is unchanged, templates for the rest."""

from __future__ import annotations

from typing import Any

from ..arxiv import link_for
from ..models import Digest, Paper
from . import layout as lay
from .layout import EntrySource, HeaderField


def dumps(digest: Digest) -> str:
    """The digest's text: its layout written back, or a fresh document when it has none."""
    layout = lay.layout_of(digest)
    if layout is None or (not layout.entries and digest.papers and not _has_text(layout)):
        return render_document(digest)
    return lay.write(digest, layout, render_entry, _no_header, _no_header_value)


def _has_text(layout: lay.Layout) -> bool:
    return any(isinstance(p, str) and p.strip() for p in layout.pieces)


def _no_header(digest: Digest, piece: HeaderField, value: Any) -> str:
    return piece.raw  # the sections format has no header lines


def _no_header_value(digest: Digest, name: str) -> Any:
    return None


def render_entry(paper: Paper, source: EntrySource | None) -> str:
    """One entry with its closing ``---``, the trailing spaces as the generator writes them."""
    link = paper.link
    if not link and paper.arxiv_id:
        link = link_for(paper.arxiv_id, "pdf", paper.version)
    parts = [f"# {paper.title} \n\n"]
    if paper.title_zh is not None:
        parts.append(f"**Title (ZH)**: {paper.title_zh} \n\n")
    parts.append(f"**Authors**: {', '.join(paper.authors)}  \n\n")
    parts.append(f"**Link**: [PDF]({link})  \n\n")
    parts.append(f"**Abstract**: {paper.abstract} \n\n")
    if paper.abstract_zh is not None:
        parts.append(f"**Abstract (ZH)**: {paper.abstract_zh} \n\n")
    parts.append("---\n")
    return "".join(parts)


def render_document(digest: Digest) -> str:
    """A complete file: the entries one after the other (the format has no header)."""
    return "".join(render_entry(p, None) for p in digest.papers)
