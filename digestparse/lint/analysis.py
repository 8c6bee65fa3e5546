"""Stage 1 of a check: one file, read and checked on its own (in a worker process with ``jobs
> 1``).

A file's result depends only on its bytes, its path and the settings: the digest rules'
findings, each paper's fingerprint for the cross-digest rules (full for the papers stage 0 found
told more than once, title-only for the others), the suppression comments, what the repository
rules need, and the hash of the bytes when a finding has a fix (``--fix`` applies fixes only to
those exact bytes). A file that is not read as a digest gets its refusal
(:mod:`.rules.refusal`). Results are picklable: workers send them back, the cache keeps them.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from .. import _files, api
from ..errors import DigestParseError
from ..formats import registry
from ..formats.layout import EntrySource, layout_of
from ..models import Digest
from .context import DigestContext
from .corpus_index import Telling, Unfingerprinted, telling_of
from .diagnostic import Diagnostic
from .fix import sha256
from .registry import severities
from .repository import CheckedFile, CheckedPaper
from .rules.refusal import Refusal, refusal_of
from .suppressions import Suppression, suppressions_of
from .table import RULES, CorpusRule, DigestRule, RepositoryRule


@dataclass
class FileResult:
    """What stage 1 found in one file."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tellings: list[tuple[str, Telling]] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    papers: int = 0
    read_hash: str | None = None  # SHA-256 of the bytes read, when a finding has a fix
    date: datetime.date | None = None  # the digest's date: stage 2's order
    refusal: Refusal | None = None
    checked: CheckedFile | None = None  # what the repository rules see, when one is selected


def analyse_file(
    path: str,
    selected: frozenset[str],
    repeated: frozenset[str] | None = None,
    max_size: int = _files.DEFAULT_MAX_FILE_SIZE,
) -> FileResult:
    """Stage 1 for a file on disk: read it safely (regular files only, within ``max_size``),
    then :func:`analyse_bytes`."""
    try:
        data = _files.read_digest_bytes(path, max_size)
    except DigestParseError as exc:
        return refused(path, exc)
    return analyse_bytes(data, path, selected, repeated)


def analyse_bytes(
    data: bytes,
    path: str,
    selected: frozenset[str],
    repeated: frozenset[str] | None = None,
    unfingerprinted: list[Unfingerprinted] | None = None,
) -> FileResult:
    """Stage 1 for a file's bytes: a pure function of the bytes, the path and the settings."""
    try:
        digest = api.loads(data, path=path)
    except DigestParseError as exc:
        return refused(path, exc, data)
    result = _analyse(digest, path, selected, repeated, unfingerprinted)  # as written: just read
    if any(d.fix is not None for d in result.diagnostics):
        result.read_hash = sha256(data)
    if result.checked is not None:
        result.checked = dataclasses.replace(result.checked, content_hash=result.read_hash or sha256(data))
    return result


def refused(path: str, exc: DigestParseError, data: bytes | None = None) -> FileResult:
    """The stage-1 result of a file that is not read as a digest."""
    return FileResult(path, refusal=refusal_of(path, exc, data))


def analyse_digest(
    digest: Digest,
    path: str,
    selected: frozenset[str],
    repeated: frozenset[str] | None = None,
    unfingerprinted: list[Unfingerprinted] | None = None,
) -> FileResult:
    """Stage 1 for a digest already in memory, checked as it is now: a digest edited since it
    was read is checked in the text it would be written as. ``repeated``: the identifiers told
    more than once in the run (``None``: not known); only those need the full fingerprint.
    ``unfingerprinted`` receives the fields of the others (for the check cache)."""
    return _analyse(api.as_written(digest), path, selected, repeated, unfingerprinted)


def _analyse(
    digest: Digest,
    path: str,
    selected: frozenset[str],
    repeated: frozenset[str] | None,
    unfingerprinted: list[Unfingerprinted] | None,
) -> FileResult:
    """Stage 1 for a digest as written (its layout describes its current text)."""
    result = FileResult(path, papers=len(digest.papers), date=digest.date)
    layout = layout_of(digest)
    assert layout is not None
    ctx = DigestContext(digest, path, layout, severities())
    for code in sorted(selected):
        rule = RULES[code]
        if isinstance(rule, DigestRule):
            result.diagnostics.extend(rule.check(ctx))
    if any(isinstance(RULES[code], CorpusRule) for code in selected):
        result.tellings = _fingerprints(ctx, path, repeated, unfingerprinted)
    result.suppressions = suppressions_of(ctx)
    if any(isinstance(RULES[code], RepositoryRule) for code in selected):
        result.checked = checked_file(digest, path)
    return result


def checked_file(digest: Digest, path: str) -> CheckedFile:
    """A digest as the repository rules see it (its content hash is set from its bytes)."""
    papers = tuple(
        CheckedPaper(str(p.arxiv_id) if p.arxiv_id else None, p.title, p.section, p.line)
        for p in digest.papers
    )
    return CheckedFile(path, digest.date, digest.format, papers, None)


def _fingerprints(
    ctx: DigestContext,
    path: str,
    repeated: frozenset[str] | None,
    unfingerprinted: list[Unfingerprinted] | None,
) -> list[tuple[str, Telling]]:
    """The tellings of the digest's papers that have an identifier, in order: full for the
    identifiers in ``repeated`` (all when ``None``), title-only for the others, whose fields
    ``unfingerprinted`` receives (for the check cache)."""
    found: list[tuple[str, Telling]] = []
    format_name = ctx.digest.format
    for paper in ctx.digest.papers:
        if paper.arxiv_id is None:
            continue
        ident = str(paper.arxiv_id)
        source = ctx.source_of(paper)  # once per paper: the abstract's line and the fields held
        spans = source.spans if source is not None else {}
        abstract_line = spans["abstract"][0] if "abstract" in spans else (paper.line or 1)
        full = repeated is None or ident in repeated
        if not full and unfingerprinted is not None:
            fields = (tuple(paper.authors), tuple(paper.categories), paper.abstract)
            unfingerprinted.append(Unfingerprinted(len(found), *fields))
        present = _held_fields(source, format_name)
        found.append((ident, telling_of(paper, path, abstract_line, full=full, present=present)))
    return found


_COMPARED_FIELDS = frozenset({"title", "authors", "abstract"})


def _held_fields(source: EntrySource | None, format_name: str | None) -> frozenset[str]:
    """The compared fields an entry holds: what its reader saw (``EntryFacts.present``), else
    what its format can hold at all (``FormatPlugin.paper_fields``). One object per value (a
    file's tellings share it, and pickle sends it to the parent once), found by a lookup."""
    if source is not None and source.facts.present:
        present = source.facts.present
        held = _HELD_BY_PRESENT.get(present)
        if held is None:
            # every entry is built around its title (the sections reader does not list it)
            held = _HELD_BY_PRESENT[present] = _one((present | {"title"}) & _COMPARED_FIELDS)
        return held
    if format_name is None:
        return _COMPARED_FIELDS
    try:
        return _one(registry.get(format_name).paper_fields & _COMPARED_FIELDS)
    except DigestParseError:
        return _COMPARED_FIELDS


def _one(held: frozenset[str]) -> frozenset[str]:
    return _HELD.setdefault(held, held)


_HELD: dict[frozenset[str], frozenset[str]] = {}
_HELD_BY_PRESENT: dict[frozenset[str], frozenset[str]] = {}
