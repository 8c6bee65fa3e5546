"""The cross-digest index: what earlier files said about each paper, kept compact.

Files stream through once, in a stable order. For each paper the index keeps one
:class:`Telling` per *distinct* way it was told (title, authors, categories, abstract
fingerprint): the abstract itself is not kept, only a hash and its figures. A new telling is
compared with the earlier ones of the same identifier; an identical one costs nothing (it is
found by its identity in a set, not by comparing it with each earlier telling).

A paper told in more than :data:`MAX_VARIANTS` different ways keeps only its first
``MAX_VARIANTS`` for comparison: later ones are still compared with those, but each telling then
costs a bounded number of comparisons, so a digest that tells one identifier thousands of times,
each a little differently, is checked in linear time instead of comparing every pair. Real
archives tell a paper in at most a handful of ways (five, across the 820 digests surveyed).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Paper
from ..normalize.figures import Figure, comparable_text, figures
from ..normalize.latex import resolve_latex

_NOT_ALNUM = re.compile(r"[\W_]+")
MAX_VARIANTS = 16


def _key(text: str, *, plain: bool = False) -> str:
    """Letters and digits only, case-folded, accents dropped: what survives trailing spaces,
    glued words, punctuation changes and the same name written with or without its accents or
    in another Unicode normal form (used for titles and names). ``plain``: the text is already
    :func:`comparable_text`."""
    if not plain:
        text = resolve_latex(html.unescape(text) if "&" in text else text)  # spaces go below anyway
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)  # é -> e + combining accent, dropped below
    return _NOT_ALNUM.sub("", text.casefold())


def _digest(plain: str) -> bytes:
    """A short hash of the abstract's words: equal tellings share it (spaces and case ignored)."""
    return hashlib.blake2b(plain.casefold().replace(" ", "").encode("utf-8"), digest_size=8).digest()


@dataclass(frozen=True, slots=True)
class Telling:
    """One distinct way a paper was told, and where it was first seen."""

    path: str
    line: int
    abstract_line: int
    version: int | None
    title: str
    title_key: str
    authors: tuple[str, ...]  # keys of the names, for comparison
    names: tuple[str, ...]  # the names as written, for messages
    authors_truncated: bool
    categories: tuple[str, ...]
    abstract_hash: bytes
    figures: tuple[Figure, ...]
    # the fields this telling holds (EntryFacts.present): a field compares only where both hold it
    present: frozenset[str] = frozenset({"title", "authors", "abstract"})

    @property
    def identity(self) -> tuple[object, ...]:
        """Two tellings with the same identity say the same thing."""
        return (
            self.title_key,
            self.authors,
            self.authors_truncated,
            self.categories,
            self.abstract_hash,
            self.version,
            self.present,
        )

    def holds(self, name: str, other: Telling) -> bool:
        """Whether both tellings hold the field ``name``: a digest without an Authors column
        says nothing about the authors, so it cannot contradict another digest's list."""
        return name in self.present and name in other.present


def telling_of(
    paper: Paper,
    path: str,
    abstract_line: int,
    *,
    full: bool = True,
    present: frozenset[str] = frozenset({"title", "authors", "abstract"}),
) -> Telling:
    """Fingerprint a paper for the index.

    ``full=False`` (a paper told only once in the run) keeps just what the title rule needs;
    :func:`completed` makes the full fingerprint from it later (the check cache keeps a
    paper's fields for that, in case a later run tells the paper again). ``present``: the
    fields the entry holds (its ``EntryFacts.present``, or its format's ``paper_fields``).
    """
    short = Telling(
        path,
        paper.line,
        abstract_line,
        paper.version,
        paper.title,
        _key(paper.title),
        (),
        (),
        paper.authors_truncated,
        (),
        b"",
        (),
        present,
    )
    return completed(short, paper.authors, paper.categories, paper.abstract) if full else short


def completed(short: Telling, authors: Sequence[str], categories: Sequence[str], abstract: str) -> Telling:
    """The full fingerprint of a paper from its title-only one and its other fields.

    Author "names" without a letter or digit (a scraper's stray ``:``) are left out of the
    comparison: ``NVIDIA, :, Johan Bjorck`` and ``NVIDIA, Johan Bjorck`` are the same list.
    """
    named = [(key, name) for name in authors if (key := _key(name))]
    plain = comparable_text(abstract)
    return Telling(
        path=short.path,
        line=short.line,
        abstract_line=short.abstract_line,
        version=short.version,
        title=short.title,
        title_key=short.title_key,
        authors=tuple(key for key, _ in named),
        names=tuple(name for _, name in named),
        authors_truncated=short.authors_truncated,
        categories=tuple(sorted(categories)),
        abstract_hash=_digest(plain),
        figures=figures(plain, plain=True),
        present=short.present,
    )


@dataclass(frozen=True, slots=True)
class Unfingerprinted:
    """The fields of a paper that got a title-only fingerprint (told once in its run), kept in
    the cache so that a later run telling it again can complete it without reading the file."""

    position: int  # in the file's list of tellings
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    abstract: str


def title_only(telling: Telling) -> Telling:
    """A full fingerprint cut down to what ``telling_of(..., full=False)`` keeps (the same
    value): a cached full fingerprint of a paper told once in this run."""
    return Telling(
        telling.path,
        telling.line,
        telling.abstract_line,
        telling.version,
        telling.title,
        telling.title_key,
        (),
        (),
        telling.authors_truncated,
        (),
        b"",
        (),
        telling.present,
    )


@dataclass
class CorpusIndex:
    """Tellings by arXiv identifier, and the first identifier seen under each title."""

    tellings: dict[str, list[Telling]] = field(default_factory=dict)
    titles: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    reported: set[tuple[object, ...]] = field(default_factory=set)  # figure conflicts already told
    identities: set[tuple[str, tuple[object, ...]]] = field(default_factory=set)  # every one seen

    def earlier(self, arxiv_id: str) -> list[Telling]:
        """The distinct tellings of ``arxiv_id`` kept for comparison (at most ``MAX_VARIANTS``)."""
        return self.tellings.get(arxiv_id, [])

    def add(self, arxiv_id: str, telling: Telling) -> bool:
        """Remember a telling (and the first identifier seen under its title); False when an
        identical one is already known."""
        if len(telling.title.split()) >= 4:  # "Introduction"-like titles are not evidence
            self.titles.setdefault(telling.title_key, (arxiv_id, telling.path, telling.line))
        key = (arxiv_id, telling.identity)
        if key in self.identities:
            return False
        self.identities.add(key)
        known = self.tellings.setdefault(arxiv_id, [])
        if len(known) < MAX_VARIANTS:
            known.append(telling)
        return True

    def title_owner(self, telling: Telling, arxiv_id: str) -> tuple[str, str, int] | None:
        """The first (id, path, line) added with this title if it is another identifier."""
        if len(telling.title.split()) < 4:
            return None
        owner = self.titles.get(telling.title_key)
        return owner if owner is not None and owner[0] != arxiv_id else None
