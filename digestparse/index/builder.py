"""Build or update the index from files on disk and from git history.

Work comes in *batches*: the blobs of a run of commits (or of files) are read and parsed outside
any transaction, then written in one transaction that also marks those commits and files done.
A run that is interrupted therefore leaves the index as it was after its last batch, and the
next run goes on from there. Inside the transaction the blobs and commits another run wrote in
the meantime are filtered out again, so two runs at once never store a telling twice (SQLite's
lock serialises the writes; ``busy_timeout`` makes the second writer wait instead of failing).

A blob already in the index is never read again, whatever path or commit it turns up under: a
renamed file or a reverted change costs one ``file_versions`` row.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .._paths import expand
from ..api import loads
from ..errors import DigestParseError
from ..formats.layout import layout_of
from ..models import Paper
from . import schema
from .errors import GitError, SourceError
from .gitreader import BlobReader, CommitChanges, Repository, blob_hash

BATCH_TELLINGS = 20_000
BATCH_BLOBS = 500


@dataclass(slots=True)
class BuildStats:
    """What one ``index`` run did."""

    commits: int = 0
    commits_known: int = 0
    blobs_read: int = 0
    blobs_skipped: int = 0
    blobs_known: int = 0
    tellings: int = 0
    batches: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a blob was met: a path, and the commit (None for a file on disk) with its date."""

    path: str
    commit: str | None
    date: str | None


@dataclass(slots=True)
class ParsedBlob:
    """A blob read and parsed, ready to be written."""

    blob: str
    where: Occurrence
    status: str  # "ok" or "skipped"
    digest_format: str | None = None
    digest_date: str | None = None
    reason: str | None = None
    # each paper with its abstract's line and a hash of its entry's exact text
    papers: list[tuple[Paper, int, bytes]] = field(default_factory=list)


@dataclass(slots=True)
class _Batch:
    blobs: list[ParsedBlob] = field(default_factory=list)
    commits: list[CommitChanges] = field(default_factory=list)
    files: list[tuple[str, int, int, str]] = field(default_factory=list)
    tellings: int = 0


def parse_blob(blob: str, data: bytes, where: Occurrence) -> ParsedBlob:
    """Read a blob as a digest; one no format reads is *skipped*, with the reason kept."""
    try:
        digest = loads(data, path=where.path)
    except DigestParseError as exc:
        return ParsedBlob(blob, where, "skipped", reason=f"{exc.location}: {exc.message}")
    layout = layout_of(digest)
    papers = []
    for paper in digest.papers:
        source = layout.source_of(paper) if layout is not None else None
        span = source.spans.get("abstract") if source is not None else None
        # the same entry text in the same format and section reads to the same record
        raw = f"{digest.format}\0{paper.section}\0{source.raw}" if source is not None else ""
        key = hashlib.blake2b(raw.encode("utf-8"), digest_size=16).digest() if raw else b""
        papers.append((paper, span[0] if span else paper.line, key))
    return ParsedBlob(
        blob,
        where,
        "ok",
        digest_format=digest.format,
        digest_date=digest.date.isoformat() if digest.date else None,
        papers=papers,
    )


