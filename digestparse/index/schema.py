"""The index database: its tables, derived from :class:`~digestparse.models.Paper`, and how an
existing file is opened, recognised, migrated or refused.

A paper told the same way on many days (a README table that keeps the latest 100 papers is
rewritten every day) is stored once: ``contents`` holds each distinct way a paper was told
(every ``Paper`` field except where it sits: ``path``, ``line``, ``end_line``), and a
``tellings`` row (one paper in one version of one digest) points at it. The view
``paper_tellings`` joins both back into one row per telling with every ``Paper`` field as a
column. The columns come from ``Paper.model_fields``, so a field added to ``Paper`` later is
picked up: opening the index adds its column (older tellings hold NULL there until rebuilt) and
rebuilds the full-text table.

``PRAGMA application_id`` marks the file as ours and ``PRAGMA user_version`` is the layout's
version: a file that is not SQLite, or is another application's database, is refused and never
written; an older layout is migrated step by step, or rebuilt (with a message) where no step
is known; a newer one is refused.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
import time
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..models import Paper
from .errors import IndexDatabaseError

APPLICATION_ID = 0x44504958  # "DPIX"
SCHEMA_VERSION = 1
DEFAULT_PATH = Path(".digestparse") / "index.sqlite"
BUSY_TIMEOUT_MS = 60_000

# Where a paper sits in its file: kept per telling, not per content.
PLACE_FIELDS = ("path", "line", "end_line")
# The full-text columns, in this order, where Paper has the field (the AI fields come later).
TEXT_FIELDS = (
    "title",
    "authors",
    "abstract",
    "title_zh",
    "abstract_zh",
    "tldr",
    "motivation",
    "method",
    "result",
    "conclusion",
    "comment",
)


@dataclass(frozen=True, slots=True)
class Column:
    """One ``Paper`` field as a column: its SQL type and whether it is stored as JSON text."""

    name: str
    sql_type: str
    is_json: bool


def _column(name: str, annotation: object) -> Column:
    """The SQL type of a field from its annotation: lists and models as JSON text."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _column(name, inner[0])
        return Column(name, "TEXT", True)
    if origin in (list, tuple, set, frozenset, dict) or annotation in (list, tuple, set, dict):
        return Column(name, "TEXT", True)
    if isinstance(annotation, type):
        if issubclass(annotation, bool) or issubclass(annotation, int):
            return Column(name, "INTEGER", False)
        if issubclass(annotation, float):
            return Column(name, "REAL", False)
        if issubclass(annotation, BaseModel):
            return Column(name, "TEXT", True)
    return Column(name, "TEXT", False)


def content_columns() -> tuple[Column, ...]:
    """Every ``Paper`` field but its place, in declaration order."""
    return tuple(
        _column(name, info.annotation)
        for name, info in Paper.model_fields.items()
        if name not in PLACE_FIELDS
    )


def text_fields() -> tuple[str, ...]:
    """The full-text columns ``Paper`` has today."""
    return tuple(name for name in TEXT_FIELDS if name in Paper.model_fields)


