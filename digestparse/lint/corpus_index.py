"""The cross-digest index: what earlier files said about each paper, kept compact.

Files stream through once, in a stable order. For each paper the index keeps one
:class:`Telling` per *distinct* way it was told (title, authors, categories, abstract): a new
telling is compared with the earlier ones of the same identifier; an identical one costs
nothing (it is found by its identity in a set, not by comparing it with each earlier telling).

A telling holds the fields as the digest wrote them, plus the title's key (every telling needs
it, for DP406). Everything else a comparison uses (author keys, the abstract's hash, the
abstract's figures) is computed when a comparison first needs it, and cached by the text it is
made from. Most tellings never need it: a paper told the same way in many digests is the same
written telling, found without normalising anything, and figures are compared only where two
abstracts are written differently (measured on the real corpus: fingerprinting every paper
eagerly cost as much as reading the files; 1 in 30 tellings of a repeated paper needs more).

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
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..models import Paper
from ..normalize.figures import Figure, comparable_text, figures
from ..normalize.latex import resolve_latex

_NOT_ALNUM = re.compile(r"[\W_]+")
MAX_VARIANTS = 16
_COMPARED = frozenset({"title", "authors", "abstract"})
# ASCII text keyed in one pass over its bytes (a third of the regex's time on real titles):
# upper case mapped to lower, every byte but a letter or digit deleted.
_ASCII_LOWER = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())
_ASCII_NOT_ALNUM = bytes(set(range(128)) - set((string.ascii_letters + string.digits).encode()))


def _key(text: str, *, plain: bool = False) -> str:
    """Letters and digits only, case-folded, accents dropped: what survives trailing spaces,
    glued words, punctuation changes and the same name written with or without its accents or
    in another Unicode normal form (used for titles and names). ``plain``: the text is already
    :func:`comparable_text`."""
    if not plain:
        text = resolve_latex(html.unescape(text) if "&" in text else text)  # spaces go below anyway
    if text.isascii():  # the same as below: ASCII's word characters are letters, digits and _
        return text.encode("ascii").translate(_ASCII_LOWER, _ASCII_NOT_ALNUM).decode("ascii")
    text = unicodedata.normalize("NFKD", text)  # é -> e + combining accent, dropped below
    return _NOT_ALNUM.sub("", text.casefold())


def _digest(plain: str) -> bytes:
    """A short hash of the abstract's words: equal tellings share it (spaces and case ignored)."""
    return hashlib.blake2b(plain.casefold().replace(" ", "").encode("utf-8"), digest_size=8).digest()


# Caches of what a telling computes from its text, keyed by that text: the same title, author
# list or abstract told in many digests is normalised once. Bounded: a run over an archive of
# any size holds a fixed amount of them (a value dropped is computed again, the same).
_title_key = lru_cache(maxsize=1 << 15)(_key)


