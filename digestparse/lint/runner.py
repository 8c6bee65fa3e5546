"""Run the rules over files: per file (in parallel if asked), then across files, in order.

Stage 1, per file (``analyse_file``, picklable, run in worker processes with ``jobs > 1``):
read the digest, run the selected digest rules, fingerprint its papers, and hash the bytes read
when a finding has a fix (``--fix`` applies fixes only to those exact bytes). Stage 2, in the
parent and in file order: compare each fingerprint with the earlier ones (cross-digest rules),
apply inline and per-file suppressions, report unused suppressions. Output is therefore
identical for any number of jobs.

Each file is checked once, under the first name it was given, however many paths or symbolic
links name it. Worker processes end with the run: they are terminated when the run is
interrupted, and each one exits on its own when its parent process dies.

Which files are read is decided before stage 1 (``_paths.discover``: folders searched, the
excludes and ``.gitignore`` honoured); what a file that is not a digest means is decided after
it (a file found by searching is skipped, one named or under ``require-digest`` is DP100), so
a file's stage-1 result depends only on its bytes and the settings. Stage 2 takes the files by
digest date, then path: a cross-digest finding lands on the later digest whatever the order of
the command line's arguments, and a suppression written there keeps working.

With a cache (``check``'s default), stages 0 and 1 go through :mod:`.incremental`: a file
whose bytes, name and settings are those of a cached result is not read as a digest, and the
results are the same as without the cache.
"""

from __future__ import annotations

import dataclasses
import datetime
import multiprocessing
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .. import _files, api
from .._paths import STDIN, Candidate, Skipped, discover
from ..errors import DigestParseError
from ..formats import registry
from ..models import Digest, Paper
from .cache import Cache, settings_of
from .config import Config
from .context import DigestContext
from .corpus_context import CorpusContext
from .corpus_index import CorpusIndex, Telling, Unfingerprinted, telling_of
from .diagnostic import Diagnostic, Severity
from .fix import sha256
from .registry import load_rules, matches, resolve_selection, severities
from .repository import CheckedFile, CheckedPaper, RepositoryContext
from .rules.refusal import Refusal, refusal_of, settle
from .suppressions import Suppression, SuppressionContext, covers, suppressions_of
from .table import RULES, CorpusRule, DigestRule, RepositoryRule, SuppressionRule


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


@dataclass
class CheckResult:
    """Everything a check run found, in output order."""

    diagnostics: list[Diagnostic]
    files: int
    papers: int
    read_hashes: dict[str, str] = field(default_factory=dict)  # path -> hash of the bytes read
    skipped: list[Skipped] = field(default_factory=list)  # found by searching, not digests
    digests: int = 0  # files read as digests (the others were refused)
    cached: int = 0  # files whose stage-1 result came from the cache (not read as digests)


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
    result = analyse_digest(digest, path, selected, repeated, unfingerprinted)
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
    digest = api.as_written(digest)
    result = FileResult(path, papers=len(digest.papers), date=digest.date)
    layout = digest._layout
    assert layout is not None
    ctx = DigestContext(digest, path, layout, severities())
    for code in sorted(selected):
        rule = RULES[code]
        if isinstance(rule, DigestRule):
            result.diagnostics.extend(rule.check(ctx))
    if any(isinstance(RULES[code], CorpusRule) for code in selected):
        for paper in digest.papers:
            if paper.arxiv_id is not None:
                abstract_line = ctx.span(paper, "abstract")[0]
                ident = str(paper.arxiv_id)
                full = repeated is None or ident in repeated
                present = _held_fields(ctx, paper, digest.format)
                if not full and unfingerprinted is not None:
                    position = len(result.tellings)
                    fields = (tuple(paper.authors), tuple(paper.categories), paper.abstract)
                    unfingerprinted.append(Unfingerprinted(position, *fields))
                telling = telling_of(paper, path, abstract_line, full=full, present=present)
                result.tellings.append((ident, telling))
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


_COMPARED_FIELDS = frozenset({"title", "authors", "abstract"})


def _held_fields(ctx: DigestContext, paper: Paper, format_name: str | None) -> frozenset[str]:
    """The compared fields an entry holds: what its reader saw (``EntryFacts.present``), else
    what its format can hold at all (``FormatPlugin.paper_fields``)."""
    source = ctx.source_of(paper)
    if source is not None and source.facts.present:
        # every entry is built around its title (the sections reader does not list it)
        return (source.facts.present | {"title"}) & _COMPARED_FIELDS
    if format_name is not None:
        try:
            return registry.get(format_name).paper_fields & _COMPARED_FIELDS
        except DigestParseError:
            pass
    return _COMPARED_FIELDS


