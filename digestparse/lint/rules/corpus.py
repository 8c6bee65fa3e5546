"""DP4xx: the same paper told differently in two digests.

Each rule gets one telling of a paper and the earlier tellings of the same paper
(:class:`~..corpus_context.CorpusContext`) and reports at the new telling, pointing back at the
earlier ones: one finding per rule, against the first earlier telling it differs from, naming
how many other earlier tellings it differs from too. Where both tellings carry different
versions, the difference is a probable replacement (DP402), never a conflict. Harmless
differences never reach these checks: both tellings are compared through keys that drop LaTeX
escapes, entities, white space, punctuation and case, and an author list cut with ``et al.`` is
compared as a prefix.
"""

from __future__ import annotations

from collections.abc import Callable

from ...normalize.figures import Figure, conflicts
from ..corpus_context import CorpusContext
from ..corpus_index import Telling
from ..diagnostic import Diagnostic, Severity
from ..table import corpus_rule

# What one pair of tellings says about a rule: a message, or None when they agree.
Compare = Callable[[str, Telling, Telling], str | None]


def _replaced(new: Telling, old: Telling) -> bool:
    """Both tellings carry a version, and not the same one."""
    return new.version is not None and old.version is not None and new.version != old.version


def _findings(
    ctx: CorpusContext, code: str, found: list[tuple[str, Telling]], *, on_abstract: bool = False
) -> list[Diagnostic]:
    """One finding for the new telling: the message against the first earlier telling, with
    how many others it differs from too; ``on_abstract``: placed on the abstract's line."""
    if not found:
        return []
    (message, _first), *others = found
    if others:
        message += f" (also differs from {len(others)} other earlier digest(s))"
    line = ctx.telling.abstract_line if on_abstract else ctx.telling.line
    related = tuple((old.path, old.abstract_line if on_abstract else old.line) for _, old in found)
    return [ctx.diagnostic(code, message, line, related)]


def _against_earlier(ctx: CorpusContext, code: str, compare: Compare, *, replaced: bool) -> list[Diagnostic]:
    """Compare a new telling with each earlier one of the same version (``replaced``: of
    another version) and report what differs. (Plain functions, not generators: the rules run
    for every telling of a run, and most have nothing to compare.)"""
    if not ctx.new or not ctx.earlier:
        return []
    found = []
    for old in ctx.earlier:
        if _replaced(ctx.telling, old) == replaced:
            message = compare(ctx.arxiv_id, ctx.telling, old)
            if message is not None:
                found.append((message, old))
    return _findings(ctx, code, found)


@corpus_rule("DP401", "differing-figures", Severity.ERROR)
def differing_figures(ctx: CorpusContext) -> list[Diagnostic]:
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
    if not ctx.new or not ctx.earlier:
        return []
    found = []
    for old in ctx.earlier:
        if _replaced(ctx.telling, old):
            continue
        message = compare_figures(ctx.arxiv_id, ctx.telling, old)
        if message is None:
            continue
        signatures = figure_signatures(ctx.arxiv_id, ctx.telling, old)
        if signatures <= ctx.index.reported:
            continue  # the same contradiction was reported at an earlier telling
        ctx.index.reported.update(signatures)
        found.append((message, old))
    return _findings(ctx, "DP401", found, on_abstract=True)


def compare_figures(arxiv_id: str, new: Telling, old: Telling) -> str | None:
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


def figure_signatures(arxiv_id: str, new: Telling, old: Telling) -> frozenset[tuple[object, ...]]:
    """What a figure conflict is about: the paper, the figure's key and the two values.

    DP401 reports each signature once, so one wrong copy of a paper told the same way in many
    digests gives one diagnostic, not one per digest.
    """
    return frozenset((arxiv_id, a.key, frozenset((a.value, b.value))) for a, b in figure_conflicts(old, new))


def figure_conflicts(old: Telling, new: Telling) -> list[tuple[Figure, Figure]]:
    """The figures of ``new`` that differ from ``old``'s under the same key (see
    :func:`~digestparse.normalize.figures.conflicts`). Abstracts written alike have the same
    figures, so theirs are not computed: most tellings of a paper copy one abstract."""
    if old.abstract == new.abstract:
        return []
    return conflicts(old.figures, new.figures)


@corpus_rule("DP402", "replaced-version", Severity.INFO)
def replaced_version(ctx: CorpusContext) -> list[Diagnostic]:
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
    return _against_earlier(ctx, "DP402", _replacement, replaced=True)


def _replacement(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    if new.version is None or old.version is None or new.version == old.version:
        return None
    changed = [name for _code, name, check in COMPARISONS if check(arxiv_id, new, old) is not None]
    if not changed:
        return None
    return (
        f"{arxiv_id}: {', '.join(changed)} differ between v{old.version} at {old.path}:"
        f"{old.line} and v{new.version} here: probably replaced between versions"
    )


@corpus_rule("DP403", "title-differs", Severity.WARNING)
def title_differs(ctx: CorpusContext) -> list[Diagnostic]:
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
    return _against_earlier(ctx, "DP403", compare_titles, replaced=False)


def compare_titles(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    if new.title_key == old.title_key or not new.holds("title", old):
        return None
    return f"{arxiv_id}: title {new.title[:70]!r} here but {old.title[:70]!r} at {old.path}:{old.line}"


@corpus_rule("DP404", "authors-differ", Severity.WARNING)
def authors_differ(ctx: CorpusContext) -> list[Diagnostic]:
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
    return _against_earlier(ctx, "DP404", compare_authors, replaced=False)


def compare_authors(arxiv_id: str, new: Telling, old: Telling) -> str | None:
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


@corpus_rule("DP405", "categories-differ", Severity.WARNING)
def categories_differ(ctx: CorpusContext) -> list[Diagnostic]:
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
    return _against_earlier(ctx, "DP405", compare_categories, replaced=False)


def compare_categories(arxiv_id: str, new: Telling, old: Telling) -> str | None:
    if not new.categories or not old.categories or new.categories == old.categories:
        return None
    return (
        f"{arxiv_id}: categories {' '.join(new.categories)} here but "
        f"{' '.join(old.categories)} at {old.path}:{old.line}"
    )


@corpus_rule("DP406", "same-title-other-id", Severity.WARNING)
def same_title_other_id(ctx: CorpusContext) -> list[Diagnostic]:
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
    """
    owner = ctx.index.title_owner(ctx.telling, ctx.arxiv_id)
    if owner is None:
        return []
    other_id, other_path, other_line = owner
    message = f"{ctx.arxiv_id}: the same title as {other_id} at {other_path}:{other_line}"
    return [ctx.diagnostic("DP406", message, ctx.telling.line, ((other_path, other_line),))]


# Each comparison of two tellings, by the code that reports it and the field it compares (the
# paper index's history reports changes through them too).
COMPARISONS: tuple[tuple[str, str, Compare], ...] = (
    ("DP401", "figures", compare_figures),
    ("DP403", "title", compare_titles),
    ("DP404", "authors", compare_authors),
    ("DP405", "categories", compare_categories),
)
