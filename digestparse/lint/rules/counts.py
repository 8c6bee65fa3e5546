"""DP107-DP108, DP112-DP114: the counts and the table of contents a digest states about itself
(badges, the archive's count table, ai-summary's `[Total: N]` lines)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import _lines as g
from ...formats.ai_summary import grammar as ai
from ...formats.layout import HeaderField
from ...normalize.mojibake import repair_mojibake
from ..context import DigestContext
from ..diagnostic import Diagnostic, Edit, Fix, Severity
from ..table import digest_rule

# Entries that could not be read whole: the number of entries read is then not to be trusted.
_UNREADABLE_ENTRIES = frozenset({"DP101", "DP102"})


@digest_rule("DP107", "badge-count-mismatch", Severity.ERROR, fixable=True)
def badge_count_mismatch(ctx: DigestContext) -> Iterator[Diagnostic]:
    """The `Papers-N` badge of a badge-list topic file differs from the number of entries.

    ## What it does
    Compares the count in the shields.io badge with the entries listed. The README archive's
    `paper_today` badge counts its table instead and is checked by DP108.

    ## Why is this bad?
    Readers trust the badge; every generated topic file in the real corpus has it right, so a
    wrong one means entries were lost or added by hand.

    ## Example
    ```markdown
    [![Total Papers](https://img.shields.io/badge/Papers-19-2688EB)]()
    ```
    with 18 entries below.

    ## Use instead
    ```markdown
    [![Total Papers](https://img.shields.io/badge/Papers-18-2688EB)]()
    ```

    ## Fix safety
    Safe: only the number in the badge changes. Unsafe (not applied by `--fix`) when the
    digest has a malformed or unterminated entry (DP101, DP102): the count of entries read is
    then not the count the file should have, and setting the badge to it would hide the
    truncation instead of fixing it.
    """
    found = ctx.header_line("badge_count")
    if found is None or ctx.digest.badge_count is None:
        return
    line, piece = found
    match = g.BADGE_COUNT.match(piece.raw)
    if match is None or match["label"] != "Papers":
        return
    entries = len(ctx.digest.papers)
    if ctx.digest.badge_count == entries:
        return
    col, end = match.start("count") + 1, match.end("count") + 1
    broken = any(p.code in _UNREADABLE_ENTRIES for p in ctx.digest.problems)
    fix = Fix(f"set the badge to {entries}", (Edit(line, col, line, end, str(entries)),), safe=not broken)
    yield ctx.diagnostic(
        "DP107",
        f"badge says {ctx.digest.badge_count} papers but the digest lists {entries}",
        line,
        col,
        end_col=end,
        fix=fix,
    )


_TABLE_ROW = re.compile(r"\| \[(?P<name>[^\]\n]+)\]\(#[^)\n]*\) *\| *(?P<count>\d+) *\|")


@digest_rule("DP108", "archive-count-mismatch", Severity.WARNING)
def archive_count_mismatch(ctx: DigestContext) -> Iterator[Diagnostic]:
    """The README archive's count table disagrees with its badge or with its sections.

    ## What it does
    In a README "full archive", checks that the `paper_today-N+` badge equals the sum of the
    count table, and that each table row equals the entries listed in its category section.

    ## Why is this bad?
    The archive's own summary is wrong: in the real corpus a table said `0` for a section that
    listed 62 papers, and a badge of 177 stood over 402 entries.

    ## Example
    ```markdown
    | [Artificial Intelligence 🧠](#artificial-intelligence-) | 0     |
    ```
    above a section with 62 entries.

    ## Use instead
    Regenerate the table from the entries.

    ## Fix safety
    No fix.
    """
    found = ctx.header_line("badge_count")
    if found is None:
        return
    badge_line, piece = found
    match = g.BADGE_COUNT.match(piece.raw)
    if match is None or match["label"] == "Papers":
        return
    rows = [(line, m) for line, text in ctx.trivia_lines() if (m := _TABLE_ROW.fullmatch(text))]
    if not rows:
        return
    total = sum(int(m["count"]) for _, m in rows)
    if ctx.digest.badge_count is not None and total != ctx.digest.badge_count:
        yield ctx.diagnostic(
            "DP108",
            f"badge says {ctx.digest.badge_count} but the count table adds up to {total}",
            badge_line,
            match.start("count") + 1,
        )
    per_section: dict[str, int] = {}
    for paper in ctx.digest.papers:
        key = _section_key(paper.section or "")
        per_section[key] = per_section.get(key, 0) + 1
    for line, row in rows:
        listed = per_section.get(_section_key(row["name"]), 0)
        if listed != int(row["count"]):
            name = repair_mojibake(row["name"]).strip()
            yield ctx.diagnostic(
                "DP108",
                f"count table says {row['count']} for {name!r} but its section lists {listed}",
                line,
                1,
            )


def _section_key(name: str) -> str:
    return "".join(ch for ch in repair_mojibake(name).casefold() if ch.isalnum())


# ---------------------------------------------------------------- ai-summary table of contents


def _toc_counts(ctx: DigestContext) -> list[tuple[int, str, str, int, int]]:
    """(line, section name, raw line, declared, entries) of each ToC count line.

    The ai-summary reader keeps each `- [cs.CV](#cs.CV) [Total: 261]` line as a header field
    ``count:<name>`` whose value is (declared, entry heads counted under that section).
    """
    found: list[tuple[int, str, str, int, int]] = []
    if not ctx.digest.declared_counts:
        return found
    for line, piece in ctx.pieces_with_lines():
        if isinstance(piece, HeaderField) and piece.name.startswith("count:"):
            value = piece.value
            if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
                found.append((line, piece.name[len("count:") :], piece.raw, value[0], value[1]))
    return found


def _section_headings(ctx: DigestContext) -> dict[str, int]:
    """Section name -> 1-based line of its heading (`# cs.CV [[Back]](#toc)` or an anchored `## `)."""
    headings: dict[str, int] = {}
    previous = ""
    for number, line in enumerate(ctx.lines, start=1):
        if line.startswith("# ") and "[[Back]]" in line:
            match = ai.SECTION_BACK.fullmatch(line)
            if match is not None:
                headings.setdefault(repair_mojibake(match["name"].strip()), number)
        elif line.startswith("## ") and ai.SECTION_ANCHOR.fullmatch(previous):
            match = ai.SECTION_H2.fullmatch(line)
            if match is not None:
                headings.setdefault(repair_mojibake(match["name"].strip()), number)
        if line.strip():
            previous = line
    return headings


@digest_rule("DP112", "declared-count-mismatch", Severity.ERROR, fixable=True)
def declared_count_mismatch(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A table-of-contents count (`[Total: N]`) differs from the entries of its section.

    ## What it does
    In an ai-summary digest, compares each ToC line's `[Total: N]` (or `(N 篇)`) with the
    entries listed under that section's heading. A ToC line whose section is missing
    altogether is DP113's.

    ## Why is this bad?
    The generator writes the count from the same list it writes the entries from, so every
    real digest has them equal; a difference means entries were lost (a cut file, a failed
    batch) or added by hand.

    ## Example
    ```markdown
    - [cs.CV](#cs.CV) [Total: 145]
    ```
    over a `# cs.CV [[Back]](#toc)` section with 144 entries.

    ## Use instead
    ```markdown
    - [cs.CV](#cs.CV) [Total: 144]
    ```

    ## Fix safety
    Safe: only the number changes. Unsafe when the digest has a malformed or unterminated
    entry (DP101, DP102): the entries read are then not the entries the file should have.
    """
    counts = _toc_counts(ctx)
    if not counts:
        return
    headings = _section_headings(ctx)
    broken = any(p.code in _UNREADABLE_ENTRIES for p in ctx.digest.problems)
    for line, name, raw, declared, entries in counts:
        if declared == entries or name not in headings:
            continue
        match = _COUNT_IN_TOC.search(raw)
        col, end = (match.start(1) + 1, match.end(1) + 1) if match else (1, None)
        fix = (
            Fix(f"set the count to {entries}", (Edit(line, col, line, end, str(entries)),), safe=not broken)
            if end is not None
            else None
        )
        yield ctx.diagnostic(
            "DP112",
            f"table of contents says {declared} for {name!r} but its section lists {entries}",
            line,
            col,
            end_col=end,
            fix=fix,
        )