def run(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    digests: Sequence[Digest] = (),
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    force_exclude: bool = False,
    skip_non_digests: bool = False,
    earlier: Sequence[tuple[str, Telling]] = (),
    cache: Cache | None = None,
) -> CheckResult:
    """Check files (folders searched for ``*.md``; ``-`` is standard input) and in-memory
    digests.

    Command-line style options override the configuration's ``select``/``ignore``.
    ``force_exclude``: named files are excluded by the patterns too; ``skip_non_digests``: a
    named file that no format reads is skipped as a found one is (pre-commit's way).
    ``earlier``: tellings from outside the run (``check --index``: every version the index
    holds), which the cross-digest rules compare the checked digests with but never report on
    themselves. ``cache``: keep each file's stage-1 result there and use it while the file's
    bytes and the settings are the same (:mod:`.cache`); the output is the same either way.
    """
    load_rules()
    config = config or Config()
    selected = resolve_selection(
        select if select is not None else config.select,
        [*config.ignore, *ignore],
        [*config.extend_select, *extend_select],
    )
    found = discover(
        paths or [],
        excluded=config.is_excluded,
        respect_gitignore=config.respect_gitignore,
        force_exclude=force_exclude,
    )
    candidates = {c.path: c for c in found.files}
    files = _distinct(c.path for c in found.files if c.path != STDIN)
    in_memory = list(digests)
    early: list[FileResult] = []
    if STDIN in candidates:
        try:
            in_memory.append(api.loads(_files.read_stdin(config.max_file_size), path=_files.STDIN_NAME))
        except DigestParseError as exc:
            early.append(refused(_files.STDIN_NAME, exc))
        candidates[_files.STDIN_NAME] = Candidate(_files.STDIN_NAME, named=True)
    # only a paper told twice can differ from itself: the others need just their title (the
    # pre-scan finds them); with earlier tellings, any paper may be told again
    compared = any(isinstance(RULES[code], CorpusRule) for code in selected) and not earlier
    cached = 0
    if cache is None:
        repeated = _repeated_ids(files, in_memory, config.max_file_size) if compared else None
        stage_one = list(_stage_one(files, selected, jobs, progress, repeated, config.max_file_size))
    else:
        from .incremental import stage_one_cached  # it builds on this module

        generation = cache.generation(settings_of(selected, config))
        stage_one, repeated, cached = stage_one_cached(
            files, in_memory, selected, compared, jobs, progress, config.max_file_size, cache, generation
        )
    stage_one += early
    stage_one += (
        analyse_digest(d, d.path or f"<digest {i}>", selected, repeated) for i, d in enumerate(in_memory)
    )
    skipped = list(found.skipped)
    results: list[FileResult] = []
    diagnostics: list[Diagnostic] = []
    for result in stage_one:
        candidate = candidates.get(result.path, Candidate(result.path, named=True))
        verdict = _settle(result, candidate, config, selected, skip_non_digests)
        if isinstance(verdict, Skipped):
            skipped.append(verdict)
        else:
            diagnostics.extend(verdict)
            results.append(result)
    index = CorpusIndex()
    for arxiv_id, telling in earlier:
        index.add(arxiv_id, telling)
    table = severities()
    repository = run_repository_rules((r.checked for r in results if r.checked), selected, config)
    papers = 0
    read_hashes: dict[str, str] = {}
    for result in sorted(results, key=_stage_two_order):
        papers += result.papers
        if result.read_hash is not None:
            read_hashes[result.path] = result.read_hash
        found_here = result.diagnostics + list(_cross_digest(result, index, selected, table))
        found_here += repository.get(result.path, [])
        diagnostics.extend(_apply_suppressions(result, found_here, config, selected, table))
    diagnostics.sort(key=Diagnostic.sort_key)
    skipped.sort(key=lambda s: s.path)
    digests_read = sum(r.refusal is None for r in results)
    if cache is not None:
        from .incremental import thaw

        thaw()
    return CheckResult(diagnostics, len(results), papers, read_hashes, skipped, digests_read, cached)


def _settle(
    result: FileResult,
    candidate: Candidate,
    config: Config,
    selected: frozenset[str],
    skip_non_digests: bool,
) -> Skipped | list[Diagnostic]:
    """A refused file skipped, or its findings (:func:`.rules.refusal.settle`); none for a
    file read as a digest."""
    if result.refusal is None:
        return []
    required = config.is_required(result.path) if not result.path.startswith("<") else False
    return settle(result.refusal, candidate.named, required, skip_non_digests, selected)


