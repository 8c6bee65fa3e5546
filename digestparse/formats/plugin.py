"""What a digest format is: the typed protocol every format plug-in implements.

digestparse knows a format only through this protocol, so the five built-in formats and a
third-party package's format are handled alike (a package registers one through the
``digestparse.formats`` entry point group, as flake8 plug-ins do; see
``docs/formats/writing-a-format.md``).

A format answers five questions: is this file mine (:meth:`FormatPlugin.sniff`, judged from
*entries*, never from header words alone), what does it say (``read``), how is it written back
(``dumps``, byte for byte for an unchanged digest), how is a new entry or document written
(``render_entry``, ``render_document``), and which record fields can it hold at all
(``paper_fields``, ``digest_fields``: conversion reports whatever else as lost, export and the
checker consult them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .._source import Source
    from ..models import Digest, Paper


@dataclass(frozen=True, slots=True)
class Sniff:
    """A format recognised a file.

    ``entries`` counts the entries of the format found in the part of the file sniffed;
    ``line`` is the 1-based line of the first of them, or of the format's furniture (header,
    table of contents, table header) when there is no entry. A sniff with no entry is an empty or
    truncated digest of the format, taken only when the file has no arXiv entry at all.
    """

    entries: int
    line: int


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A line that looks like an entry of the format but is not one, and what it lacks.

    Refusals quote it: ``line 14 looks like a badge-list entry but has no `arXiv:` tag``.
    """

    line: int
    lacks: str


@runtime_checkable
class FormatPlugin(Protocol):
    """The protocol of a digest format. :class:`Format` is the ready-made implementation."""

    @property
    def name(self) -> str:
        """The format's name, as ``Digest.format`` and ``--to`` spell it (``paper-table``)."""
        ...

    @property
    def summary(self) -> str:
        """One line saying which generator writes it."""
        ...

    @property
    def paper_fields(self) -> frozenset[str]:
        """The ``Paper`` fields an entry of this format can hold (positions excluded)."""
        ...

    @property
    def digest_fields(self) -> frozenset[str]:
        """The ``Digest`` fields a file of this format can hold."""
        ...

    @property
    def single_line_fields(self) -> frozenset[str]:
        """Fields the format writes on one physical line: line breaks in them are folded."""
        ...

    def sniff(self, source: Source) -> Sniff | NearMiss | None:
        """Whether ``source`` is a digest of this format, judged from its entries."""
        ...

    def read(self, source: Source) -> Digest:
        """Read the text; problems inside entries are recorded, never raised."""
        ...

    def dumps(self, digest: Digest) -> str:
        """The digest's text (without BOM and with LF line ends: the caller restores those)."""
        ...

    def render_entry(self, paper: Paper) -> str:
        """A new entry for ``paper`` in the generator's style."""
        ...

    def render_document(self, digest: Digest) -> str:
        """A complete new file holding ``digest``, for conversions and new digests."""
        ...

    def adopt(self, paper: Paper) -> Paper:
        """A paper from another format, adjusted to this one's conventions (its link page)."""
        ...


def _unchanged(paper: Paper) -> Paper:
    return paper


def link_to_abstract_page(paper: Paper) -> Paper:
    """``adopt`` for generators that link arXiv's abstract page: ``/pdf/`` becomes ``/abs/``."""
    return paper.model_copy(update={"link": paper.link.replace("/pdf/", "/abs/", 1)})


def link_to_pdf_page(paper: Paper) -> Paper:
    """``adopt`` for generators that link the PDF: ``/abs/`` becomes ``/pdf/``."""
    return paper.model_copy(update={"link": paper.link.replace("/abs/", "/pdf/", 1)})


@dataclass(frozen=True, slots=True)
class Format:
    """A format built from functions: what the built-in formats are, and the easy way for a
    plug-in to implement :class:`FormatPlugin`."""

    name: str
    summary: str
    sniff_function: Callable[[Source], Sniff | NearMiss | None]
    read_function: Callable[[Source], Digest]
    dumps_function: Callable[[Digest], str]
    render_entry_function: Callable[[Paper], str]
    render_document_function: Callable[[Digest], str]
    paper_fields: frozenset[str]
    digest_fields: frozenset[str] = frozenset()
    single_line_fields: frozenset[str] = frozenset()
    adopt_function: Callable[[Paper], Paper] = field(default=_unchanged)

    def sniff(self, source: Source) -> Sniff | NearMiss | None:
        """See :meth:`FormatPlugin.sniff`."""
        return self.sniff_function(source)

    def read(self, source: Source) -> Digest:
        """See :meth:`FormatPlugin.read`."""
        return self.read_function(source)

    def dumps(self, digest: Digest) -> str:
        """See :meth:`FormatPlugin.dumps`."""
        return self.dumps_function(digest)

    def render_entry(self, paper: Paper) -> str:
        """See :meth:`FormatPlugin.render_entry`."""
        return self.render_entry_function(paper)

    def render_document(self, digest: Digest) -> str:
        """See :meth:`FormatPlugin.render_document`."""
        return self.render_document_function(digest)

    def adopt(self, paper: Paper) -> Paper:
        """See :meth:`FormatPlugin.adopt`."""
        return self.adopt_function(paper)


# The fields every format keeps whatever its syntax: where the entry was read.
POSITION_FIELDS = frozenset({"path", "line", "end_line"})
