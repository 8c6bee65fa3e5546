"""``digestparse index``, ``search`` and ``history``: the paper index on the command line.

Also the ``--index FILE`` readers of ``export``, ``merge`` and ``check``. An index that cannot
be used (not SQLite, another application's, newer), a folder that is not a git repository or a
bad range ends in one line on stderr and exit 2. Text output escapes control characters, since
titles and names come from untrusted digests.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click

from ..errors import InvalidArxivIdError
from ..index import (
    DEFAULT_PATH,
    HistoryEntry,
    IndexFailure,
    QueryError,
    SearchFilters,
    SearchHit,
    build_index,
    history,
    open_index,
    rebuild,
    search,
)
from ..index.dataset import earlier_tellings, latest_papers, merged_papers, named_ids
from ..lint.corpus_index import Telling
from ..merge import MergedPaper
from ..models import Paper
from .io import Failed

EXIT_NOT_FOUND = 1


def safe(text: str) -> str:
    """Text for a terminal: control characters (escape sequences, CR, tabs) as ``\\xNN``."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
        for ch in text
    )


def _fail(message: str) -> Failed:
    click.echo(f"digestparse: {safe(message)}", err=True)
    return Failed("")


def _open(path: Path, *, write: bool = False) -> sqlite3.Connection:
    try:
        return open_index(path, write=write, notify=lambda m: click.echo(safe(m), err=True))
    except IndexFailure as exc:
        raise _fail(str(exc)) from None


_DB = click.option(
    "--db",
    "--index",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="The index file (SQLite).",
)


@click.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--git",
    "git",
    type=click.Path(path_type=Path),
    default=None,
    help="Read every version of every digest from this repository's history (PATHs limit it).",
)
@click.option("--rev", default=None, help="The commits to read (git range; default HEAD; --all).")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="The index file (SQLite), made when missing.",
)
@click.option("--rebuild", "fresh", is_flag=True, help="Empty the index first and read everything again.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def index_command(
    paths: tuple[Path, ...], git: Path | None, rev: str | None, db_path: Path, fresh: bool, quiet: bool
) -> None:
    """Build or update the paper index from digests (files, folders) or a git history."""
    if rev is not None and git is None:
        raise click.BadParameter("--rev needs --git", param_hint="--rev")
    db = _open(db_path, write=True)
    try:
        if fresh:
            rebuild(db)
        stats = build_index(db, paths if paths or git else (Path("."),), git=git, rev=rev)
    except IndexFailure as exc:
        raise _fail(str(exc)) from None
    finally:
        db.close()
    if not quiet:
        rate = stats.tellings / stats.seconds if stats.seconds else 0.0
        click.echo(
            f"Indexed {stats.tellings} telling(s) from {stats.blobs_read} new blob(s) "
            f"({stats.blobs_skipped} skipped: not a digest; {stats.blobs_known} already indexed), "
            f"{stats.commits} new commit(s) ({stats.commits_known} already indexed) "
            f"in {stats.seconds:.2f}s ({rate:.0f} tellings/s) -> {safe(str(db_path))}",
            err=True,
        )


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
)
_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _date(value: datetime.datetime | None) -> datetime.date | None:
    return value.date() if value is not None else None


