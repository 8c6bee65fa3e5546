"""Input and output shared by the data commands: load many files, write atomically or to stdout."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from ._atomic import write_atomic
from ._escape import escape_text
from ._paths import expand
from .api import load
from .errors import DigestParseError
from .models import Digest

EXIT_ERROR = 2


class Failed(click.ClickException):
    """A failure already reported on stderr; only the exit code is left to give."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        return None


def load_all(paths: Sequence[Path], errors: list[str]) -> list[Digest]:
    digests = []
    found = list(expand(paths))
    if not found:
        errors.append(escape_text("no *.md digest found under: " + ", ".join(str(p) for p in paths)))
    for path in found:
        try:
            digest = load(path)
        except DigestParseError as exc:
            errors.append(str(exc))
            continue
        for problem in digest.problems:
            where = f"{path}:{problem.line}:{problem.col}"
            errors.append(escape_text(f"{where}: {problem.code} {problem.message}"))
        digests.append(digest)
    return digests


def emit(chunks: Iterable[str], output: Path | None) -> None:
    if output is None:
        for chunk in chunks:
            # color=True: click would strip ANSI sequences (ESC [ …) from a pipe or a file, and
            # the output is data: a digest holding them is written as it is, as with -o
            click.echo(chunk, nl=False, color=True)
        return
    write_atomic(output, "".join(chunks).encode("utf-8"))


def finish(errors: list[str]) -> None:
    for message in errors:
        click.echo(message, err=True)
    if errors:
        raise Failed("")


def papers_as(fmt: str, digests: list[Digest]) -> Iterable[str]:
    """The chunks of text of ``digests`` in an export format (jsonl, csv, json or bibtex)."""
    from .bibtex import to_bibtex
    from .export import to_csv, to_json, to_jsonl

    papers = (p for d in digests for p in d.papers)
    if fmt == "bibtex":
        return [to_bibtex(papers)]
    if fmt == "csv":
        return to_csv(papers)
    if fmt == "json":
        return [to_json(digests)]
    return to_jsonl(papers)