def sql_value(value: object, is_json: bool) -> object:
    """A field's value as SQLite stores it (lists and models as JSON text, dates as ISO)."""
    if value is None:
        return None
    if is_json:
        if isinstance(value, BaseModel):
            return json.dumps(value.model_dump(mode="json"), ensure_ascii=False)
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return json.dumps(list(value), ensure_ascii=False)
        return json.dumps(_plain(value), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _plain(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables_sql(columns: Sequence[Column], texts: Sequence[str]) -> list[str]:
    content_cols = ",\n  ".join(f"{_quote(c.name)} {c.sql_type}" for c in columns)
    view_cols = ", ".join(f"c.{_quote(c.name)}" for c in columns)
    return [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # every blob ever looked at: read once, never again
        """CREATE TABLE blobs (
  blob TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('ok', 'skipped')),
  digest_format TEXT,
  digest_date TEXT,
  papers INTEGER NOT NULL DEFAULT 0,
  reason TEXT
)""",
        # every commit whose changes are in the index (so a re-run skips it)
        "CREATE TABLE commits (commit_hash TEXT PRIMARY KEY, commit_date TEXT NOT NULL, repo TEXT)",
        # every (commit, path) that added, changed, renamed or deleted a digest
        """CREATE TABLE file_versions (
  commit_hash TEXT NOT NULL,
  path TEXT NOT NULL,
  blob TEXT,
  status TEXT NOT NULL,
  PRIMARY KEY (commit_hash, path)
)""",
        "CREATE INDEX file_versions_blob ON file_versions(blob)",
        # files on disk: a file whose size and mtime did not change is not hashed again
        "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, blob TEXT)",
        f"""CREATE TABLE contents (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  {content_cols}
)""",
        "CREATE INDEX contents_arxiv_id ON contents(arxiv_id)",
        """CREATE TABLE tellings (
  id INTEGER PRIMARY KEY,
  arxiv_id TEXT,
  blob TEXT NOT NULL REFERENCES blobs(blob),
  commit_hash TEXT,
  commit_date TEXT,
  digest_date TEXT,
  digest_format TEXT,
  seen TEXT,
  path TEXT NOT NULL,
  line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  abstract_line INTEGER NOT NULL,
  content_id INTEGER NOT NULL REFERENCES contents(id)
)""",
        "CREATE INDEX tellings_arxiv_id ON tellings(arxiv_id, seen)",
        "CREATE INDEX tellings_content ON tellings(content_id, seen, path)",  # covers the filters
        "CREATE INDEX tellings_blob ON tellings(blob)",
        """CREATE TABLE papers (
  arxiv_id TEXT PRIMARY KEY,
  versions TEXT NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  tellings INTEGER NOT NULL,
  last_key TEXT NOT NULL,
  last_content INTEGER NOT NULL REFERENCES contents(id)
)""",
        _fts_sql(texts),
        f"""CREATE VIEW paper_tellings AS
SELECT t.id AS telling_id, t.blob, t.commit_hash, t.commit_date, t.digest_date, t.digest_format,
       t.seen, t.path, t.line, t.end_line, t.abstract_line, {view_cols}
FROM tellings t JOIN contents c ON c.id = t.content_id""",
    ]


def _fts_sql(texts: Sequence[str]) -> str:
    # contentless: the text lives once, in ``contents``; the index holds only the tokens
    cols = ", ".join(_quote(t) for t in texts)
    return (
        f"CREATE VIRTUAL TABLE contents_fts USING fts5({cols}, content='', "
        "tokenize='unicode61 remove_diacritics 2')"
    )


# Title words weigh most, then names, then the rest (bm25 weights, one per full-text column).
_WEIGHTS = {"title": 8.0, "authors": 4.0, "title_zh": 4.0}


def _fts_rank_sql(texts: Sequence[str]) -> str:
    weights = ", ".join(str(_WEIGHTS.get(name, 1.0)) for name in texts)
    return f"INSERT INTO contents_fts(contents_fts, rank) VALUES ('rank', 'bm25({weights})')"


def fts_text(value: object) -> str | None:
    """What the full-text index reads of a field: lists joined with commas."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


Notify = Callable[[str], None]


def _ignore(_: str) -> None:
    return None


# Step n migrates a layout of version n to n + 1 (none yet: version 1 is the first layout).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}


def connect(path: Path, *, create: bool, notify: Notify = _ignore) -> sqlite3.Connection:
    """Open the index at ``path``, creating or migrating it when ``create`` (a writer).

    Raises :class:`IndexDatabaseError` for a missing file (readers), a file that is not SQLite,
    another application's database, or a layout newer than this digestparse knows.
    """
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise IndexDatabaseError(f"{path}: no index there (build one with `digestparse index`)")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: transactions are explicit (one per batch)
    db = sqlite3.connect(os.fspath(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _recognise_when_free(db, path, create, notify)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise IndexDatabaseError(
            f"{path}: not a digestparse index (SQLite says: {exc}); it was left untouched"
        ) from None
    except BaseException:
        db.close()
        raise
    return db


def _recognise_when_free(db: sqlite3.Connection, path: Path, create: bool, notify: Notify) -> None:
    """:func:`_recognise`, waiting while another index run holds the file.

    Switching a new file to WAL needs the database to itself, and SQLite answers "database is
    locked" at once, without its busy handler, while a second run creates the same index: that
    run waits and tries again (then finds the tables made) instead of calling the file "not a
    digestparse index"."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            _recognise(db, path, create, notify)
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _recognise(db: sqlite3.Connection, path: Path, create: bool, notify: Notify) -> None:
    # one statement, one snapshot: read apart, another writer's commit could fall in between
    # (no application id yet, then its tables: "another application's database")
    app_id, tables = db.execute(
        "SELECT (SELECT application_id FROM pragma_application_id()), (SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    if app_id != APPLICATION_ID:
        if app_id != 0 or tables:
            raise IndexDatabaseError(
                f"{path}: a SQLite database of another application, not a digestparse index; "
                "it was left untouched"
            )
        if not create:
            raise IndexDatabaseError(f"{path}: an empty database, not an index yet")
        _create(db)
        return
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise IndexDatabaseError(
            f"{path}: index layout v{version} is newer than this digestparse's (v{SCHEMA_VERSION}); "
            "upgrade digestparse"
        )
    if not create:
        return
    if version < SCHEMA_VERSION:
        _migrate(db, path, version, notify)
    _add_new_fields(db, path, notify)


def _create(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode = WAL")  # readers go on while an index run writes
    db.execute("BEGIN IMMEDIATE")
    try:
        # a second writer that lost the race finds the tables made: nothing to do
        if db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            db.execute("COMMIT")
            return
        for statement in _tables_sql(content_columns(), text_fields()):
            db.execute(statement)
        db.execute(_fts_rank_sql(text_fields()))
        db.execute(
            "INSERT INTO meta VALUES ('paper_fields', ?), ('text_fields', ?)",
            (json.dumps([c.name for c in content_columns()]), json.dumps(list(text_fields()))),
        )
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _migrate(db: sqlite3.Connection, path: Path, version: int, notify: Notify) -> None:
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            notify(
                f"{path}: index layout v{version} has no migration to v{SCHEMA_VERSION}: rebuilt "
                "empty; this run reads every digest again"
            )
            rebuild(db)
            return
        db.execute("BEGIN IMMEDIATE")
        step(db)
        db.execute(f"PRAGMA user_version = {version + 1}")
        db.execute("COMMIT")
        notify(f"{path}: index layout migrated from v{version} to v{version + 1}")
        version += 1


def rebuild(db: sqlite3.Connection) -> None:
    """Drop every table of the index and create them anew (the file stays ours)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        names = db.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contents_fts_%'"
        ).fetchall()
        for kind, name in names:
            db.execute(f"DROP {'VIEW' if kind == 'view' else 'TABLE'} IF EXISTS {_quote(name)}")
        db.execute("PRAGMA application_id = 0")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    _create(db)


def _add_new_fields(db: sqlite3.Connection, path: Path, notify: Notify) -> None:
    """Fields added to ``Paper`` since the index was made become columns; the full-text table
    is rebuilt when it gains a column. A field that disappeared means a rebuild."""
    row = db.execute("SELECT value FROM meta WHERE key = 'paper_fields'").fetchone()
    known = json.loads(row[0]) if row else []
    columns = content_columns()
    names = [c.name for c in columns]
    if known == names and _known_texts(db) == list(text_fields()):
        return
    gone = [n for n in known if n not in names]
    if gone:
        notify(f"{path}: Paper lost field(s) {', '.join(gone)}: index rebuilt empty")
        rebuild(db)
        return
    added = [c for c in columns if c.name not in known]
    db.execute("BEGIN IMMEDIATE")
    try:
        for column in added:
            db.execute(f"ALTER TABLE contents ADD COLUMN {_quote(column.name)} {column.sql_type}")
        db.execute("DROP VIEW IF EXISTS paper_tellings")
        db.execute(_tables_sql(columns, text_fields())[-1])
        db.execute("UPDATE meta SET value = ? WHERE key = 'paper_fields'", (json.dumps(names),))
        if _known_texts(db) != list(text_fields()):
            _rebuild_fts(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if added:
        notify(
            f"{path}: index gained column(s) {', '.join(c.name for c in added)} for new Paper "
            "fields; tellings indexed before hold NULL there (`digestparse index --rebuild` reads "
            "them again)"
        )


def _known_texts(db: sqlite3.Connection) -> list[str]:
    row = db.execute("SELECT value FROM meta WHERE key = 'text_fields'").fetchone()
    return list(json.loads(row[0])) if row else []


def _rebuild_fts(db: sqlite3.Connection) -> None:
    texts = text_fields()
    db.execute("DROP TABLE IF EXISTS contents_fts")
    db.execute(_fts_sql(texts))
    db.execute(_fts_rank_sql(texts))
    cols = ", ".join(_quote(t) for t in texts)
    marks = ", ".join("?" for _ in texts)
    is_json = {c.name: c.is_json for c in content_columns()}
    rows = db.execute(f"SELECT id, {cols} FROM contents")
    insert = f"INSERT INTO contents_fts(rowid, {cols}) VALUES (?, {marks})"
    for row in rows.fetchall():
        values = [
            fts_text(json.loads(v) if is_json[t] and v is not None else v)
            for t, v in zip(texts, row[1:], strict=True)
        ]
        db.execute(insert, (row[0], *values))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('text_fields', ?)", (json.dumps(list(texts)),))
