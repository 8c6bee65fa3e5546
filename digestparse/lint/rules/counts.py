"""DP107-DP108: the counts a digest states about itself (badges, the archive's count table)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import _lines as g
from ...normalize.mojibake import repair_mojibake
from ..context import DigestContext
from ..diagnostic import Diagnostic, Edit, Fix, Severity
from ..registry import rule

# Entries that could not be read whole: the number of entries read is then not to be trusted.
_UNREADABLE_ENTRIES = frozenset({"DP101", "DP102"})


@rule("DP107", "badge-count-mismatch", Severity.ERROR, fixable=True)
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


@rule("DP108", "archive-count-mismatch", Severity.WARNING)
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