class Writer:
    """Writes batches: contents deduplicated by hash, tellings, papers' summaries, full text."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.columns = schema.content_columns()
        self.texts = schema.text_fields()
        self.content_ids: dict[bytes, int] = {}
        self.by_entry_text: dict[bytes, int] = {}  # entry text hash -> content id, for this run
        names = ", ".join(f'"{c.name}"' for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        self.insert_content = f"INSERT INTO contents(hash, {names}) VALUES (?, {marks})"
        text_names = ", ".join(f'"{t}"' for t in self.texts)
        self.insert_fts = (
            f"INSERT INTO contents_fts(rowid, {text_names}) VALUES (?, {', '.join('?' for _ in self.texts)})"
        )

    def write(self, batch: _Batch, repo: str | None) -> int:
        """One transaction: returns how many tellings were stored."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            stored = self._write(batch, repo)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            self.content_ids.clear()  # ids of rolled-back rows are not in the file
            self.by_entry_text.clear()
            raise
        return stored

    def _write(self, batch: _Batch, repo: str | None) -> int:
        db = self.db
        known = _existing(db, "blobs", "blob", [b.blob for b in batch.blobs])
        tellings: list[tuple[object, ...]] = []
        summary: dict[str, _Summary] = {}
        for parsed in batch.blobs:
            if parsed.blob in known:
                continue
            known.add(parsed.blob)
            db.execute(
                "INSERT INTO blobs VALUES (?, ?, ?, ?, ?, ?)",
                (
                    parsed.blob,
                    parsed.status,
                    parsed.digest_format,
                    parsed.digest_date,
                    len(parsed.papers),
                    parsed.reason,
                ),
            )
            where = parsed.where
            seen = parsed.digest_date or (where.date[:10] if where.date else None)
            order = f"{where.date or seen or ''}"
            for paper, abstract_line, entry_key in parsed.papers:
                content_id = self.by_entry_text.get(entry_key) if entry_key else None
                if content_id is None:
                    content_id = self._content(paper)
                    if entry_key:
                        self.by_entry_text[entry_key] = content_id
                ident = str(paper.arxiv_id) if paper.arxiv_id is not None else None
                tellings.append(
                    (
                        ident,
                        parsed.blob,
                        where.commit,
                        where.date,
                        parsed.digest_date,
                        parsed.digest_format,
                        seen,
                        where.path,
                        paper.line,
                        paper.end_line,
                        abstract_line,
                        content_id,
                    )
                )
                if ident is not None:
                    summary.setdefault(ident, _Summary()).add(paper.version, seen, order, content_id)
        db.executemany(
            "INSERT INTO tellings(arxiv_id, blob, commit_hash, commit_date, digest_date, digest_format, "
            "seen, path, line, end_line, abstract_line, content_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            tellings,
        )
        self._papers(summary)
        if batch.commits:
            db.executemany(
                "INSERT OR IGNORE INTO commits VALUES (?, ?, ?)",
                [(c.commit, c.date, repo) for c in batch.commits],
            )
            db.executemany(
                "INSERT OR IGNORE INTO file_versions VALUES (?, ?, ?, ?)",
                [(c.commit, f.path, f.blob, f.status) for c in batch.commits for f in c.changes],
            )
        if batch.files:
            db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", batch.files)
        return len(tellings)

    def _content(self, paper: Paper) -> int:
        values = [schema.sql_value(getattr(paper, c.name), c.is_json) for c in self.columns]
        key = hashlib.blake2b(
            json.dumps(values, ensure_ascii=False, default=str).encode("utf-8"), digest_size=16
        ).digest()
        found = self.content_ids.get(key)
        if found is not None:
            return found
        row = self.db.execute("SELECT id FROM contents WHERE hash = ?", (key,)).fetchone()
        if row is not None:
            content_id = int(row[0])
        else:
            cursor = self.db.execute(self.insert_content, (key, *values))
            content_id = int(cursor.lastrowid or 0)
            texts = [schema.fts_text(getattr(paper, t)) for t in self.texts]
            self.db.execute(self.insert_fts, (content_id, *texts))
        self.content_ids[key] = content_id
        return content_id

    def _papers(self, summary: dict[str, _Summary]) -> None:
        if not summary:
            return
        db = self.db
        existing: dict[str, tuple[str, str | None, str | None, int, str, int]] = {}
        keys = list(summary)
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" for _ in part)
            for row in db.execute(
                "SELECT arxiv_id, versions, first_seen, last_seen, tellings, last_key, last_content "
                f"FROM papers WHERE arxiv_id IN ({marks})",
                part,
            ):
                existing[row[0]] = tuple(row[1:])
        rows = []
        for ident, new in summary.items():
            old = existing.get(ident)
            if old is not None:
                new.merge(set(json.loads(old[0])), old[1], old[2], old[3], old[4], old[5])
            rows.append(
                (
                    ident,
                    json.dumps(sorted(new.versions)),
                    new.first,
                    new.last,
                    new.count,
                    new.last_key,
                    new.last_content,
                )
            )
        db.executemany("INSERT OR REPLACE INTO papers VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


@dataclass(slots=True)
class _Summary:
    """A paper's row of ``papers``, added up over a batch."""

    versions: set[int] = field(default_factory=set)
    first: str | None = None
    last: str | None = None
    count: int = 0
    last_key: str = ""
    last_content: int = 0

    def add(self, version: int | None, seen: str | None, order: str, content_id: int) -> None:
        if version is not None:
            self.versions.add(version)
        self.merge(set(), seen, seen, 1, order, content_id, later=True)

    def merge(
        self,
        versions: set[int],
        first: str | None,
        last: str | None,
        count: int,
        last_key: str,
        last_content: int,
        later: bool = False,
    ) -> None:
        self.versions |= versions
        if first is not None and (self.first is None or first < self.first):
            self.first = first
        if last is not None and (self.last is None or last > self.last):
            self.last = last
        self.count += count
        if self.last_content == 0 or last_key > self.last_key or (later and last_key == self.last_key):
            self.last_key, self.last_content = last_key, last_content


def _existing(db: sqlite3.Connection, table: str, column: str, values: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        marks = ",".join("?" for _ in part)
        found.update(
            row[0] for row in db.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", part)
        )
    return found


def _known_blobs(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT blob FROM blobs")}


def build_index(
    db: sqlite3.Connection,
    paths: Sequence[Path] = (),
    *,
    git: Path | None = None,
    rev: str | None = None,
    batch_tellings: int = BATCH_TELLINGS,
) -> BuildStats:
    """Index the digests of ``paths`` (files, or folders searched for ``*.md``) or, with
    ``git``, every version of every digest in the commits of ``rev`` (``paths`` then limit the
    files, as git pathspecs). Returns what was done."""
    started = time.perf_counter()
    stats = BuildStats()
    writer = Writer(db)
    known = _known_blobs(db)
    if git is not None:
        _index_git(
            db, writer, Repository(git), rev, [os.fspath(p) for p in paths], known, stats, batch_tellings
        )
    else:
        _index_files(db, writer, paths, known, stats, batch_tellings)
    db.execute("PRAGMA optimize")
    stats.seconds = time.perf_counter() - started
    return stats


def _index_git(
    db: sqlite3.Connection,
    writer: Writer,
    repo: Repository,
    rev: str | None,
    pathspecs: list[str],
    known: set[str],
    stats: BuildStats,
    batch_tellings: int,
) -> None:
    commits = repo.commits(rev)
    done = {row[0] for row in db.execute("SELECT commit_hash FROM commits")}
    todo = [(c, d) for c, d in commits if c not in done]
    stats.commits_known = len(commits) - len(todo)
    if not todo:
        return
    batch = _Batch()
    name = repo.identity()
    with BlobReader(repo) as reader:
        stream = repo.changes([c for c, _ in todo], pathspecs)
        listed = next(stream, None)
        for commit_hash, date in todo:
            # git lists only the commits that changed a digest, in the order asked
            if listed is not None and listed.commit == commit_hash:
                commit, listed = listed, next(stream, None)
            else:
                commit = CommitChanges(commit_hash, date)
            wanted = []
            for change in commit.changes:
                if change.blob is None:
                    continue
                if change.blob in known:
                    stats.blobs_known += 1
                    continue
                known.add(change.blob)
                wanted.append(change)
            contents = reader.read_many([change.blob for change in wanted if change.blob])
            for change, data in zip(wanted, contents, strict=True):
                parsed = parse_blob(str(change.blob), data, _at(change.path, commit))
                _count(parsed, stats)
                batch.blobs.append(parsed)
                batch.tellings += len(parsed.papers)
            batch.commits.append(commit)
            stats.commits += 1
            if batch.tellings >= batch_tellings or len(batch.blobs) >= BATCH_BLOBS:
                _flush(writer, batch, name, stats)
                batch = _Batch()
        _flush(writer, batch, name, stats)
        for _ in stream:  # let git finish and report its status
            pass


def _at(path: str, commit: CommitChanges) -> Occurrence:
    return Occurrence(path, commit.commit, commit.date)


def _count(parsed: ParsedBlob, stats: BuildStats) -> None:
    stats.blobs_read += 1
    if parsed.status == "skipped":
        stats.blobs_skipped += 1


def _flush(writer: Writer, batch: _Batch, repo: str | None, stats: BuildStats) -> None:
    if not batch.blobs and not batch.commits and not batch.files:
        return
    stats.tellings += writer.write(batch, repo)
    stats.batches += 1


def _index_files(
    db: sqlite3.Connection,
    writer: Writer,
    paths: Sequence[Path],
    known: set[str],
    stats: BuildStats,
    batch_tellings: int,
) -> None:
    cached = {row[0]: (row[1], row[2], row[3]) for row in db.execute("SELECT * FROM files")}
    batch = _Batch()
    for path in _digest_files(paths):
        name = os.fspath(path)
        try:
            info = path.stat()
        except OSError as exc:
            raise SourceError(f"{name}: cannot read: {exc.strerror or exc}") from None
        hit = cached.get(name)
        if hit is not None and hit[0] == info.st_size and hit[1] == info.st_mtime_ns and hit[2] in known:
            stats.blobs_known += 1
            continue
        data = path.read_bytes()
        blob = blob_hash(data)
        batch.files.append((name, info.st_size, info.st_mtime_ns, blob))
        if blob in known:
            stats.blobs_known += 1
            continue
        known.add(blob)
        stamp = datetime.datetime.fromtimestamp(info.st_mtime, datetime.timezone.utc)
        parsed = parse_blob(blob, data, Occurrence(name, None, stamp.strftime("%Y-%m-%dT%H:%M:%SZ")))
        _count(parsed, stats)
        batch.blobs.append(parsed)
        batch.tellings += len(parsed.papers)
        if batch.tellings >= batch_tellings or len(batch.blobs) >= BATCH_BLOBS:
            _flush(writer, batch, None, stats)
            batch = _Batch()
    _flush(writer, batch, None, stats)


def _digest_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in expand(paths):
        if not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        yield path


__all__ = ["BuildStats", "GitError", "ParsedBlob", "build_index", "parse_blob"]
