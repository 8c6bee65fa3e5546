"""Merge every telling of each paper across digests into one consolidated record.

The best value of each field, by rule: the most recent digest's title and abstract (arXiv
replacements make later tellings more current); the longest author list that is not cut with
``et al.`` (a sections digest's full list beats a badge-list's six names); categories from the
latest badge-list telling that has them; ZH fields from the latest telling that has them. The
record also says where and when the paper appeared, which versions were seen, and what the
checker found contradictory about it (the DP4xx diagnostics).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable

from pydantic import BaseModel, Field

from .arxiv import ArxivId, link_for
from .lint.runner import run
from .models import Digest, Paper

MERGE_CONFLICT_RULES = ["DP401", "DP402", "DP403", "DP404", "DP405", "DP406"]


class Appearance(BaseModel):
    """One place a paper was told."""

    path: str
    line: int
    date: datetime.date | None
    format: str | None


class Conflict(BaseModel):
    """A cross-digest finding about the paper."""

    code: str
    message: str
    path: str
    line: int


class MergedPaper(BaseModel):
    """One paper, consolidated over every digest it appears in."""

    arxiv_id: ArxivId
    title: str
    authors: list[str]
    authors_truncated: bool
    categories: list[str]
    abstract: str
    link: str
    title_zh: str | None = None
    abstract_zh: str | None = None
    appearances: list[Appearance] = Field(default_factory=list)
    first_seen: datetime.date | None = None
    last_seen: datetime.date | None = None
    versions: list[int] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


def merge(paths: Iterable[str | os.PathLike[str]]) -> list[MergedPaper]:
    """Read digests (folders searched for ``*.md``) and merge each paper's tellings, sorted by ID.

    Files that are not digests are skipped, as ``check`` reports them (DP100).
    """
    from ._paths import expand
    from .api import load
    from .errors import DigestParseError

    digests: list[Digest] = []
    for path in expand(paths):
        try:
            digests.append(load(path))
        except DigestParseError:
            continue
    return merge_digests(digests)


def merge_digests(digests: Iterable[Digest]) -> list[MergedPaper]:
    """Merge the papers of digests already in memory."""
    digests = list(digests)
    tellings: dict[str, list[tuple[Digest, Paper]]] = {}
    for digest in digests:
        for paper in digest.papers:
            if paper.arxiv_id is not None:
                tellings.setdefault(str(paper.arxiv_id), []).append((digest, paper))
    conflicts: dict[str, list[Conflict]] = {}
    for diagnostic in run(digests=digests, select=MERGE_CONFLICT_RULES).diagnostics:
        conflicts.setdefault(diagnostic.arxiv_id or "", []).append(
            Conflict(
                code=diagnostic.code, message=diagnostic.message, path=diagnostic.path, line=diagnostic.line
            )
        )
    return [_merge_one(ident, told, conflicts.get(ident, [])) for ident, told in sorted(tellings.items())]


def _recency(item: tuple[Digest, Paper]) -> tuple[datetime.date, int]:
    digest, paper = item
    return (digest.date or datetime.date.min, paper.version or 0)


def _merge_one(ident: str, told: list[tuple[Digest, Paper]], conflicts: list[Conflict]) -> MergedPaper:
    by_recency = sorted(told, key=_recency)
    latest = by_recency[-1][1]
    full = [p for _, p in by_recency if not p.authors_truncated and p.authors]
    authors_from = (
        max(full, key=lambda p: len(p.authors))
        if full
        else max((p for _, p in told), key=lambda p: len(p.authors))
    )
    with_categories = [p for _, p in by_recency if p.categories]
    with_zh = [p for _, p in by_recency if p.title_zh is not None or p.abstract_zh is not None]
    dates = sorted(d.date for d, _ in told if d.date is not None)
    arxiv_id = ArxivId(ident)
    return MergedPaper(
        arxiv_id=arxiv_id,
        title=latest.title,
        authors=list(authors_from.authors),
        authors_truncated=authors_from.authors_truncated,
        categories=list(with_categories[-1].categories) if with_categories else [],
        abstract=next((p.abstract for _, p in reversed(by_recency) if p.abstract), ""),
        link=link_for(arxiv_id, "abs"),
        title_zh=with_zh[-1].title_zh if with_zh else None,
        abstract_zh=with_zh[-1].abstract_zh if with_zh else None,
        appearances=[
            Appearance(path=p.path or d.path or "", line=p.line, date=d.date, format=d.format)
            for d, p in told
        ],
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        versions=sorted({p.version for _, p in told if p.version is not None}),
        conflicts=conflicts,
    )
