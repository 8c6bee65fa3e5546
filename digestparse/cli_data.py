"""``digestparse export``, ``merge`` and ``schema``: digests as data for other tools."""

from __future__ import annotations

import json
from pathlib import Path

import click
from pydantic import BaseModel

from ._cli_io import emit, finish, load_all, papers_as
from ._escape import escape_surrogates
from .merge import MergedPaper, merge_digests
from .models import Digest, Paper

EXPORT_FORMATS = ["jsonl", "csv", "json", "bibtex"]
RECORDS: dict[str, type[BaseModel]] = {"paper": Paper, "digest": Digest, "merged": MergedPaper}


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
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
def export(paths: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Export the papers of digests (files or folders) as JSON Lines, CSV, JSON or BibTeX."""
    errors: list[str] = []
    emit(papers_as(fmt, load_all(paths, errors)), output)
    finish(errors)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
def merge(paths: tuple[Path, ...], output: Path | None) -> None:
    """One record per arXiv ID across all digests: best values, appearances, versions, conflicts."""
    errors: list[str] = []
    digests = load_all(paths, errors)
    records = merge_digests(digests)
    lines = (json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)
    emit((escape_surrogates(line, json=True) for line in lines), output)
    finish(errors)


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
