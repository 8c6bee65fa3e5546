"""DP6xx: the repository as a whole: date-named series and the generators' sidecar files.

These rules run once per run, over every digest checked (``lint/repository.py``: what they
see), so they see what no single file shows: a day missing from ``data/YYYY-MM-DD.md``, a day
that repeats the previous one, a digest that disagrees with the data file its generator wrote
beside it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from itertools import pairwise

from ... import _lines as g
from ..corpus_index import _key
from ..diagnostic import Diagnostic, Severity
from ..repository import CheckedFile, RepositoryContext, SeriesMember
from ..sidecars import SidecarError, SidecarRow, read_sidecar, sidecars_of
from ..table import repository_rule

MAX_GAP = 7  # expected days: a longer break is a paused generator or a sample, not missing days
_VERSION = re.compile(r"v\d+$")


@repository_rule("DP601", "missing-day", Severity.WARNING)
def missing_day(ctx: RepositoryContext) -> Iterator[Diagnostic]:
    """A day is missing from a date-named series of digests.

    ## What it does
    Groups the checked digests into series, files whose paths differ only by a date
    (`data/2025-11-20.md`, `18-Dec-2024/ir_papers.md`, `archive/2026-04-27/X.md`), and reports
    a gap of one to seven days between two runs of at least `series-min-run` (default 2)
    consecutive days each. Days named in `skip-weekdays` (e.g. `["Sat", "Sun"]` for a generator
    that does not run on weekends) are not expected. A sparse sample of a series (files weeks
    apart) and a longer break (a paused generator) are not reported: only a hole in an
    otherwise daily run is.

    ## Why is this bad?
    The generator failed that day (a crashed workflow, an expired API key) and the papers of
    that day are in no digest.

    ## Example
    `data/2025-11-18.md`, `data/2025-11-19.md`, `data/2025-11-21.md`, `data/2025-11-22.md`:
    `2025-11-20` is missing.

    ## Use instead
    Re-run the generator for the missing day, or name the days it does not run in
    `skip-weekdays`.

    ## Fix safety
    No fix.
    """
    need = ctx.config.series_min_run
    for members in ctx.series():
        days = {m.day: m for m in members}
        for before, after in pairwise(members):
            missing = _expected_between(ctx, before.day, after.day)
            if not missing or len(missing) > MAX_GAP:
                continue
            if _run(ctx, days, before.day, -1) < need or _run(ctx, days, after.day, +1) < need:
                continue
            shown = ", ".join(d.isoformat() for d in missing)
            yield ctx.diagnostic(
                "DP601",
                f"no digest for {shown} in the series {_template(after)} "
                f"(between {before.day} and {after.day})",
                after.file.path,
                related=((before.file.path, 1),),
            )


def _expected_between(
    ctx: RepositoryContext, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    days: list[datetime.date] = []
    day = first + datetime.timedelta(days=1)
    while day < last and len(days) <= MAX_GAP:
        if ctx.expected(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _run(
    ctx: RepositoryContext, days: dict[datetime.date, SeriesMember], start: datetime.date, step: int
) -> int:
    """How many expected days in a row, from ``start`` going ``step``, have a digest."""
    count, day = 0, start
    for _ in range(64):  # bounded: a run this long is daily enough
        if day not in days:
            break
        count += 1
        day += datetime.timedelta(days=step)
        while not ctx.expected(day):
            day += datetime.timedelta(days=step)
    return count


def _template(member: SeriesMember) -> str:
    from ..repository import path_date

    found = path_date(member.file.path)
    return found[0] if found else member.file.path


@repository_rule("DP602", "repeated-day", Severity.WARNING)
def repeated_day(ctx: RepositoryContext) -> Iterator[Diagnostic]:
    """A digest repeats the previous day's digest of its series.

    ## What it does
    In a date-named series (see DP601), reports a digest that is byte-identical to the one of
    the previous expected day, or lists the same papers in the same order. Digests without
    papers are left to DP109.

    ## Why is this bad?
    The generator found nothing new and republished yesterday's papers (a cache that was not
    refreshed, a crawl that failed and fell back), so the day's real papers are missing and
    yesterday's are counted twice.

    ## Example
    `data/2025-11-21.md` lists exactly the 87 papers of `data/2025-11-20.md`.

    ## Use instead
    Re-run the generator for that day; make it fail loudly rather than republish.

    ## Fix safety
    No fix.
    """
    for members in ctx.series():
        for before, after in pairwise(members):
            if _previous_expected(ctx, after.day) != before.day or not after.file.ids:
                continue
            a, b = before.file, after.file
            if a.content_hash is not None and a.content_hash == b.content_hash:
                how = "byte-identical to"
            elif a.ids == b.ids:
                how = f"the same {len(b.ids)} paper(s) as"
            else:
                continue
            yield ctx.diagnostic(
                "DP602",
                f"digest of {after.day} is {how} the digest of {before.day}",
                b.path,
                related=((a.path, 1),),
            )


def _previous_expected(ctx: RepositoryContext, day: datetime.date) -> datetime.date:
    day -= datetime.timedelta(days=1)
    for _ in range(7):
        if ctx.expected(day):
            break
        day -= datetime.timedelta(days=1)
    return day


@repository_rule("DP603", "sidecar-mismatch", Severity.ERROR)
def sidecar_mismatch(ctx: RepositoryContext) -> Iterator[Diagnostic]:
    """A digest disagrees with the data file its generator wrote beside it.

    ## What it does
    Compares a digest's papers (identifiers, titles, topics) with its sidecar: a paper-table
    `README.md` with the generator's `docs/<name>.json` row map (`docs/index.md` with
    `<name>-web.json`, an archive page with the `.json` of the same name), an ai-summary
    `data/<date>.md` with `data/<date>.jsonl` and `data/<date>_AI_enhanced_<Language>.jsonl`,
    a sections digest with its `papers.jsonl` (Python dict literals, read with
    `ast.literal_eval`). Reports papers the digest lists that the sidecar lacks, papers the
    sidecar holds that the digest lacks (one finding per sidecar), titles that differ (case,
    spacing and punctuation ignored), and a sidecar that cannot be read.

    ## Why is this bad?
    The generator rebuilds the digest from the sidecar: a difference means one of the two was
    edited by hand, written by an interrupted run, or merged badly, and the next run will
    silently undo or repeat it.

    ## Example
    `README.md` lists `2603.16683` under *Reinforcement Learning*; `docs/cv-arxiv-daily.json`
    has no such row.

    ## Use instead
    Regenerate the digest from its sidecar, or commit both from the same run.

    ## Fix safety
    No fix: which of the two is right is not known.
    """
    for file in ctx.files:
        readable: list[tuple[str, list[SidecarRow]]] = []
        for sidecar in sidecars_of(file.path, file.format):
            try:
                rows = read_sidecar(sidecar, file.format, ctx.config.max_file_size)
            except SidecarError as exc:
                yield ctx.diagnostic("DP603", f"sidecar {sidecar.name} cannot be read: {exc}", file.path)
                continue
            # rows of other sources (DOI, Semantic Scholar, OpenAlex) are never papers of a digest
            readable.append(
                (sidecar.name, [r for r in rows if _ARXIV_ID.fullmatch(_VERSION.sub("", r.arxiv_id))])
            )
        if readable:
            # several sidecars (one AI-enhanced file per language): the digest was rendered from
            # one of them, the one that lists most of its papers
            ids = {str(p.arxiv_id) for p in file.papers}
            name, rows = max(
                readable, key=lambda item: sum(_VERSION.sub("", r.arxiv_id) in ids for r in item[1])
            )
            yield from _compare(ctx, file, name, rows)


_ARXIV_ID = re.compile(g.ARXIV_ID)


def _compare(
    ctx: RepositoryContext, file: CheckedFile, name: str, rows: list[SidecarRow]
) -> Iterator[Diagnostic]:
    by_topic = any(r.section is not None for r in rows)

    def key(ident: str, section: str | None) -> tuple[str, str | None]:
        return (_VERSION.sub("", ident), section if by_topic else None)

    listed = {key(r.arxiv_id, r.section): r for r in rows}
    seen: set[tuple[str, str | None]] = set()
    for paper in file.papers:
        if paper.arxiv_id is None:
            continue
        k = key(paper.arxiv_id, paper.section)
        seen.add(k)
        row = listed.get(k)
        where = f" under {paper.section!r}" if by_topic else ""
        if row is None:
            yield ctx.diagnostic(
                "DP603", f"{paper.arxiv_id}{where} is not in the sidecar {name}", file.path, paper.line
            )
        elif row.title and row.title != paper.title and _key(row.title) != _key(paper.title):
            yield ctx.diagnostic(
                "DP603",
                f"{paper.arxiv_id}: title {paper.title[:60]!r} here but {row.title[:60]!r} in {name}",
                file.path,
                paper.line,
            )
    absent = [r for k, r in listed.items() if k not in seen]
    if absent:
        shown = ", ".join(r.arxiv_id for r in absent[:3]) + (", …" if len(absent) > 3 else "")
        yield ctx.diagnostic(
            "DP603", f"{len(absent)} paper(s) of the sidecar {name} are not in the digest: {shown}", file.path
        )
