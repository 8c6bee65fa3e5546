"""Stages 0 and 1 of ``check`` through the cache (:mod:`.cache`): the same results as
:mod:`.runner` computes without it, from the files that changed only.

Every file is still read and hashed (SHA-256: the cache key, and the hash ``--fix`` checks);
a file the cache holds under that hash, its name and the run's generation is not read as a
digest. What stage 1 computes depends on one thing outside the file, ``repeated`` (the papers
told more than once in the run get full fingerprints, the others title-only ones), so an
entry keeps the fields of its title-only papers and a run completes the fingerprints it now
needs from them, or cuts down full ones it no longer needs: the output is the same as without
the cache in every case, and adding a digest that tells an old paper again reads only the new
digest. A large file whose head shows it is not a digest keeps being refused from its head
(an entry for the head records the verdict), as ``_files.read_digest_bytes`` does.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .. import _files
from ..errors import DigestParseError, NotADigestError
from ..models import Digest
from ._collector import freeze
from .analysis import FileResult, analyse_bytes, analyse_file, refused
from .cache import Cache, Generation, pack, unpack
from .corpus_index import Telling, Unfingerprinted, completed, title_only
from .diagnostic import Diagnostic
from .fix import sha256
from .prescan import IdScan, repeated_in, scan_ids
from .rules.refusal import Refusal
from .suppressions import Suppression
from .workers import in_workers


@dataclass
class CachedFile:
    """A cache entry: a file's stage-0 scan and stage-1 result, and what completes the
    title-only fingerprints of that result (``short`` their positions, ``rest`` the packed
    :class:`Unfingerprinted` fields, unpacked only when a run needs one of them)."""

    scan: IdScan
    result: FileResult
    short: tuple[int, ...]
    rest: bytes


@dataclass(frozen=True, slots=True)
class HeadVerdict:
    """A cache entry for a large file's head (keyed by the head and the file's size): the
    refusal it earned (a file whose head no format reads is not read further, cached or not),
    or ``None``: read on."""

    refusal: FileResult | None


class _Fresh(NamedTuple):
    """A file analysed for the cache: its result, the SHA-256 of its bytes (``None``: not
    cached, the file could not be read whole), and why the entry was not saved."""

    result: FileResult
    content: str | None
    problem: str | None


def analyse_file_cached(
    path: str,
    scanned: tuple[str, IdScan] | None,
    selected: frozenset[str],
    repeated: frozenset[str] | None,
    max_size: int,
    generation: Generation,
) -> _Fresh:
    """Stage 1 for a file the cache does not hold (in worker processes): as
    :func:`analyse_file`, and the entry saved. ``scanned``: the hash and scan of the bytes
    stage 0 read, used again if the file still holds them."""
    try:
        with _files.HeadFirst(path) as file:
            if not file.small(max_size):
                file.judge()
            data = file.everything(max_size)
    except DigestParseError:  # not cached: refused exactly as analyse_file refuses it
        return _Fresh(analyse_file(path, selected, repeated, max_size), None, None)
    content = sha256(data)
    scan = scanned[1] if scanned is not None and scanned[0] == content else scan_ids(data)
    unfingerprinted: list[Unfingerprinted] = []
    result = analyse_bytes(data, path, selected, repeated, unfingerprinted)
    entry = CachedFile(scan, result, tuple(u.position for u in unfingerprinted), pack(unfingerprinted))
    return _Fresh(result, content, generation.save(path, content, entry))


def _head_key(file: _files.HeadFirst) -> str:
    """The cache key of a large file's head: what the early refusal depends on."""
    return sha256(b"digestparse head\0" + file.size.to_bytes(8, "big") + file.head)


