"""``digestparse export``, ``merge`` and ``schema``: digests as data for other tools."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import click
from pydantic import BaseModel

from .._escape import escape_surrogates
from ..merge import MergedPaper, merge_digests
from ..models import Digest, Paper
from .io import emit, finish, load_all, papers_as

EXPORT_FORMATS = ["jsonl", "csv", "json", "bibtex"]
RECORDS: dict[str, type[BaseModel]] = {"paper": Paper, "digest": Digest, "merged": MergedPaper}


_INDEX = click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read every paper of this index (digestparse index) instead of files.",
)


def _sources(paths: tuple[Path, ...], index_path: Path | None) -> None:
    if not paths and index_path is None:
        raise click.UsageError("give digests (PATHS) or an index (--index FILE)")
    if paths and index_path is not None:
        raise click.UsageError("give digests (PATHS) or an index (--index FILE), not both")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl and csv: one row per paper and digest; json: digests; bibtex: one entry per paper.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
@_INDEX
def export(paths: tuple[Path, ...], fmt: str, output: Path | None, index_path: Path | None) -> None:
    """Export the papers of digests (files or folders) as JSON Lines, CSV, JSON or BibTeX.

    With ``--index``: one record per paper the index holds, from its latest telling."""
    _sources(paths, index_path)
    if index_path is not None:
        from .index import papers_from_index

        digest = Digest.model_construct(
            format=None, path=str(index_path), papers=list(papers_from_index(index_path))
        )
        emit(papers_as(fmt, [digest]), output)
        return
    errors: list[str] = []
    digests = load_all(paths, errors)
    finish(errors)  # exit 2 writes nothing: a partial output is never taken for a whole one
    emit(papers_as(fmt, digests), output)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
@_INDEX
def merge(paths: tuple[Path, ...], output: Path | None, index_path: Path | None) -> None:
    """One record per arXiv ID across all digests: best values, appearances, versions, conflicts.

    With ``--index``: over every telling the index holds (every version of every digest)."""
    _sources(paths, index_path)
    errors: list[str] = []
    if index_path is not None:
        from .index import merged_from_index

        records: Iterable[MergedPaper] = merged_from_index(index_path)
    else:
        records = merge_digests(load_all(paths, errors))
    finish(errors)  # exit 2 writes nothing: a partial output is never taken for a whole one
    lines = (json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)
    emit((escape_surrogates(line, json=True) for line in lines), output)


@click.command()
@click.option(
    "--record",
    type=click.Choice(sorted(RECORDS)),
    default="paper",
    show_default=True,
    help="Which record's schema to print.",
)
def schema(record: str) -> None:
    """Print the JSON Schema of digestparse's records (from pydantic)."""
    click.echo(json.dumps(RECORDS[record].model_json_schema(), ensure_ascii=False, indent=2))
