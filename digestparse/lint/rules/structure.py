"""DP1xx: the structure of one digest (entries, fields, emptiness, duplicates); counts are in counts.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import _lines as g
from ..context import DigestContext
from ..diagnostic import Diagnostic, Severity
from ..table import digest_rule


def _problems(ctx: DigestContext, code: str) -> Iterator[Diagnostic]:
    for problem in ctx.digest.problems:
        if problem.code == code:
            yield ctx.diagnostic(code, problem.message, problem.line, problem.col, end_line=problem.end_line)


@digest_rule("DP101", "malformed-entry", Severity.ERROR)
def malformed_entry(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An entry that cannot be read as a paper: a broken shape, or nothing saying which paper.

    ## What it does
    Reports an entry the reader had to keep as text: a badge-list `- **[Title](URL)**` entry
    without its author line, `<details>` line, abstract or `</details>` (the first line that
    breaks the shape), a sections `# ` title with no `**Link**:` to an arXiv paper, a table row
    whose cells do not fit its header.

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


@digest_rule("DP102", "unterminated-entry", Severity.ERROR)
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


@digest_rule("DP103", "unexpected-entry-text", Severity.WARNING)
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


@digest_rule("DP104", "orphan-text", Severity.WARNING)
def orphan_text(ctx: DigestContext) -> Iterator[Diagnostic]:
    """Text between two entries that belongs to no entry.

    ## What it does
    Reports lines between entries that are not blank, not a separator, not a suppression
    comment and not the README archive's own scaffolding (section headings, count table,
    `<details>` wrappers, "Back to Top" links).

    ## Why is this bad?
    LLM pipelines leak text after a stray `---` (a second translation, a note about the
    translation); it belongs to no paper and is lost by every export. Only the formats whose
    entries end with a separator text can leak past (badge-list, sections) are checked: a table
    row cannot leak text after it, an ai-summary entry ends with its `</details>`, and what lies
    between their entries (section anchors, back links, non-arXiv entries) is the generator's
    own furniture.

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
    if ctx.digest.format not in _LEAKING_FORMATS:
        return  # rows and <details> blocks cannot leak text: what lies outside is furniture
    broken = _lines_in_problems(ctx)
    for line, text in ctx.trivia_lines(after_first_entry=True):
        stripped = text.strip(" \t\r")
        if not stripped or line in broken or _is_scaffolding(stripped):
            continue
        yield ctx.diagnostic(
            "DP104", f"text outside any entry: {_excerpt(stripped)}", line, 1, end_col=len(text) + 1
        )


# Formats whose entries end at a separator an LLM pipeline can write text past; in the others
# (table rows, ai-summary's <details> blocks) text outside the entries is the generator's
# furniture (reference and back-to-top links, section anchors, an "Abstracts" appendix).
_LEAKING_FORMATS = frozenset({"badge-list", "sections"})


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


@digest_rule("DP105", "missing-field", Severity.ERROR)
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


@digest_rule("DP106", "empty-field", Severity.WARNING)
def empty_field(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A paper's title, author list or abstract is empty.

    ## What it does
    Reports entries whose title, authors or abstract is present but empty, such as `  __` or
    `**Authors**:   `. A field the entry's format does not hold (an abstract-table issue
    template has no abstract column, a paper-table has no abstracts) is not empty but absent,
    and stays quiet.

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
                if name not in _present(ctx, paper):
                    continue  # a missing field is not an empty one (DP105 or the format's own)
                line, col = ctx.span(paper, name)
                yield ctx.diagnostic("DP106", f"empty {name} for {paper.arxiv_id or 'paper'}", line, col)


def _present(ctx: DigestContext, paper: object) -> frozenset[str]:
    source = ctx.source_of(paper)  # type: ignore[arg-type]
    present = source.facts.present if source else None
    if not present:
        return frozenset({"title", "authors", "abstract"})
    return present | {"title"}  # every entry is built around its title (sections does not list it)


@digest_rule("DP109", "empty-digest", Severity.INFO)
def empty_digest(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A digest file with no entries: a 0-byte file, or a header with nothing under it.

    ## What it does
    Reports files that hold no paper at all, at `info` severity: it never fails a run.

    ## Why is this bad?
    Real 0-byte digests come from a write buffer that was never flushed (the fork's `archive/`
    copies) or from a run that found nothing; both can hide a pipeline fault. But a day without
    new papers on a topic is normal, so an empty digest is worth a note, not a failed CI run
    (a truncated digest is reported by DP101/DP102 as an error).

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


@digest_rule("DP110", "duplicate-entry", Severity.WARNING)
def duplicate_entry(ctx: DigestContext) -> Iterator[Diagnostic]:
    """The same arXiv identifier appears twice in one digest.

    ## What it does
    Reports every entry whose identifier already appeared earlier in the same section of the
    same file. A paper listed under several keywords or topics (an abstract-table or
    paper-table digest files one paper under each keyword it matches) is not a duplicate.

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
    first: dict[tuple[str | None, str], int] = {}
    for paper in ctx.digest.papers:
        if paper.arxiv_id is None:
            continue
        ident = str(paper.arxiv_id)
        key = (paper.section, ident)
        if key in first:
            yield ctx.diagnostic(
                "DP110",
                f"{ident} already listed at line {first[key]}",
                paper.line,
                1,
                related=((ctx.path, first[key]),),
            )
        else:
            first[key] = paper.line