def _stage_two_order(result: FileResult) -> tuple[datetime.date, str]:
    """Earlier digests first, by date, then by path: the same order for any order of the
    arguments. A digest without a date (a topic file, the README archive) comes after the dated
    ones: it cannot be shown to be older than any of them."""
    path = result.path
    return (result.date or datetime.date.max, path if path.startswith("<") else os.path.abspath(path))


def _distinct(paths: Iterable[str]) -> list[str]:
    """Each file once, under the first name given: ``s.md`` and ``/abs/s.md``, or ``a.md`` and
    a link ``latest.md -> a.md``, are one file (same device and inode). A path that cannot be
    looked at is kept, so the reader reports it by name."""
    seen: set[tuple[int, int]] = set()
    found = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            found.append(path)
            continue
        key = (info.st_dev, info.st_ino)
        if key not in seen:
            seen.add(key)
            found.append(path)
    return found


# Two patterns with literal prefixes, not one alternation: the regex engine then jumps from one
# literal to the next (measured over the corpus: 0.1 s instead of 0.53 s).
_ID = rb"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})"
_LINKED_ID = re.compile(rb"arxiv\.org/(?:abs|pdf)/" + _ID)
_LISTED_ID = re.compile(rb"`arXiv:" + _ID)


@dataclass(frozen=True, slots=True)
class IdScan:
    """Stage 0's view of one file: the identifiers it names, and those its links name twice."""

    names: frozenset[str]
    repeated: frozenset[str]


def scan_ids(data: bytes) -> IdScan:
    """The identifiers of a file's bytes (links and backticked IDs). A badge-list entry names
    its ID twice (link and backticks), so within one file an ID counts as repeated only when
    its link does."""
    links: set[bytes] = set()
    twice: set[bytes] = set()
    for match in _LINKED_ID.finditer(data):
        ident = match.group(1)
        if ident in links:
            twice.add(ident)
        links.add(ident)
    names = links | {match.group(1) for match in _LISTED_ID.finditer(data)}
    return IdScan(frozenset(i.decode("ascii") for i in names), frozenset(i.decode("ascii") for i in twice))


def _repeated_ids(
    files: Sequence[str], digests: Sequence[Digest], max_size: int = _files.DEFAULT_MAX_FILE_SIZE
) -> frozenset[str]:
    """Identifiers that occur in two files, or twice in one file's links: a quick byte scan.

    Only papers told more than once can conflict, so only they need the full fingerprint
    (figures, author and abstract keys); in a real archive about half of the papers are told
    once. The scan over-counts rather than under-counts.
    """
    scans = []
    for path in files:
        try:  # regular files only, within the size limit: a FIFO never blocks the scan
            data = _files.read_digest_bytes(path, max_size)
        except (DigestParseError, OSError):
            continue
        scans.append(scan_ids(data))
    return repeated_in(scans, digests)


def repeated_in(scans: Iterable[IdScan], digests: Sequence[Digest] = ()) -> frozenset[str]:
    """The identifiers told more than once by the files scanned and the in-memory digests."""
    counts: dict[str, int] = {}
    found: set[str] = set()
    for scan in scans:
        found |= scan.repeated
        for ident in scan.names:
            counts[ident] = counts.get(ident, 0) + 1
    found.update(ident for ident, count in counts.items() if count > 1)
    for digest in digests:
        for paper in digest.papers:
            if paper.arxiv_id is not None:
                key = str(paper.arxiv_id)
                counts[key] = counts.get(key, 0) + 1
                if counts[key] > 1:
                    found.add(key)
    return frozenset(found)


def _stage_one(
    files: list[str],
    selected: frozenset[str],
    jobs: int,
    progress: Callable[[int, int], None] | None,
    repeated: frozenset[str] | None = None,
    max_size: int = _files.DEFAULT_MAX_FILE_SIZE,
) -> Iterator[FileResult]:
    items = [(path,) for path in files]
    yield from in_workers(analyse_file, items, (selected, repeated, max_size), jobs, progress)


_Result = TypeVar("_Result")


