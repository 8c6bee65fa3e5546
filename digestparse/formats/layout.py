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
    from typing import TypeAlias

    from ..models import Digest, Paper

    Placed: TypeAlias = "str | HeaderField | Paper"  # a piece as written: entries are papers


def paper_snapshot(paper: Paper) -> tuple[Any, ...]:
    """The content of a paper that its raw text encodes (positions excluded).

    Only immutable values of built-in types (the identifier as a plain ``str``, lists as
    tuples): the garbage collector stops tracking such a tuple the first time it sees it, so a
    list of retained digests does not make every collection rescan one snapshot per paper.
    """
    arxiv_id = paper.arxiv_id
    return (
        None if arxiv_id is None else str.__str__(arxiv_id),
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


class EntrySource:
    """Where a paper came from: its raw text, span and the syntax facts the checker needs.

    ``paper`` is the record the reader made from this text. The layout finds a paper's source
    by that reference, never by ``id()`` alone, so the link survives ``copy.deepcopy``,
    ``model_copy(deep=True)`` and pickling of the whole digest (each copies the paper and this
    reference to it together).

    The raw text is not copied out of the file: the entry keeps the file's text (one string,
    shared by every entry of the digest) and its offsets, and ``raw`` slices it when a writer
    asks. A retained digest then holds its text once instead of twice (1.3 KB per paper less).
    """

    __slots__ = ("_end", "_start", "_text", "end_line", "facts", "line", "paper", "snapshot", "spans")

    def __init__(
        self,
        raw: str,
        line: int,
        end_line: int,
        snapshot: tuple[Any, ...],
        facts: EntryFacts = NO_FACTS,
        spans: dict[str, Span] | None = None,
        paper: Paper | None = None,
        *,
        offsets: tuple[int, int] | None = None,
    ) -> None:
        """``raw`` is the entry's text, or (with ``offsets``) the whole text it is a slice of."""
        self._text = raw
        self._start, self._end = offsets if offsets is not None else (0, len(raw))
        self.line = line
        self.end_line = end_line
        self.snapshot = snapshot
        self.facts = facts
        # (line, col) of each field's value, keyed by Paper field name
        self.spans: dict[str, Span] = {} if spans is None else spans
        self.paper = paper

    @property
    def raw(self) -> str:
        """The entry's exact text (LF line ends, its final newline included when it has one)."""
        if self._start == 0 and self._end == len(self._text):
            return self._text
        return self._text[self._start : self._end]

    def __repr__(self) -> str:
        return f"EntrySource(line={self.line}, end_line={self.end_line}, raw={self.raw!r})"


@dataclass(slots=True)
class HeaderField:
    """A header line holding one digest field (``badge_count``, ``keywords``, ...)."""

    name: str
    raw: str
    value: Any


Piece = str | HeaderField | EntrySource
"""One piece of a file: raw trivia, a header field, or an entry."""


@dataclass(slots=True)
class Layout:
    """The file as pieces in order; each entry piece knows the paper it was read into."""

    pieces: list[Piece]
    separator: str  # what stands between two consecutive entries ("\n": a blank line)
    ends_with_newline: bool = True
    bom: bool = False
    newline: str = "\n"
    _index: dict[int, EntrySource] = field(default_factory=dict, repr=False)
    _index_owner: int = field(default=0, repr=False)

    @property
    def sources(self) -> list[EntrySource]:
        """The entries in file order."""
        return [piece for piece in self.pieces if isinstance(piece, EntrySource)]

    @property
    def entries(self) -> dict[int, EntrySource]:
        """The entries by ``id()`` of the paper each was read into (rebuilt after a copy)."""
        if self._index_owner != id(self):
            self._index = {id(s.paper): s for s in self.pieces if isinstance(s, EntrySource)}
            self._index_owner = id(self)
        return self._index

    def source_of(self, paper: Paper) -> EntrySource | None:
        """The source facts of a paper read from this layout (``None`` for a new paper)."""
        index = self._index if self._index_owner == id(self) else self.entries  # the rules ask per field
        source = index.get(id(paper))
        return source if source is not None and source.paper is paper else None

    def original_text(self) -> str:
        """The text the layout was read from (LF line ends, no BOM)."""
        out: list[str] = []
        for piece in self.pieces:
            out.append(piece if isinstance(piece, str) else piece.raw)
        return "".join(out)


def layout_of(digest: Digest) -> Layout | None:
    """The layout ``digest`` was read over, or ``None`` for a digest built in code."""
    layout = digest._layout
    return layout if isinstance(layout, Layout) else None


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
    out: list[str] = []
    for piece, source in _reconcile(layout, digest.papers):
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, HeaderField):
            current = header_value(digest, piece.name)
            out.append(piece.raw if current == piece.value else render_header(digest, piece, current))
        else:
            out.append(_entry_text(piece, source, render_entry))
    return "".join(out)