@click.command("search")
@click.argument("query")
@click.option("--since", type=_DATE, help="Only tellings from this date on (YYYY-MM-DD).")
@click.option("--until", type=_DATE, help="Only tellings up to this date (YYYY-MM-DD).")
@click.option("--category", help="Only papers told with this arXiv category (e.g. cs.CV).")
@click.option("--author", help="Only papers with this author (the name's words, in order).")
@click.option("--path", "path_glob", help="Only tellings in files under this path, or matching this glob.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--exhaustive",
    is_flag=True,
    help="Rank every match (slower); by default a word found in more than 10,000 distinct "
    "tellings ranks the newest 10,000.",
)
@_FORMAT
@_DB
def search_command(
    query: str,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
    category: str | None,
    author: str | None,
    path_glob: str | None,
    limit: int,
    exhaustive: bool,
    fmt: str,
    db_path: Path,
) -> None:
    """Search every paper ever indexed (title, abstract, authors, ZH and AI fields), best first."""
    db = _open(db_path)
    try:
        filters = SearchFilters(_date(since), _date(until), category, author, path_glob)
        hits = search(db, query, filters, limit, exhaustive=exhaustive)
    except QueryError as exc:
        raise _fail(str(exc)) from None
    finally:
        db.close()
    if fmt == "text":
        click.echo("".join(_hit_text(hit) for hit in hits), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        click.echo(
            "".join(json.dumps(dataclasses.asdict(h), ensure_ascii=False) + "\n" for h in hits), nl=False
        )


def _hit_text(hit: SearchHit) -> str:
    versions = ",".join(f"v{v}" for v in hit.versions)
    when = f"{hit.first_seen or '?'}..{hit.last_seen or '?'}"
    categories = f" [{' '.join(hit.categories)}]" if hit.categories else ""
    head = f"{hit.arxiv_id}  {hit.title}{categories}"
    names = ", ".join(hit.authors[:6]) + (", ..." if len(hit.authors) > 6 else "")
    info = f"{hit.tellings} telling(s), {when}" + (f", {versions}" if versions else "")
    return f"{safe(head)}\n    {safe(names)}\n    ({info})\n"


@click.command("history")
@click.argument("arxiv_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_DB
def history_command(arxiv_id: str, fmt: str, db_path: Path) -> None:
    """Every telling of a paper in time order, with what changed from the telling before."""
    db = _open(db_path)
    try:
        entries = history(db, arxiv_id)
    except InvalidArxivIdError as exc:
        raise _fail(str(exc)) from None
    finally:
        db.close()
    if not entries:
        click.echo(f"digestparse: no telling of {safe(arxiv_id)} in {safe(str(db_path))}", err=True)
        raise click.exceptions.Exit(EXIT_NOT_FOUND)
    if fmt == "json":
        click.echo(json.dumps([_entry_record(e) for e in entries], ensure_ascii=False, indent=2))
        return
    click.echo(_history_text(entries), nl=False)


def _entry_record(entry: HistoryEntry) -> dict[str, object]:
    told = entry.telling
    return {
        "source": told.source,
        "path": told.path,
        "commit": told.commit,
        "line": told.line,
        "commit_date": told.commit_date,
        "digest_date": told.digest_date,
        "seen": told.seen,
        "version": told.paper.version,
        "title": told.paper.title,
        "authors": told.paper.authors,
        "same_as_previous": entry.same_as_previous,
        "changes": [dataclasses.asdict(c) for c in entry.changes],
    }


def _history_text(entries: list[HistoryEntry]) -> str:
    first = entries[0].telling.paper
    lines = [safe(f"{first.arxiv_id}  {first.title}")]
    for number, entry in enumerate(entries):
        told = entry.telling
        version = f"  v{told.paper.version}" if told.paper.version is not None else ""
        if number == 0:
            note = "  first telling"
        elif entry.changes:
            note = "  changed: " + ", ".join(c.field for c in entry.changes)
        elif entry.same_as_previous:
            note = "  same"
        else:
            note = "  same (written differently)"
        lines.append(safe(f"{told.seen or '?'}  {told.source}{version}{note}"))
        for change in entry.changes:
            lines.append("    " + safe(f"{change.code} {change.field}: {change.message}"))
            if change.field == "figures":
                lines.extend("      " + safe(f"{before} -> {after}") for before, after in change.pairs)
    return "".join(line + "\n" for line in lines)


COMMANDS = (index_command, search_command, history_command)


# --- readers for the other commands ---------------------------------------------------------


def papers_from_index(path: Path) -> Iterator[Paper]:
    """``export --index``: one record per paper, its latest telling (path is ``path@commit7``)."""
    db = _open(path)
    try:
        yield from latest_papers(db)
    finally:
        db.close()


def merged_from_index(path: Path) -> Iterator[MergedPaper]:
    """``merge --index``: one consolidated record per paper over every telling."""
    db = _open(path)
    try:
        yield from merged_papers(db)
    finally:
        db.close()


def tellings_for_check(path: Path, checked: tuple[Path, ...]) -> list[tuple[str, Telling]]:
    """``check --index``: the index's tellings of the papers the checked digests name."""
    db = _open(path)
    try:
        return earlier_tellings(db, named_ids(checked))
    finally:
        db.close()