_COUNT_IN_TOC = re.compile(r"(?:\[Total: |\()(\d+)(?:\]| 篇\))[ \t\r]*$")


@digest_rule("DP113", "toc-section-missing", Severity.WARNING)
def toc_section_missing(ctx: DigestContext) -> Iterator[Diagnostic]:
    """The table of contents lists a section the digest does not have.

    ## What it does
    In an ai-summary digest, reports a ToC line with a non-zero count whose section heading
    (`# cs.CV [[Back]](#toc)`, or `## cs.CV` under its anchor) appears nowhere in the file.

    ## Why is this bad?
    The link goes nowhere and the counted entries are missing: the file was cut or a
    section was dropped.

    ## Example
    ```markdown
    - [cs.RO](#cs.RO) [Total: 12]
    ```
    with no `# cs.RO [[Back]](#toc)` below.

    ## Use instead
    Restore the section, or drop its ToC line.

    ## Fix safety
    No fix.
    """
    counts = _toc_counts(ctx)
    if not counts:
        return
    headings = _section_headings(ctx)
    for line, name, _, declared, _ in counts:
        if declared and name not in headings:
            yield ctx.diagnostic(
                "DP113",
                f"table of contents lists {name!r} ({declared}) but the digest has no such section",
                line,
                1,
            )


@digest_rule("DP114", "section-not-in-toc", Severity.WARNING)
def section_not_in_toc(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A section with arXiv papers is missing from the digest's table of contents.

    ## What it does
    In an ai-summary digest that has a table of contents, reports a section heading whose
    section holds arXiv papers but has no ToC line. Sections of non-arXiv sources (Zenodo,
    PubMed, a journal) are left out of the ToC by some forks on purpose; they hold no arXiv
    paper and stay quiet.

    ## Why is this bad?
    The ToC is the digest's index: a reader following it never sees these papers, and the
    counts no longer describe the file.

    ## Example
    A `# cs.LG [[Back]](#toc)` section with 8 papers and no `- [cs.LG](#cs.LG) [Total: 8]`.

    ## Use instead
    Add the ToC line.

    ## Fix safety
    No fix.
    """
    if not ctx.digest.declared_counts:
        return
    with_papers = {paper.section for paper in ctx.digest.papers if paper.arxiv_id is not None}
    for name, line in _section_headings(ctx).items():
        if name in with_papers and name not in ctx.digest.declared_counts:
            yield ctx.diagnostic(
                "DP114", f"section {name!r} has papers but no table-of-contents line", line, 1
            )