def changed_papers(digest: Digest, layout: Layout | None) -> list[int]:
    """Indices of the papers of ``digest`` that will be rendered, not written back raw."""
    if layout is None:
        return list(range(len(digest.papers)))
    used: set[int] = set()
    changed = []
    for index, paper in enumerate(digest.papers):
        source = layout.source_of(paper)
        if source is None or id(source) in used or paper_snapshot(paper) != source.snapshot:
            changed.append(index)
        if source is not None:
            used.add(id(source))
    return changed


def _entry_text(paper: Paper, source: EntrySource | None, render_entry: EntryRenderer) -> str:
    if source is not None and paper_snapshot(paper) == source.snapshot:
        return source.raw
    text = render_entry(paper, source)
    if source is not None and not source.raw.endswith("\n"):
        text = text.removesuffix("\n")
    return text


def _reconcile(layout: Layout, papers: Sequence[Paper]) -> list[tuple[Placed, EntrySource | None]]:
    """Fit the current paper list into the original pieces.

    Each paper read from this layout keeps its source (the first time it appears: the same
    record listed twice is written twice, the second time rendered). Surviving papers fill the
    original entry slots in their current order; a removed paper takes one adjacent separator
    with it; a new paper goes right after the paper before it in the list (or before the first
    one), joined by the format's separator.
    """
    sources: list[EntrySource | None] = []
    used: set[int] = set()
    for paper in papers:
        source = layout.source_of(paper)
        if source is not None and id(source) in used:
            source = None
        if source is not None:
            used.add(id(source))
        sources.append(source)
    pieces: list[Placed | EntrySource] = list(layout.pieces)
    # 1. drop removed entries with one adjacent separator
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if isinstance(piece, EntrySource) and id(piece) not in used:
            del pieces[index]
            if index < len(pieces) and pieces[index] == layout.separator and _is_entry(pieces, index + 1):
                del pieces[index]
            elif index > 0 and pieces[index - 1] == layout.separator:
                del pieces[index - 1]
                index -= 1
            continue
        index += 1
    # 2. surviving papers fill the remaining slots in current order; 3. each new paper goes
    # right after the paper before it in the list (one pass: entries come out in list order)
    leading: list[Paper] = []
    runs: list[list[Paper]] = []
    current = leading
    for paper, source in zip(papers, sources, strict=True):
        if source is None:
            current.append(paper)
        else:
            current = []
            runs.append(current)
    survivors = iter([(p, s) for p, s in zip(papers, sources, strict=True) if s is not None])
    placed: list[tuple[Placed, EntrySource | None]] = []
    slot = 0
    for position, piece in enumerate(pieces):
        if not isinstance(piece, EntrySource):
            placed.append((piece, None))
            continue
        if slot == 0:
            for paper in leading:
                placed.extend(((paper, None), (layout.separator, None)))
        placed.append(next(survivors))
        last_piece = position == len(pieces) - 1
        for number, paper in enumerate(runs[slot]):
            joint = layout.separator
            if number == 0 and last_piece and not layout.ends_with_newline:
                joint = "\n" + layout.separator
            placed.extend(((joint, None), (paper, None)))
        slot += 1
    if not runs and leading:
        # No entry to attach to: after all trivia, as the paper list's first entries.
        placed.append((leading[0], None))
        for paper in leading[1:]:
            placed.extend(((layout.separator, None), (paper, None)))
    return placed


def _is_entry(pieces: list[Placed | EntrySource], index: int) -> bool:
    return index < len(pieces) and isinstance(pieces[index], EntrySource)
