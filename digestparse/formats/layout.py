"""The exact text a digest was read from, and how it is written back.

A :class:`Layout` is the file as a sequence of pieces: raw trivia (header, separators, section
headings, orphan text), header fields (a line whose value is a ``Digest`` field), and papers.
Each paper keeps its raw text and a snapshot of the values it was parsed to. Writing emits the
raw text of every piece whose value still equals its snapshot and renders only what changed, so
``dumps(loads(text)) == text`` holds by construction and an edit changes only its own entry
(tomlkit keeps ``_raw``/``Trivia`` on every item for the same reason).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Digest, Paper


def paper_snapshot(paper: Paper) -> tuple[Any, ...]:
    """The content of a paper that its raw text encodes (positions excluded)."""
    return (
        paper.arxiv_id,
        paper.version,
        paper.title,
        tuple(paper.authors),
        paper.authors_truncated,
        tuple(paper.categories),
        paper.abstract,
        paper.link,
        paper.title_zh,
        paper.abstract_zh,
        paper.published,
        paper.code_url,
        paper.comment,
        paper.tldr,
        paper.motivation,
        paper.method,
        paper.result,
        paper.conclusion,
    )


Span = tuple[int, int]
"""(1-based line, 1-based column) where a field's value starts in the file."""


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """What the syntax of one entry said, beyond its values: the checker's view of it.

    ``present`` names the ``Paper`` fields the entry's text has (a field that is there but
    empty is in it; one that is missing is not). The ``link_*`` facts come from parsing the
    entry's arXiv link; ``id_text`` is an identifier written apart from the link (badge-list's
    backticked ``arXiv:ID``). ``style`` belongs to the format alone: whatever its writer needs to
    render an edited entry the way the original was written (a frozen dataclass of its own).
    """

    present: frozenset[str]
    id_text: str | None = None
    link_id: str | None = None
    link_arxiv_id: str | None = None
    link_kind: str | None = None
    style: object | None = None


NO_FACTS = EntryFacts(present=frozenset())


@dataclass(slots=True)
class EntrySource:
    """Where a paper came from: its raw text, span and the syntax facts the checker needs."""

    raw: str
    line: int
    end_line: int
    snapshot: tuple[Any, ...]
    facts: EntryFacts = NO_FACTS
    # (line, col) of each field's value, keyed by Paper field name
    spans: dict[str, Span] = field(default_factory=dict)


@dataclass(slots=True)
class HeaderField:
    """A header line holding one digest field (``badge_count``, ``keywords``, ...)."""

    name: str
    raw: str
    value: Any


@dataclass(slots=True)
class Layout:
    """Pieces in file order plus the source facts of each paper (keyed by ``id(paper)``)."""

    pieces: list[Any]
    entries: dict[int, EntrySource]
    separator: str  # what stands between two consecutive entries ("\n": a blank line)
    ends_with_newline: bool = True
    bom: bool = False
    newline: str = "\n"

    def source_of(self, paper: Paper) -> EntrySource | None:
        """The source facts of a paper read from this layout (``None`` for a new paper)."""
        return self.entries.get(id(paper))


EntryRenderer = Callable[["Paper", "EntrySource | None"], str]
HeaderRenderer = Callable[["Digest", HeaderField, Any], str]
HeaderValue = Callable[["Digest", str], Any]


def write(
    digest: Digest,
    layout: Layout,
    render_entry: EntryRenderer,
    render_header: HeaderRenderer,
    header_value: HeaderValue,
) -> str:
    """Write ``digest`` back over ``layout``: raw text where nothing changed, rendered elsewhere."""
    pieces = _reconcile(layout, digest.papers)
    out: list[str] = []
    from ..models import Paper

    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, HeaderField):
            current = header_value(digest, piece.name)
            out.append(piece.raw if current == piece.value else render_header(digest, piece, current))
        elif isinstance(piece, Paper):
            out.append(_entry_text(piece, layout, render_entry))
    return "".join(out)


def _entry_text(paper: Paper, layout: Layout, render_entry: EntryRenderer) -> str:
    source = layout.source_of(paper)
    if source is not None and paper_snapshot(paper) == source.snapshot:
        return source.raw
    text = render_entry(paper, source)
    if source is not None and not source.raw.endswith("\n"):
        text = text.removesuffix("\n")
    return text


def _reconcile(layout: Layout, papers: Sequence[Paper]) -> list[Any]:
    """Fit the current paper list into the original pieces.

    Surviving papers fill the original entry slots in their current order; a removed paper
    takes one adjacent separator with it; a new paper goes right after the paper before it in
    the list (or before the first one), joined by the format's separator.
    """
    from ..models import Paper

    original = [p for p in layout.pieces if isinstance(p, Paper)]
    if len(original) == len(papers) and all(a is b for a, b in zip(original, papers, strict=False)):
        return layout.pieces
    current_ids = {id(p) for p in papers}
    pieces = list(layout.pieces)
    # 1. drop removed papers with one adjacent separator
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if isinstance(piece, Paper) and id(piece) not in current_ids:
            del pieces[index]
            if index < len(pieces) and pieces[index] == layout.separator and _is_entry(pieces, index + 1):
                del pieces[index]
            elif index > 0 and pieces[index - 1] == layout.separator:
                del pieces[index - 1]
                index -= 1
            continue
        index += 1
    # 2. surviving papers fill the remaining slots in current order
    survivors = iter([p for p in papers if id(p) in layout.entries])
    slots = [i for i, p in enumerate(pieces) if isinstance(p, Paper)]
    for slot in slots:
        pieces[slot] = next(survivors)
    # 3. insert new papers after their predecessor
    previous: Paper | None = None
    for paper in papers:
        if id(paper) not in layout.entries:
            pieces = _insert_after(pieces, previous, paper, layout)
        previous = paper
    return pieces


def _is_entry(pieces: list[Any], index: int) -> bool:
    from ..models import Paper

    return index < len(pieces) and isinstance(pieces[index], Paper)


def _insert_after(pieces: list[Any], previous: Paper | None, paper: Paper, layout: Layout) -> list[Any]:
    from ..models import Paper

    positions = [i for i, p in enumerate(pieces) if isinstance(p, Paper)]
    if previous is not None:
        at = next(i for i in positions if pieces[i] is previous)
        tail = pieces[at + 1 :]
        if layout.ends_with_newline or tail:
            return [*pieces[: at + 1], layout.separator, paper, *tail]
        return [*pieces[: at + 1], "\n" + layout.separator, paper]
    if positions:
        first = positions[0]
        return [*pieces[:first], paper, layout.separator, *pieces[first:]]
    # No entry to attach to: append after all trivia, as the paper list's first entry.
    return [*pieces, paper]
