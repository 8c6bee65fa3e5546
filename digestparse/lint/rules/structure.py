"""DP1xx: the structure of one digest (entries, fields, counts)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import _lines as g
from ...normalize.mojibake import repair_mojibake
from ..context import DigestContext
from ..diagnostic import Diagnostic, Edit, Fix, Severity
from ..registry import declare, rule

declare(
    "DP100",
    "not-a-digest",
    Severity.ERROR,
    """
    A file is not a digest: not UTF-8, binary, or neither the badge-list nor the sections format.

    ## What it does
    Reports a file that cannot be read as a digest, with the line and byte where reading failed
    (invalid UTF-8, a NUL byte) or why the text is neither format (an index table, for example).

    ## Why is this bad?
    Nothing in the file can be checked, and a digest pipeline that wrote it is broken. The
    command exits with code 2 when such a file is found.

    ## Example
    An index file beside sections digests: `| Subject | Link | Number of Papers |`.

    ## Use instead
    Exclude index files in `[tool.digestparse] exclude`, or fix the generator.

    ## Fix safety
    No fix.
    """,
)


def _problems(ctx: DigestContext, code: str) -> Iterator[Diagnostic]:
    for problem in ctx.digest.problems:
        if problem.code == code:
            yield ctx.diagnostic(code, problem.message, problem.line, problem.col, end_line=problem.end_line)


@rule("DP101", "malformed-entry", Severity.ERROR)
def malformed_entry(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A badge-list entry does not have the five-line shape, or the file ends inside it.

    ## What it does
    Checks every `- **[Title](URL)**` entry for its author line, `<details>` line, one-line
    abstract and `</details>`, and reports the first line that breaks the shape.

    ## Why is this bad?
    The entry cannot be read: its paper is missing from every export, and a truncated entry
    usually means the generator was killed while writing.

    ## Example
    ```markdown
    - **[A Title](https://arxiv.org/abs/2504.01089)**  `arXiv:2504.01089`  `cs.RO`
      _A. Author_
    ```

    ## Use instead
    Regenerate the digest, or complete the entry's `<details>` block.

    ## Fix safety
    No fix: the missing text is not known.
    """
    return _problems(ctx, "DP101")