@lru_cache(maxsize=1 << 12)
def _author_keys(written: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(keys, names) of an author list, leaving out "names" without a letter or digit (a
    scraper's stray ``:``): ``NVIDIA, :, Johan Bjorck`` and ``NVIDIA, Johan Bjorck`` are the
    same list."""
    named = [(key, name) for name in written if (key := _key(name))]
    return tuple(key for key, _ in named), tuple(name for _, name in named)


@lru_cache(maxsize=1 << 12)
def _abstract_hash(abstract: str) -> bytes:
    return _digest(comparable_text(abstract))


@lru_cache(maxsize=1 << 12)
def abstract_figures(abstract: str) -> tuple[Figure, ...]:
    """The figures of an abstract, each keyed by the words around it (see
    :mod:`~digestparse.normalize.figures`)."""
    return figures(abstract)


class Telling(NamedTuple):
    """One distinct way a paper was told, and where it was first seen.

    A tuple of plain values: worker processes send thousands of them to the parent, and the
    check cache stores them. ``listed_authors``, ``categories`` and ``abstract`` are empty in
    a title-only telling (a paper told once in its run: see :func:`telling_of`).
    """

    path: str
    line: int
    abstract_line: int
    version: int | None
    title: str
    title_key: str
    listed_authors: tuple[str, ...]  # the author list as the entry writes it
    authors_truncated: bool
    categories: tuple[str, ...]  # sorted
    abstract: str
    # the fields this telling holds (EntryFacts.present): a field compares only where both hold it
    present: frozenset[str] = _COMPARED

    @property
    def authors(self) -> tuple[str, ...]:
        """The keys of the author names, for comparison."""
        return _author_keys(self.listed_authors)[0]

    @property
    def names(self) -> tuple[str, ...]:
        """The names as written, for messages (one per key of :attr:`authors`)."""
        return _author_keys(self.listed_authors)[1]

    @property
    def abstract_hash(self) -> bytes:
        """A short hash of the abstract's words (LaTeX, entities, spaces and case ignored)."""
        return _abstract_hash(self.abstract)

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The abstract's figures (computed when first asked for, then cached by the text)."""
        return abstract_figures(self.abstract)

    @property
    def written(self) -> tuple[object, ...]:
        """The telling as written: two tellings written the same have the same identity (every
        part of :attr:`identity` is computed from these), found without normalising them."""
        return (
            self.title,
            self.listed_authors,
            self.authors_truncated,
            self.categories,
            self.abstract,
            self.version,
            self.present,
        )

    @property
    def identity(self) -> tuple[object, ...]:
        """Two tellings with the same identity say the same thing."""
        return (*self.outline, self.abstract_hash)

    @property
    def outline(self) -> tuple[object, ...]:
        """The identity but the abstract's hash (the one part that costs its text's LaTeX)."""
        return (
            self.title_key,
            self.authors,
            self.authors_truncated,
            self.categories,
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
    present: frozenset[str] = _COMPARED,
) -> Telling:
    """Fingerprint a paper for the index.

    ``full=False`` (a paper told only once in the run) keeps just what the title rule needs;
    :func:`completed` makes the full fingerprint from it later (the check cache keeps a
    paper's fields for that, in case a later run tells the paper again). ``present``: the
    fields the entry holds (its ``EntryFacts.present``, or its format's ``paper_fields``).
    """
    title = paper.title
    if full:
        authors, categories, abstract = tuple(paper.authors), tuple(sorted(paper.categories)), paper.abstract
    else:
        authors, categories, abstract = (), (), ""
    return Telling(
        path,
        paper.line,
        abstract_line,
        paper.version,
        title,
        _title_key(title),
        authors,
        paper.authors_truncated,
        categories,
        abstract,
        present,
    )


def completed(short: Telling, authors: Sequence[str], categories: Sequence[str], abstract: str) -> Telling:
    """The full fingerprint of a paper from its title-only one and its other fields."""
    return short._replace(
        listed_authors=tuple(authors), categories=tuple(sorted(categories)), abstract=abstract
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
    return telling._replace(listed_authors=(), categories=(), abstract="")


@dataclass(slots=True)
class _Variants:
    """The tellings of one paper seen so far: by how they are written, and (made only once two
    are written differently) by what they say: by :attr:`Telling.outline`, the first telling
    with it, or once a second one came, the hashes of their abstracts."""

    written: dict[tuple[object, ...], Telling]
    outlines: dict[tuple[object, ...], Telling | set[bytes]] | None = None

    def said_anew(self, telling: Telling) -> bool:
        """Record what ``telling`` says; whether no earlier telling said it."""
        assert self.outlines is not None
        outline = telling.outline
        known = self.outlines.get(outline)
        if known is None:
            self.outlines[outline] = telling
            return True
        if isinstance(known, Telling):
            if known.abstract == telling.abstract:
                return False
            known = self.outlines[outline] = {known.abstract_hash}
        digest = telling.abstract_hash
        if digest in known:
            return False
        known.add(digest)
        return True


@dataclass
class CorpusIndex:
    """Tellings by arXiv identifier, and the first identifier seen under each title."""

    tellings: dict[str, list[Telling]] = field(default_factory=dict)
    titles: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    reported: set[tuple[object, ...]] = field(default_factory=set)  # figure conflicts already told
    variants: dict[str, _Variants] = field(default_factory=dict)  # every one seen, by identifier

    def earlier(self, arxiv_id: str) -> list[Telling]:
        """The distinct tellings of ``arxiv_id`` kept for comparison (at most ``MAX_VARIANTS``)."""
        return self.tellings.get(arxiv_id, [])

    def add(self, arxiv_id: str, telling: Telling) -> bool:
        """Remember a telling (and the first identifier seen under its title); False when an
        identical one is already known.

        A telling written as an earlier one was is identical to it; only a telling written
        differently is normalised (and the earlier ones with it, once) to find whether it
        says something else, and abstracts are hashed only where all else is the same."""
        if len(telling.title.split()) >= 4:  # "Introduction"-like titles are not evidence
            self.titles.setdefault(telling.title_key, (arxiv_id, telling.path, telling.line))
        written = telling.written
        seen = self.variants.get(arxiv_id)
        if seen is None:
            self.variants[arxiv_id] = _Variants({written: telling})
            self.tellings[arxiv_id] = [telling]
            return True
        if written in seen.written:
            return False
        if seen.outlines is None:
            seen.outlines = {}
            for earlier in seen.written.values():
                seen.said_anew(earlier)
        seen.written[written] = telling
        if not seen.said_anew(telling):
            return False
        known = self.tellings[arxiv_id]
        if len(known) < MAX_VARIANTS:
            known.append(telling)
        return True

    def title_owner(self, telling: Telling, arxiv_id: str) -> tuple[str, str, int] | None:
        """The first (id, path, line) added with this title if it is another identifier."""
        if len(telling.title.split()) < 4:
            return None
        owner = self.titles.get(telling.title_key)
        return owner if owner is not None and owner[0] != arxiv_id else None
