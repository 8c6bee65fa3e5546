"""Convert a digest between the badge-list and sections formats, and say what does not fit.

Every entry is rendered in the target format. Whatever the target cannot hold is reported as a
:class:`Loss` (per field, with the paper and line), never dropped silently:

* to sections: categories, the digest's date/topic/badge/keywords/filter (sections files have
  no header; the date lives only in a ``D-Mon-YYYY`` folder name), the ``et al.`` truncation
  mark, README category sections, and text between entries;
* to badge-list: the ZH title and abstract, line breaks inside a field (a badge-list field is
  one physical line), and orphan text between entries.

Links keep their scheme, host and version and only switch page: ``/abs/`` ↔ ``/pdf/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _lines as g
from ._escape import escape_text
from .errors import ConversionError
from .formats import FORMATS
from .models import FORMATS as FORMAT_NAMES
from .models import Digest, DigestFormat, Paper


@dataclass(frozen=True, slots=True)
class Loss:
    """One thing the target format cannot hold."""

    field: str
    message: str
    arxiv_id: str | None = None
    line: int | None = None

    def render(self, path: str | None) -> str:
        """``path:line: field: message`` for the loss report on stderr (escaped for a terminal:
        the path and message may hold anything a file name or digest holds)."""
        where = path or "<string>"
        if self.line:
            where += f":{self.line}"
        who = f" ({self.arxiv_id})" if self.arxiv_id else ""
        return escape_text(f"{where}: {self.field}{who}: {self.message}")


@dataclass(frozen=True, slots=True)
class Conversion:
    """The converted digest, its text, and what the target format could not hold."""

    digest: Digest
    text: str
    losses: list[Loss]


def convert(digest: Digest, to: str) -> Conversion:
    """Render ``digest`` in the format ``to`` (``badge-list`` or ``sections``)."""
    from .api import dumps, loads

    if to not in FORMAT_NAMES:
        raise ConversionError(f"unknown format {to!r}; choose one of {', '.join(FORMAT_NAMES)}")
    target: DigestFormat = "sections" if to == "sections" else "badge-list"
    if digest.format == target:
        return Conversion(digest, dumps(digest), [])
    losses = _digest_losses(digest, target)
    papers = []
    for paper in digest.papers:
        losses.extend(_paper_losses(paper, target))
        papers.append(_moved(paper, target))
    converted = Digest(
        format=target,
        path=None,
        date=digest.date,
        title=None,
        topic=digest.topic,
        badge_count=None,
        keywords=list(digest.keywords),
        filter=list(digest.filter),
        papers=papers,
    )
    text = FORMATS[target].render_document(converted)
    return Conversion(loads(text), text, losses)


def _moved(paper: Paper, target: DigestFormat) -> Paper:
    link = paper.link
    link = link.replace("/abs/", "/pdf/", 1) if target == "sections" else link.replace("/pdf/", "/abs/", 1)
    return paper.model_copy(update={"link": link, "section": None, "line": 0, "end_line": 0})


def _digest_losses(digest: Digest, target: DigestFormat) -> list[Loss]:
    losses: list[Loss] = []
    if target == "sections":
        if digest.date is not None:
            losses.append(
                Loss(
                    "date",
                    f"{digest.date.isoformat()} is not stored in a sections file; "
                    "name its folder D-Mon-YYYY to keep it",
                )
            )
        for name, value in (("topic", digest.topic), ("badge_count", digest.badge_count)):
            if value:
                losses.append(Loss(name, f"{value!r} has no place in a sections file"))
        for name in ("keywords", "filter"):
            values = getattr(digest, name)
            if values:
                losses.append(Loss(name, f"{len(values)} value(s) have no place in a sections file"))
    layout = digest._layout
    if layout is not None:
        extra = _text_outside_entries(layout.pieces, digest.format)
        if extra:
            losses.append(Loss("trivia", f"{extra} line(s) of text outside entries are not carried over"))
    return losses


def _text_outside_entries(pieces: list[object], fmt: DigestFormat | None) -> int:
    """Count non-blank trivia lines that carry content (not the format's own scaffolding)."""
    count = 0
    for piece in pieces:
        if not isinstance(piece, str):
            continue
        for line in piece.split("\n"):
            stripped = line.strip(" \t\r")
            if stripped and stripped != g.SEPARATOR and not _is_scaffolding(stripped, fmt):
                count += 1
    return count


def _is_scaffolding(line: str, fmt: DigestFormat | None) -> bool:
    """Lines a badge-list generator writes around entries (badges, headings), not content."""
    return fmt == "badge-list" and line.startswith(("[![", "## ", "# "))


def _paper_losses(paper: Paper, target: DigestFormat) -> list[Loss]:
    ident = str(paper.arxiv_id) if paper.arxiv_id else None
    line = paper.line or None
    losses: list[Loss] = []
    if target == "sections":
        if paper.categories:
            losses.append(Loss("categories", " ".join(paper.categories) + " not kept", ident, line))
        if paper.authors_truncated:
            losses.append(
                Loss(
                    "authors_truncated",
                    "the list was cut with `et al.`; sections lists are read as complete",
                    ident,
                    line,
                )
            )
        if paper.section:
            losses.append(Loss("section", f"README section {paper.section!r} not kept", ident, line))
    else:
        for name in ("title_zh", "abstract_zh"):
            if getattr(paper, name) is not None:
                losses.append(Loss(name, "badge-list has no ZH fields", ident, line))
        for name in ("title", "abstract"):
            if "\n" in getattr(paper, name):
                losses.append(
                    Loss(name, "line breaks folded into spaces (one line in badge-list)", ident, line)
                )
    return losses