def stage_one_cached(
    files: list[str],
    in_memory: Sequence[Digest],
    selected: frozenset[str],
    compared: bool,
    jobs: int,
    progress: Callable[[int, int], None] | None,
    max_size: int,
    cache: Cache,
    generation: Generation,
) -> tuple[list[FileResult], frozenset[str] | None, int]:
    """Stages 0 and 1 through the cache; the same results as without it.

    Every file is read and hashed (a large one whose head no format reads is refused from its
    head, as without the cache). Stage 0 takes a cached file's scan from the cache and scans
    the others. A cached file is not read as a digest: its fingerprints are made what stage 1
    computes in this run (a title-only one completed from the cache for a paper now told
    again, a full one cut down for a paper now told once). The other files are analysed (in
    workers with ``jobs > 1``) and saved. Returns the results in file order, the identifiers
    told more than once (``None`` when every fingerprint is full), and the files whose result
    came from the cache.
    """
    total = len(files)
    results: list[FileResult | None] = [None] * total
    entries: dict[int, CachedFile] = {}
    scans: list[IdScan] = []
    used: list[tuple[str, str]] = []  # (path, key) of every entry this run uses
    missing: list[int] = []
    scanned: dict[int, tuple[str, IdScan]] = {}
    used_content: dict[int, str] = {}
    refused_heads = 0
    wrote = False

    def judged(file: _files.HeadFirst) -> HeadVerdict:
        nonlocal refused_heads, wrote
        key = _head_key(file)
        used.append((file.path, key))
        verdict = generation.load(file.path, key)
        if isinstance(verdict, HeadVerdict) and _usable_verdict(verdict, file.path):
            refused_heads += verdict.refusal is not None
            return verdict
        try:
            file.judge()
            verdict = HeadVerdict(None)
        except NotADigestError as exc:
            verdict = HeadVerdict(refused(file.path, exc))
        problem = generation.save(file.path, key, verdict)
        wrote = True
        if problem is not None:
            cache.problem(problem)
        return verdict

    enabled = gc.isenabled()
    gc.disable()  # loading builds many objects and no cycle: collecting meanwhile tripled its time
    try:
        for index, path in enumerate(files):
            try:
                with _files.HeadFirst(path) as file:
                    if not file.small(max_size):
                        verdict = judged(file)
                        if verdict.refusal is not None:
                            results[index] = verdict.refusal
                            continue
                    data = file.everything(max_size)
            except DigestParseError:
                missing.append(index)  # refused as analyse_file refuses it, below
                continue
            content = sha256(data)
            used.append((path, content))
            used_content[index] = content
            entry = _usable(generation.load(path, content), path)
            if entry is not None:
                entries[index] = entry
                entry.rest = b""  # read again only if this run needs it: memory stays small
                scans.append(entry.scan)
                continue
            missing.append(index)
            scanned[index] = (content, scan_ids(data))
            scans.append(scanned[index][1])
        repeated = repeated_in(scans, in_memory) if compared else None
        for index, entry in entries.items():
            rest = _rest_loader(generation, files[index], used_content[index])
            result = _as_computed(entry, repeated, rest)
            if result is None:  # its fields could not be unpacked: read it again
                missing.append(index)
            results[index] = result
    finally:
        if enabled:
            freeze()
            gc.enable()
    done = total - len(missing)
    if progress:
        progress(done, total)

    def moved_on(count: int, _total: int) -> None:
        if progress:
            progress(done + count, total)

    missing.sort()
    items = [(files[i], scanned.get(i)) for i in missing]
    arguments = (selected, repeated, max_size, generation)
    analysed = in_workers(analyse_file_cached, items, arguments, jobs, moved_on)
    for index, fresh in zip(missing, analysed, strict=True):
        results[index] = fresh.result
        if fresh.content is not None:
            used.append((files[index], fresh.content))
            wrote = True
        if fresh.problem is not None:
            cache.problem(fresh.problem)
    if wrote:  # drop the entries this run made stale
        generation.prune(used)
    freeze()  # the results of the files read too
    hits = len(entries) - sum(i in entries for i in missing) + refused_heads
    return [r for r in results if r is not None], repeated, hits


def _usable_verdict(verdict: HeadVerdict, path: str) -> bool:
    refusal = verdict.refusal
    return refusal is None or (
        isinstance(refusal, FileResult) and refusal.path == path and isinstance(refusal.refusal, Refusal)
    )


def _usable(entry: object, path: str) -> CachedFile | None:
    """A loaded entry when it has the shape of one for ``path`` (else it is a miss)."""
    if not isinstance(entry, CachedFile) or not isinstance(entry.scan, IdScan):
        return None
    result = entry.result
    if not isinstance(result, FileResult) or result.path != path or not isinstance(entry.rest, bytes):
        return None
    count = len(result.tellings) if isinstance(result.tellings, list) else -1
    shapes = (
        all(isinstance(d, Diagnostic) for d in result.diagnostics),
        all(isinstance(s, Suppression) for s in result.suppressions),
        all(
            isinstance(t, tuple) and len(t) == 2 and isinstance(t[0], str) and isinstance(t[1], Telling)
            for t in result.tellings
        ),
        isinstance(entry.short, tuple) and all(isinstance(i, int) and 0 <= i < count for i in entry.short),
        isinstance(result.papers, int),
        result.read_hash is None or isinstance(result.read_hash, str),
        result.date is None or isinstance(result.date, datetime.date),
        result.refusal is None or isinstance(result.refusal, Refusal),
    )
    return entry if all(shapes) else None


def _rest_loader(generation: Generation, path: str, content: str) -> Callable[[], bytes | None]:
    """The packed fields of an entry, loaded again from the cache."""

    def load() -> bytes | None:
        entry = _usable(generation.load(path, content), path)
        return entry.rest if entry is not None else None

    return load


def _as_computed(
    entry: CachedFile, repeated: frozenset[str] | None, rest: Callable[[], bytes | None]
) -> FileResult | None:
    """The cached result with the fingerprints stage 1 computes in this run: full for the
    identifiers in ``repeated`` (all of them when ``None``), title-only for the others.
    ``rest`` gives the entry's packed fields. ``None`` when the fields a fingerprint needs
    cannot be unpacked."""
    result = entry.result
    tellings = result.tellings
    short = set(entry.short)
    wanted = [i for i in entry.short if repeated is None or tellings[i][0] in repeated]
    if wanted:
        packed = rest()
        fields = unpack(packed) if packed is not None else None
        if not isinstance(fields, list) or not all(isinstance(u, Unfingerprinted) for u in fields):
            return None
        by_position = {u.position: u for u in fields}
        if not all(i in by_position for i in wanted):
            return None
        for i in wanted:
            ident, telling = tellings[i]
            u = by_position[i]
            tellings[i] = (ident, completed(telling, u.authors, u.categories, u.abstract))
    if repeated is not None:
        for i, (ident, telling) in enumerate(tellings):
            if ident not in repeated and i not in short:
                tellings[i] = (ident, title_only(telling))
    return result
