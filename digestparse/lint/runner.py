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
from ..errors import DigestParseError, InvalidEncodingError, NotADigestError, UnreadablePathError
from ..formats import registry
from ..formats.layout import EntrySource
from ..models import Digest
from ._collector import frozen_as_they_come, thawed_after
from .cache import Cache, settings_of
from .config import Config
from .context import DigestContext
from .corpus_index import CorpusIndex, Telling, Unfingerprinted, telling_of
from .diagnostic import Diagnostic
from .fix import sha256
from .registry import RULES, load_rules, matches, resolve_selection
from .repository import CheckedFile, CheckedPaper, run_repository_rules
from .rules.corpus import CONFLICT_CODES, figure_signatures
from .rules.suppression import find_suppression


@dataclass(frozen=True, slots=True)
class Suppression:
    """A suppression comment: the lines it covers and the codes it names (empty: all)."""

    line: int
    first: int
    last: int
    codes: tuple[str, ...]
    file_level: bool


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a file was not read as a digest, as the DP100 finding it may become.

    ``kind``: ``special`` (not a regular file), ``unreadable`` (missing, no permission, too
    large), ``not-a-digest`` (text no format reads) or ``invalid`` (a digest whose bytes are
    not UTF-8). The run decides what it means: see :func:`_settle`.
    """

    kind: str
    diagnostic: Diagnostic


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
    result = _analyse(digest, path, selected, repeated, unfingerprinted)  # as written: just read
    if any(d.fix is not None for d in result.diagnostics):
        result.read_hash = sha256(data)
    if result.checked is not None:
        result.checked = dataclasses.replace(result.checked, content_hash=result.read_hash or sha256(data))
    return result


def refused(path: str, exc: DigestParseError, data: bytes | None = None) -> FileResult:
    """The stage-1 result of a file that is not read as a digest."""
    if isinstance(exc, _files.NotRegularFileError):
        kind = "special"
    elif isinstance(exc, UnreadablePathError):
        kind = "unreadable"
    elif isinstance(exc, NotADigestError) or (
        isinstance(exc, InvalidEncodingError) and data is not None and not _digest_despite_bytes(data, path)
    ):
        kind = "not-a-digest"
    else:
        kind = "invalid"
    severity = load_rules()["DP100"].severity  # parse/export judge skipped files without a run
    diagnostic = Diagnostic("DP100", severity, exc.message, path, exc.line or 1, exc.col or 1)
    return FileResult(path, refusal=Refusal(kind, diagnostic))


def _digest_despite_bytes(data: bytes, path: str) -> bool:
    """Whether text that is not UTF-8 would be a digest with its bad bytes replaced: a broken
    digest (reported) rather than some other file that happens to end in ``.md`` (skipped)."""
    from .. import _source
    from ..formats.detect import detect

    text = data.replace(b"\x00", b"").decode("utf-8", errors="replace")
    try:
        detect(_source.from_text(text, path))
    except NotADigestError:
        return False
    return True


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
    layout = digest._layout
    assert layout is not None
    ctx = DigestContext(digest, path, layout)
    for code in sorted(selected):
        rule = RULES[code]
        if rule.kind == "digest" and rule.check is not None:
            result.diagnostics.extend(rule.check(ctx))
    if any(code.startswith("DP4") for code in selected):
        result.tellings = _fingerprints(ctx, path, repeated, unfingerprinted)
    result.suppressions = _suppressions(ctx)
    if any(RULES[code].kind == "repository" for code in selected):
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


def _suppressions(ctx: DigestContext) -> list[Suppression]:
    found: list[Suppression] = []
    if "digestparse" not in ctx.text:  # most files have no comment at all: one substring search
        return found
    entry_starts = sorted((p.line, p.end_line) for p in ctx.digest.papers)
    for line, text in ctx.trivia_lines():
        if "digestparse" not in text:
            continue
        comment = find_suppression(text)
        if comment is None:
            continue
        file_level, codes = comment
        if file_level:
            found.append(Suppression(line, 1, len(ctx.lines), codes, True))
            continue
        following = next(((a, b) for a, b in entry_starts if a > line), None)
        if following is not None:
            found.append(Suppression(line, following[0], following[1], codes, False))
        else:
            found.append(Suppression(line, line, line, codes, False))
    return found


@thawed_after  # the results it froze as they came
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
    # with earlier tellings, any paper may be told again: every paper gets the full fingerprint
    compared = bool(selected & COMPARED_CODES) and not earlier
    cached = 0
    if cache is None:
        repeated = _repeated_ids(files, in_memory, config.max_file_size) if compared else None
        stage_one = list(
            frozen_as_they_come(_stage_one(files, selected, jobs, progress, repeated, config.max_file_size))
        )
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
        index.title_owner(telling, arxiv_id)
    repository = run_repository_rules((r.checked for r in results if r.checked), selected, config)
    papers = 0
    read_hashes: dict[str, str] = {}
    for result in sorted(results, key=_stage_two_order):
        papers += result.papers
        if result.read_hash is not None:
            read_hashes[result.path] = result.read_hash
        found_here = result.diagnostics + list(_cross_digest(result, index, selected))
        found_here += repository.get(result.path, [])
        diagnostics.extend(_apply_suppressions(result, found_here, config, selected))
    diagnostics.sort(key=Diagnostic.sort_key)
    skipped.sort(key=lambda s: s.path)
    digests_read = sum(r.refusal is None for r in results)
    return CheckResult(diagnostics, len(results), papers, read_hashes, skipped, digests_read, cached)


def _settle(
    result: FileResult,
    candidate: Candidate,
    config: Config,
    selected: frozenset[str],
    skip_non_digests: bool,
) -> Skipped | list[Diagnostic]:
    """What a refused file means for the run: skipped (found by searching and not a digest,
    or not a regular file), or its DP100 finding. A file that cannot be read at all (missing,
    not a regular file, no permission, too large) is always reported when it was named: no
    selection makes a mistyped path pass."""
    refusal = result.refusal
    if refusal is None:
        return []
    message = refusal.diagnostic.message
    if refusal.kind == "special":
        return [refusal.diagnostic] if candidate.named else Skipped(result.path, message)
    if refusal.kind == "unreadable":
        return [refusal.diagnostic]
    required = config.is_required(result.path) if not result.path.startswith("<") else False
    if refusal.kind == "not-a-digest" and not required and (not candidate.named or skip_non_digests):
        return Skipped(result.path, message)
    return [refusal.diagnostic] if "DP100" in selected else []


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


# The rules that compare the content of two tellings of one paper (DP406 needs titles only).
COMPARED_CODES = frozenset({"DP401", "DP402", "DP403", "DP404", "DP405"})
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


def _cross_digest(result: FileResult, index: CorpusIndex, selected: frozenset[str]) -> Iterator[Diagnostic]:
    for arxiv_id, telling in result.tellings:
        earlier = list(index.earlier(arxiv_id))
        if index.add(arxiv_id, telling) and earlier:
            yield from _compare(arxiv_id, telling, earlier, selected, index.reported)
        if "DP406" in selected:
            owner = index.title_owner(telling, arxiv_id)
            if owner is not None:
                other_id, other_path, other_line = owner
                yield Diagnostic(
                    "DP406",
                    RULES["DP406"].severity,
                    f"{arxiv_id}: the same title as {other_id} at {other_path}:{other_line}",
                    telling.path,
                    telling.line,
                    1,
                    related=((other_path, other_line),),
                    arxiv_id=arxiv_id,
                )


def _compare(
    arxiv_id: str,
    new: Telling,
    earlier: list[Telling],
    selected: frozenset[str],
    reported: set[tuple[object, ...]],
) -> Iterator[Diagnostic]:
    """One diagnostic per rule for a new telling: against the first earlier telling it
    conflicts with, naming how many other earlier tellings it conflicts with too."""
    found: dict[str, list[tuple[str, Telling]]] = {}
    for old in earlier:
        replaced = new.version is not None and old.version is not None and new.version != old.version
        for code in ("DP402",) if replaced else CONFLICT_CODES:
            rule = RULES[code]
            if code in selected and rule.check is not None:
                message = rule.check(arxiv_id, new, old)
                if message is None:
                    continue
                if code == "DP401":
                    signatures = figure_signatures(arxiv_id, new, old)
                    if signatures <= reported:
                        continue  # the same contradiction was reported at an earlier telling
                    reported.update(signatures)
                found.setdefault(code, []).append((str(message), old))
    for code in sorted(found):
        (message, old), *others = found[code]
        if others:
            message += f" (also differs from {len(others)} other earlier digest(s))"
        on_abstract = code == "DP401"
        line = new.abstract_line if on_abstract else new.line
        related = tuple((o.path, o.abstract_line if on_abstract else o.line) for _, o in found[code])
        yield Diagnostic(
            code, RULES[code].severity, message, new.path, line, 1, related=related, arxiv_id=arxiv_id
        )


def _apply_suppressions(
    result: FileResult, found: Iterable[Diagnostic], config: Config, selected: frozenset[str]
) -> Iterator[Diagnostic]:
    per_file = config.ignored_for(result.path) if result.path and not result.path.startswith("<") else []
    used: dict[int, set[str]] = {}
    for diagnostic in found:
        if per_file and matches(diagnostic.code, per_file):
            continue
        hit = next((s for s in result.suppressions if _covers(s, diagnostic)), None)
        if hit is not None:
            used.setdefault(hit.line, set()).add(diagnostic.code)
            continue
        yield diagnostic
    if "DP901" not in selected:
        return
    for suppression in result.suppressions:
        hits = used.get(suppression.line, set())
        unused = [c for c in suppression.codes if not any(h.startswith(c) for h in hits)]
        if (suppression.codes and unused) or (not suppression.codes and not hits):
            what = " ".join(unused) if suppression.codes else "anything"
            yield Diagnostic(
                "DP901",
                RULES["DP901"].severity,
                f"suppression comment does not suppress {what}",
                result.path,
                suppression.line,
                1,
            )


def _covers(suppression: Suppression, diagnostic: Diagnostic) -> bool:
    if not suppression.first <= diagnostic.line <= suppression.last:
        return False
    return not suppression.codes or matches(diagnostic.code, suppression.codes)


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