@rule("DP102", "unterminated-entry", Severity.ERROR)
def unterminated_entry(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A sections entry does not end with its `---` line.

    ## What it does
    Reports an entry that runs into the next title, or to the end of the file, without the
    `---` separator every sections entry ends with.

    ## Why is this bad?
    The file was cut short (a truncated write), or two entries ran together; readers that split
    on the separator merge or lose papers.

    ## Example
    ```markdown
    **Abstract**: We present …
    # The Next Paper
    ```

    ## Use instead
    End every entry with a blank line and `---`.

    ## Fix safety
    No fix.
    """
    return _problems(ctx, "DP102")


@rule("DP103", "unexpected-entry-text", Severity.WARNING)
def unexpected_entry_text(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A sections entry has text outside its fields, or the same field twice.

    ## What it does
    Reports text between an entry's title and its first field, and a field label that appears
    twice in one entry.

    ## Why is this bad?
    The text belongs to no field and is invisible to every tool reading the digest as data.

    ## Example
    ```markdown
    # A Title

    stray words
    **Authors**: …
    ```

    ## Use instead
    Put the text inside a field, or remove it.

    ## Fix safety
    No fix.
    """
    return _problems(ctx, "DP103")


@rule("DP104", "orphan-text", Severity.WARNING)
def orphan_text(ctx: DigestContext) -> Iterator[Diagnostic]:
    """Text between two entries that belongs to no entry.

    ## What it does
    Reports lines between entries that are not blank, not a separator, not a suppression
    comment and not the README archive's own scaffolding (section headings, count table,
    `<details>` wrappers, "Back to Top" links).

    ## Why is this bad?
    LLM pipelines leak text after a stray `---` (a second translation, a note about the
    translation); it belongs to no paper and is lost by every export.

    ## Example
    ```markdown
    ---

    This study conducts a computational linguistic analysis …

    ---
    ```

    ## Use instead
    Delete the text or move it into the field it belongs to.

    ## Fix safety
    No fix.
    """
    broken = _lines_in_problems(ctx)
    for line, text in ctx.trivia_lines(after_first_entry=True):
        stripped = text.strip(" \t\r")
        if not stripped or line in broken or _is_scaffolding(stripped):
            continue
        yield ctx.diagnostic(
            "DP104", f"text outside any entry: {_excerpt(stripped)}", line, 1, end_col=len(text) + 1
        )


def _lines_in_problems(ctx: DigestContext) -> set[int]:
    lines: set[int] = set()
    for problem in ctx.digest.problems:
        first = min(problem.line, _entry_start(ctx, problem.line))
        lines.update(range(first, (problem.end_line or problem.line) + 1))
    return lines


def _entry_start(ctx: DigestContext, line: int) -> int:
    """The head line of the broken badge-list entry that contains ``line``."""
    lines = ctx.lines
    index = line - 1
    while index > 0 and not lines[index].startswith(g.BADGE_ENTRY_PREFIX) and lines[index].strip():
        index -= 1
    return index + 1


_SCAFFOLDING = re.compile(r"(?:#{1,3} |<details|</details>|\[↑ Back to Top\]|\||<!--|---$|\[!\[)")


def _is_scaffolding(line: str) -> bool:
    return _SCAFFOLDING.match(line) is not None


def _excerpt(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@rule("DP105", "missing-field", Severity.ERROR)
def missing_field(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A sections entry lacks a required field (Authors, Link or Abstract).

    ## What it does
    Reports entries without `**Authors**:`, `**Link**:` or `**Abstract**:`.

    ## Why is this bad?
    Every real sections entry has all three; a missing one means the entry was cut or edited
    by hand, and its paper has no identifier without the link.

    ## Example
    ```markdown
    # A Title

    **Abstract**: …
    ```

    ## Use instead
    Add the missing field.

    ## Fix safety
    No fix.
    """
    return _problems(ctx, "DP105")


@rule("DP106", "empty-field", Severity.WARNING)
def empty_field(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A paper's title, author list or abstract is empty.

    ## What it does
    Reports entries whose title, authors or abstract is present but empty, such as `  __` or
    `**Authors**:   `.

    ## Why is this bad?
    The generator failed to scrape the field; the paper cannot be cited or searched by it.

    ## Example
    ```markdown
      __
    ```

    ## Use instead
    Fill in the field from the paper's arXiv page.

    ## Fix safety
    No fix.
    """
    for paper in ctx.digest.papers:
        for name in ("title", "authors", "abstract"):
            value = getattr(paper, name)
            if not value and not (name == "authors" and paper.authors_truncated):
                if name == "authors" and "authors" not in _present(ctx, paper):
                    continue  # a missing (not empty) field is DP105's
                line, col = ctx.span(paper, name)
                yield ctx.diagnostic("DP106", f"empty {name} for {paper.arxiv_id or 'paper'}", line, col)


def _present(ctx: DigestContext, paper: object) -> frozenset[str]:
    source = ctx.source_of(paper)  # type: ignore[arg-type]
    present = source.facts.get("present") if source else None
    return present if present is not None else frozenset({"title", "authors", "abstract"})


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
    Safe: only the number in the badge changes.
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
    fix = Fix(f"set the badge to {entries}", (Edit(line, col, line, end, str(entries)),))
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


@rule("DP109", "empty-digest", Severity.WARNING)
def empty_digest(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A digest file with no entries: a 0-byte file, or a header with nothing under it.

    ## What it does
    Reports files that hold no paper at all.

    ## Why is this bad?
    Real 0-byte digests come from a write buffer that was never flushed (the fork's `archive/`
    copies) or from a run that found nothing; both hide a pipeline fault.

    ## Example
    A 0-byte `archive/2026-04-27/ST_Generation_Imputation.md`.

    ## Use instead
    Write the digest after closing the source file, or do not commit empty digests.

    ## Fix safety
    No fix.
    """
    if ctx.digest.papers or any(p.code == "DP101" for p in ctx.digest.problems):
        return
    if not "".join(ctx.lines).strip():
        yield ctx.diagnostic("DP109", "empty digest: the file has no text", 1, 1)
    else:
        yield ctx.diagnostic("DP109", "digest has no entries", 1, 1)


@rule("DP110", "duplicate-entry", Severity.WARNING)
def duplicate_entry(ctx: DigestContext) -> Iterator[Diagnostic]:
    """The same arXiv identifier appears twice in one digest.

    ## What it does
    Reports every entry whose identifier already appeared earlier in the same file.

    ## Why is this bad?
    Reruns of a generator appended to the file instead of replacing it (the real corpus has
    files listing 25 papers three times); counts and exports are inflated.

    ## Example
    Entry `2412.15093` at lines 1, 359 and 700 of one file.

    ## Use instead
    Keep one entry per paper.

    ## Fix safety
    No fix: the copies can differ (their ZH text does), so which to keep is a choice.
    """
    first: dict[str, int] = {}
    for paper in ctx.digest.papers:
        if paper.arxiv_id is None:
            continue
        key = str(paper.arxiv_id)
        if key in first:
            yield ctx.diagnostic(
                "DP110",
                f"{key} already listed at line {first[key]}",
                paper.line,
                1,
                related=((ctx.path, first[key]),),
            )
        else:
            first[key] = paper.line
