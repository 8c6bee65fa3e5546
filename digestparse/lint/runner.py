"""Run the rules over files: per file (in parallel if asked), then across files, in order.

The runner orchestrates and names no rule: stage 0 (:mod:`.prescan`) finds the papers told
more than once; stage 1 (:mod:`.analysis`, in worker processes with ``jobs > 1``, see
:mod:`.workers`) reads each file and runs the digest rules; stage 2, in the parent and in file
order, hands each paper's telling to the corpus rules, runs the repository rules once, applies
inline and per-file suppressions, then runs the suppression rules. Which rules of each kind
run is the table's business (:mod:`.table`, :mod:`.registry`). Output is identical for any
number of jobs.

Each file is checked once, under the first name it was given, however many paths or symbolic
links name it.

Which files are read is decided before stage 1 (``_paths.discover``: folders searched, the
excludes and ``.gitignore`` honoured); what a file that is not a digest means is decided after
it (:func:`.rules.refusal.settle`: a file found by searching is skipped, one named or under
``require-digest`` is reported), so a file's stage-1 result depends only on its bytes and the
settings. Stage 2 takes the files by digest date, then path: a cross-digest finding lands on
the later digest whatever the order of the command line's arguments, and a suppression written
there keeps working.

With a cache (``check``'s default), stages 0 and 1 go through :mod:`.incremental`: a file
whose bytes, name and settings are those of a cached result is not read as a digest, and the
results are the same as without the cache.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import _files, api
from .._paths import STDIN, Candidate, Skipped, discover
from ..errors import DigestParseError
from ..models import Digest
from ._collector import frozen_as_they_come, thawed_after
from .analysis import FileResult, analyse_digest, analyse_file, refused
from .cache import Cache, settings_of
from .config import Config
from .corpus_context import CorpusContext
from .corpus_index import CorpusIndex, Telling
from .diagnostic import Diagnostic, Severity
from .incremental import stage_one_cached
from .prescan import repeated_ids
from .registry import load_rules, matches, resolve_selection, severities
from .repository import CheckedFile, RepositoryContext
from .rules.refusal import settle
from .suppressions import SuppressionContext, covers
from .table import RULES, CorpusRule, RepositoryRule, SuppressionRule
from .workers import in_workers


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
    # only a paper told twice can differ from itself: the others need just their title (the
    # pre-scan finds them); with earlier tellings, any paper may be told again
    compared = any(isinstance(RULES[code], CorpusRule) for code in selected) and not earlier
    cached = 0
    if cache is None:
        repeated = repeated_ids(files, in_memory, config.max_file_size) if compared else None
        stage_one = list(
            frozen_as_they_come(_stage_one(files, selected, jobs, progress, repeated, config.max_file_size))
        )
    else:
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
