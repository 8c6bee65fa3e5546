"""DP2xx: arXiv identifiers, links and categories of one digest."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...arxiv import is_known_category, parse_link
from ..context import DigestContext
from ..diagnostic import Diagnostic, Severity
from ..table import digest_rule


@digest_rule("DP201", "id-link-mismatch", Severity.ERROR)
def id_link_mismatch(ctx: DigestContext) -> Iterator[Diagnostic]:
    """The backticked `arXiv:` identifier differs from the identifier in the entry's link.

    ## What it does
    Compares `` `arXiv:ID` `` with the ID in `https://arxiv.org/abs/ID`, versions stripped
    (early digests link `…/abs/2503.21776v1` beside `arXiv:2503.21776`, which is fine).

    ## Why is this bad?
    One of the two points at another paper; readers following the link read something else.

    ## Example
    ```markdown
    - **[Title](https://arxiv.org/abs/2504.01089)**  `arXiv:2504.01098`  `cs.RO`
    ```

    ## Use instead
    Make both say the same identifier.

    ## Fix safety
    No fix: which of the two is right cannot be known from the digest.
    """
    for paper in ctx.digest.papers:
        source = ctx.source_of(paper)
        if source is None or source.facts.id_text is None:
            continue
        listed = paper.arxiv_id  # the backticked ID as the reader parsed it (None: malformed)
        linked = source.facts.link_arxiv_id
        if listed is not None and linked is not None and listed != linked:
            line, col = ctx.span(paper, "arxiv_id")
            yield ctx.diagnostic("DP201", f"`arXiv:{listed}` but the link points to {linked}", line, col)


@digest_rule("DP202", "malformed-id", Severity.ERROR)
def malformed_id(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An arXiv identifier or link that is not a valid arXiv identifier.

    ## What it does
    Checks the backticked ID and the link's ID against arXiv's grammar: `YYMM.NNNN` (2007 to
    2014), `YYMM.NNNNN` (from 2015), optionally `vN`, or old-style `archive/YYMMNNN`.

    ## Why is this bad?
    The paper cannot be found or merged with its other appearances.

    ## Example
    `` `arXiv:2504.0108` `` (four digits after 2015), `…/abs/25041.01089`.

    ## Use instead
    `` `arXiv:2504.01089` ``

    ## Fix safety
    No fix.
    """
    for paper in ctx.digest.papers:
        source = ctx.source_of(paper)
        if source is None:
            continue
        id_text = source.facts.id_text
        if id_text is not None and paper.arxiv_id is None:
            line, col = ctx.span(paper, "arxiv_id")
            yield ctx.diagnostic("DP202", f"malformed arXiv identifier {id_text!r}", line, col)
        link_id = source.facts.link_id
        if paper.link and link_id is not None and source.facts.link_arxiv_id is None:
            line, col = ctx.span(paper, "link")
            yield ctx.diagnostic("DP202", f"malformed arXiv identifier {link_id!r} in the link", line, col)


@digest_rule("DP203", "unknown-category", Severity.ERROR)
def unknown_category(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A category that is not in arXiv's taxonomy.

    ## What it does
    Checks every backticked category against arXiv's category list (shipped with digestparse,
    from `arxiv/taxonomy/definitions.py` of arXiv/arxiv-base). Aliases such as `math.IT`
    (= `cs.IT`) are accepted; retired archives such as `cmp-lg` are not. One finding per paper,
    naming its unknown categories.

    ## Why is this bad?
    A typo (`cs.CVV`) or an invented category breaks filtering by category.

    ## Example
    `` `cs.CVV` ``

    ## Use instead
    `` `cs.CV` ``

    ## Fix safety
    No fix.
    """
    for paper in ctx.digest.papers:
        if not paper.categories:
            continue
        line, col = ctx.span(paper, "categories")
        text = ctx.lines[line - 1] if line <= len(ctx.lines) else None
        unknown: list[tuple[str, int]] = []
        start = 0  # categories are written in order: each is looked for after the one before
        for category in paper.categories:
            found = text.find(f"`{category}`", start) if text is not None else -1
            if found >= 0:
                start = found + len(category) + 2
            if not is_known_category(category) and _judged(ctx, category):
                unknown.append((category, max(found + 2, 1) if text is not None else col))
        if not unknown:
            continue
        # one finding per paper: a line of 125,000 empty `` was 125,000 findings (a 30 MB report)
        names = list(dict.fromkeys(category for category, _ in unknown))
        shown = ", ".join(repr(name) for name in names[:5]) + (", …" if len(names) > 5 else "")
        if len(unknown) == 1:
            message = f"unknown arXiv category {shown}"
        else:
            message = f"{len(unknown)} unknown arXiv categories: {shown}"
        position = unknown[0][1]
        yield ctx.diagnostic("DP203", message, line, position, end_col=position + len(unknown[0][0]))


@digest_rule("DP204", "id-after-digest-date", Severity.WARNING)
def id_after_digest_date(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A paper whose identifier was issued in a month after the digest's date.

    ## What it does
    Compares the year and month encoded in the identifier (`2505.…` is May 2025) with the
    digest's date (header date, or the `D-Mon-YYYY` folder of a sections digest).

    ## Why is this bad?
    A digest cannot list a paper that did not exist yet: the date or the identifier is wrong.
    Older papers are normal (replacements and cross-lists) and are not reported.

    ## Example
    `arXiv:2505.00001` in a digest dated 2025-04-02.

    ## Use instead
    Correct the header date or the identifier.

    ## Fix safety
    No fix.
    """
    date = ctx.digest.date
    if date is None:
        return
    for paper in ctx.digest.papers:
        if paper.arxiv_id is None:
            continue
        year, month = paper.arxiv_id.year_month
        if (year, month) > (date.year, date.month):
            line, col = ctx.span(paper, "arxiv_id")
            yield ctx.diagnostic(
                "DP204",
                f"{paper.arxiv_id} was issued in {year}-{month:02d}, after the "
                f"digest's date {date.isoformat()}",
                line,
                col,
            )


@digest_rule("DP205", "not-an-arxiv-link", Severity.WARNING)
def not_an_arxiv_link(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An entry's link is not an arXiv `abs` or `pdf` URL.

    ## What it does
    Checks that each link has the form `https://arxiv.org/abs/ID` or `https://arxiv.org/pdf/ID`.

    ## Why is this bad?
    The identifier cannot be taken from the link, and readers leave arXiv.

    ## Example
    `[PDF](https://example.org/paper.pdf)`

    ## Use instead
    `[PDF](https://arxiv.org/pdf/2504.00595)`

    ## Fix safety
    No fix.
    """
    for paper in ctx.digest.papers:
        source = ctx.source_of(paper)
        kind = source.facts.link_kind if source is not None else None
        if paper.link and kind is None and parse_link(paper.link) is None:
            line, col = ctx.span(paper, "link")
            yield ctx.diagnostic("DP205", f"link is not an arXiv URL: {paper.link[:80]!r}", line, col)


_CATEGORY_SHAPE = re.compile(r"[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?")


def _judged(ctx: DigestContext, category: str) -> bool:
    """ai-summary forks put their own topic names (`机器学习与数据科学`, `Robotics & control`)
    where the generator puts arXiv's main category: only a value shaped like an arXiv code
    (`cs.CV`, `hep-th`) claims to be one there. Every other format writes arXiv's codes."""
    return ctx.digest.format != "ai-summary" or _CATEGORY_SHAPE.fullmatch(category) is not None
