"""DP4xx: the same paper told differently in two digests.

Each check compares a new telling of a paper with one earlier telling and returns a message
or ``None``; the runner turns messages into diagnostics at the new telling, pointing back at
the earlier one. Harmless differences never reach these checks: both tellings are compared
through keys that drop LaTeX escapes, entities, white space, punctuation and case, and an
author list cut with ``et al.`` is compared as a prefix.
"""

from __future__ import annotations

from ...normalize.figures import Figure, conflicts
from ..corpus_index import Telling
from ..diagnostic import Severity
from ..registry import declare, rule


@rule("DP401", "differing-figures", Severity.ERROR, kind="corpus")
def differing_figures(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    """The same paper's abstract gives different numbers in two digests.

    ## What it does
    Compares the numbers of the paper's abstract in every digest it appears in, each number
    keyed by the words around it: `442 A100-40G GPU hours` in one digest against `220 A100-40G
    GPU hours` in another is reported with both values, both places and the words around the
    number. `0.36\\%` against `0.36%`, `$19.1$` against `19.1`, `1,000` against `1000`, line
    breaks and glued words are the same figure and stay quiet.

    ## Why is this bad?
    A reader cannot tell which figure is right; one digest copied a wrong or outdated number.
    When both links carry different versions, DP402 reports it as a probable replacement
    instead.

    ## Example
    `…pre-trained efficiently on 29M image-text pairs using only 220 A100-40G GPU hours.` in one
    digest, `… using only 442 A100-40G GPU hours.` in another.

    ## Use instead
    Take the figure from the paper's current arXiv version in both digests.

    ## Fix safety
    No fix: which value is right is not known.
    """
    if not new.holds("abstract", old):
        return None
    pairs = figure_conflicts(old, new)
    if not pairs:
        return None
    theirs, mine = pairs[0]
    more = f" (and {len(pairs) - 1} more)" if len(pairs) > 1 else ""
    return (
        f"{arxiv_id}: figure {mine.value} here ({mine.excerpt!r}) but {theirs.value} at "
        f"{old.path}:{old.abstract_line} ({theirs.excerpt!r}){more}"
    )


@rule("DP402", "replaced-version", Severity.INFO, kind="corpus")
def replaced_version(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    """The paper differs between two digests whose links carry different versions.

    ## What it does
    Where both digests link a versioned URL (`…/abs/2503.21776v1` and `…v2`) and the paper's
    figures, title or authors differ, says the paper was probably replaced between versions,
    instead of reporting a conflict (DP401, DP403, DP404).

    ## Why is this bad?
    It usually is not: arXiv replacements change abstracts. It is reported (at `info`, which
    never fails a run) so the older digest can be recognised as outdated.

    ## Example
    `v1` says 28%, `v3` says 34%.

    ## Use instead
    Nothing to do, or refresh the older digest.

    ## Fix safety
    No fix.
    """
    if new.version is None or old.version is None or new.version == old.version:
        return None
    changed = [name for name, check in _CONFLICTS if check(arxiv_id, new, old) is not None]
    if not changed:
        return None
    return (
        f"{arxiv_id}: {', '.join(changed)} differ between v{old.version} at {old.path}:"
        f"{old.line} and v{new.version} here: probably replaced between versions"
    )


@rule("DP403", "title-differs", Severity.WARNING, kind="corpus")
def title_differs(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    """The same paper has different titles in two digests.

    ## What it does
    Compares titles with case, spacing, punctuation, LaTeX escapes and trailing spaces ignored.

    ## Why is this bad?
    One digest is outdated (the paper was retitled in a new version) or wrong.

    ## Example
    `OPC: One-Point-Contraction Unlearning…` against `One-Point Contraction: Erasing…`.

    ## Use instead
    Use the paper's current title everywhere.

    ## Fix safety
    No fix.
    """
    if new.title_key == old.title_key or not new.holds("title", old):
        return None
    return f"{arxiv_id}: title {new.title[:70]!r} here but {old.title[:70]!r} at {old.path}:{old.line}"


@rule("DP404", "authors-differ", Severity.WARNING, kind="corpus")
def authors_differ(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    """The same paper has different author lists in two digests.

    ## What it does
    Compares the names in order. A list cut with `et al.` is compared as a prefix of the full
    list, so a badge-list digest's six names plus `et al.` agree with the full list. A digest
    that holds no author list (an abstract-table without an Authors column) is not compared.

    ## Why is this bad?
    An author was added, dropped or misspelled in one of them.

    ## Example
    `…, Ming Li, Jiaxu Leng, Xindong Wu` against `…, Ming Li, Jiaxu Leng`.

    ## Use instead
    Use the author list of the paper's current version.

    ## Fix safety
    No fix.
    """
    if not new.holds("authors", old):
        return None  # a digest without an author column says nothing about the authors
    a, b = old.authors, new.authors
    if _authors_agree(a, old.authors_truncated, b, new.authors_truncated):
        return None
    return (
        f"{arxiv_id}: {len(b)} author(s) here, {len(a)} at {old.path}:{old.line}; "
        f"{_first_difference(old, new)}"
    )


def _authors_agree(a: tuple[str, ...], a_cut: bool, b: tuple[str, ...], b_cut: bool) -> bool:
    """Equal lists, or a list cut with `et al.` that is a prefix of the other."""
    if not a_cut and not b_cut:
        return a == b
    shorter = min(len(a), len(b))
    if a[:shorter] != b[:shorter]:
        return False
    if len(a) == len(b):
        return True
    return a_cut if len(a) < len(b) else b_cut


def _first_difference(old: Telling, new: Telling) -> str:
    """Name the first position where the lists part, with the names as written."""
    for index, (x, y) in enumerate(zip(old.authors, new.authors, strict=False)):
        if x != y:
            return f"name {index + 1} is {new.names[index]!r} here but {old.names[index]!r} there"
    if len(new.authors) > len(old.authors):
        return f"{new.names[len(old.authors)]!r} is not there"
    return f"{old.names[len(new.authors)]!r} is missing here"


@rule("DP405", "categories-differ", Severity.WARNING, kind="corpus")
def categories_differ(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    """The same paper has different categories in two digests.

    ## What it does
    Compares the category sets where both digests list categories (sections digests and the
    README archive list none, and are not compared).

    ## Why is this bad?
    Filtering by category gives different answers depending on the digest.

    ## Example
    `cs.CV cs.AI` against `cs.CV`.

    ## Use instead
    Use the paper's current arXiv categories.

    ## Fix safety
    No fix.
    """
    if not new.categories or not old.categories or new.categories == old.categories:
        return None
    return (
        f"{arxiv_id}: categories {' '.join(new.categories)} here but "
        f"{' '.join(old.categories)} at {old.path}:{old.line}"
    )


declare(
    "DP406",
    "same-title-other-id",
    Severity.WARNING,
    """The same title under two different arXiv identifiers.

    ## What it does
    Reports a paper whose title (spacing, case and punctuation ignored) was already seen under
    another identifier. Titles of fewer than four words are not compared.

    ## Why is this bad?
    Either an identifier is wrong, or the paper was submitted twice.

    ## Example
    The same title as `2504.01089` under `2504.01098`.

    ## Use instead
    Check both identifiers on arXiv.

    ## Fix safety
    No fix.
    """,
    kind="corpus",
)  # decided by the index's title table (see the runner), not by comparing two tellings


def figure_signatures(arxiv_id: str, new: Telling, old: Telling) -> frozenset[tuple[object, ...]]:
    """What a figure conflict is about: the paper, the figure's key and the two values.

    The runner reports each signature once, so one wrong copy of a paper told the same way in
    many digests gives one diagnostic, not one per digest.
    """
    return frozenset((arxiv_id, a.key, frozenset((a.value, b.value))) for a, b in figure_conflicts(old, new))


def figure_conflicts(old: Telling, new: Telling) -> list[tuple[Figure, Figure]]:
    """The figures of ``new`` that differ from ``old``'s under the same key (see
    :func:`~digestparse.normalize.figures.conflicts`). Abstracts written alike have the same
    figures, so theirs are not computed: most tellings of a paper copy one abstract."""
    if old.abstract == new.abstract:
        return []
    return conflicts(old.figures, new.figures)


_CONFLICTS = (
    ("figures", differing_figures),
    ("title", title_differs),
    ("authors", authors_differ),
    ("categories", categories_differ),
)
CONFLICT_CODES = ("DP401", "DP403", "DP404", "DP405")