def in_workers(
    work: Callable[..., _Result],
    items: Sequence[tuple[object, ...]],
    arguments: tuple[object, ...],
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> Iterator[_Result]:
    """``work(*item, *arguments)`` for each file's item (its path first), in worker processes
    when ``jobs > 1``; the results in file order."""
    total = len(items)
    pool = _pool(jobs) if jobs > 1 and total > 1 else None
    if pool is None:
        for done, item in enumerate(items, start=1):
            yield work(*item, *arguments)
            if progress:
                progress(done, total)
        return
    try:
        chunk = max(1, min(32, total // (jobs * 4)))
        columns = [*zip(*items, strict=True), *([argument] * total for argument in arguments)]
        for done, result in enumerate(pool.map(work, *columns, chunksize=chunk), 1):
            yield result
            if progress:
                progress(done, total)
    except BaseException:  # interrupted (a signal, Ctrl-C) or abandoned: end the workers now
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    """Worker processes, or ``None`` where the platform cannot make them (some sandboxes lack
    the semaphores multiprocessing needs): the run then goes on in one process, same output."""
    try:
        return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)
    except (OSError, NotImplementedError, ImportError):
        return None


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued files and terminate the workers, without waiting for their work."""
    workers = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=5)


def _worker_start() -> None:
    """In each worker: the parent handles Ctrl-C and SIGTERM (a worker inherits the parent's
    handlers when forked), and the worker exits when the parent dies, even by SIGKILL, instead
    of waiting forever for work."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent process has ended
    os._exit(1)


def run_repository_rules(
    files: Iterable[CheckedFile], selected: frozenset[str], config: Config
) -> dict[str, list[Diagnostic]]:
    """Run the selected repository rules once over every checked digest; their findings by
    path (each file's suppressions then apply to them as to its other findings)."""
    ctx = RepositoryContext(sorted(files, key=lambda f: f.path), config, severities())
    found: dict[str, list[Diagnostic]] = {}
    for code in sorted(selected):
        rule = RULES[code]
        if isinstance(rule, RepositoryRule):
            for diagnostic in rule.check(ctx):
                found.setdefault(diagnostic.path, []).append(diagnostic)
    return found


def _cross_digest(
    result: FileResult, index: CorpusIndex, selected: frozenset[str], table: dict[str, Severity]
) -> Iterator[Diagnostic]:
    """Hand each paper of a file, once its telling is in the index, to the corpus rules."""
    rules = [
        rule for code, rule in sorted(RULES.items()) if code in selected and isinstance(rule, CorpusRule)
    ]
    for arxiv_id, telling in result.tellings:
        earlier = tuple(index.earlier(arxiv_id))
        new = index.add(arxiv_id, telling)
        ctx = CorpusContext(arxiv_id, telling, earlier, new, index, table)
        for rule in rules:
            yield from rule.check(ctx)


def _apply_suppressions(
    result: FileResult,
    found: Iterable[Diagnostic],
    config: Config,
    selected: frozenset[str],
    table: dict[str, Severity],
) -> Iterator[Diagnostic]:
    """The findings no per-file ignore or suppression comment silences, then what the
    suppression rules say about the comments."""
    per_file = config.ignored_for(result.path) if result.path and not result.path.startswith("<") else []
    used: dict[int, set[str]] = {}
    for diagnostic in found:
        if per_file and matches(diagnostic.code, per_file):
            continue
        hit = next((s for s in result.suppressions if covers(s, diagnostic)), None)
        if hit is not None:
            used.setdefault(hit.line, set()).add(diagnostic.code)
            continue
        yield diagnostic
    if not result.suppressions:
        return
    silenced = {line: frozenset(codes) for line, codes in used.items()}
    ctx = SuppressionContext(result.path, result.suppressions, silenced, table)
    for code in sorted(selected):
        rule = RULES[code]
        if isinstance(rule, SuppressionRule):
            yield from rule.check(ctx)


def check(
    targets: str | os.PathLike[str] | Digest | Iterable[str | os.PathLike[str] | Digest],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    config: Config | None = None,
) -> list[Diagnostic]:
    """Check paths and/or digests and return the diagnostics, sorted by place.

    ``select``/``ignore`` take code prefixes (``"DP4"``, ``"DP301"``); without ``select`` the
    default rules run.
    """
    items: list[str | os.PathLike[str] | Digest]
    items = [targets] if isinstance(targets, (str, os.PathLike, Digest)) else list(targets)
    paths = [Path(t) for t in items if not isinstance(t, Digest)]
    digests = [t for t in items if isinstance(t, Digest)]
    result = run(
        paths, digests=digests, config=config, select=select, ignore=ignore, extend_select=extend_select
    )
    return result.diagnostics
