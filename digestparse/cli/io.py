"""Input and output shared by the data commands: load many files, write atomically or to stdout.

The data commands (``parse``, ``export``, ``merge``, ``convert``) find files as ``check`` does
(``_paths.discover``: default excludes and ``.gitignore`` honoured), read them safely
(``_files``: regular files only, a size limit, ``-`` for standard input), and skip a Markdown
file found by searching that is not a digest, saying so on stderr; a file named on the command
line that cannot be read as a digest is an error. Records keep file names as they are; the
outputs escape them (``_escape``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from .._atomic import write_atomic
from .._escape import escape_text
from .._files import STDIN_NAME, read_digest_bytes, read_stdin
from .._paths import STDIN, Candidate, Skipped, discover
from ..api import loads
from ..errors import DigestParseError, InvalidEncodingError
from ..models import Digest

EXIT_ERROR = 2
_NAMED_SKIPS = 5


class Failed(click.ClickException):
    """A failure already reported on stderr; only the exit code is left to give."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        return None


def load_one(path: str | Path) -> Digest:
    """Read one digest named on the command line (``-``: standard input).

    The records keep the file's name as it is; every output escapes it (``_escape``).
    """
    name = str(path)
    if name == STDIN:
        return loads(read_stdin(), path=STDIN_NAME)
    return loads(read_digest_bytes(name), path=name)


def load_all(paths: Sequence[Path], errors: list[str]) -> list[Digest]:
    """The digests named and found under ``paths``; problems are added to ``errors``."""
    digests = []
    found = discover(paths)
    skipped = list(found.skipped)
    for candidate in found.files:
        try:
            digest = load_one(candidate.path)
        except DigestParseError as exc:
            if _skippable(candidate, exc):
                skipped.append(Skipped(candidate.path, exc.message))
            else:
                errors.append(str(exc))
            continue
        for problem in digest.problems:
            where = f"{digest.path}:{problem.line}:{problem.col}"
            errors.append(escape_text(f"{where}: {problem.code} {problem.message}"))
        digests.append(digest)
    for item in skipped[:_NAMED_SKIPS]:
        click.echo(escape_text(f"digestparse: skipped {item.path}: {item.reason}"), err=True)
    if len(skipped) > _NAMED_SKIPS:
        click.echo(f"digestparse: skipped {len(skipped) - _NAMED_SKIPS} more file(s)", err=True)
    if not digests and not errors:
        errors.append(escape_text("no digest found under: " + ", ".join(str(p) for p in paths)))
    return digests


def _skippable(candidate: Candidate, exc: DigestParseError) -> bool:
    """A file found by searching that is not a digest, or not a regular file, is skipped (the
    same judgement as ``check``'s, ``lint.rules.refusal.refusal_of``); a named one never is."""
    from ..lint.rules.refusal import refusal_of

    if candidate.named:
        return False
    data = None
    if isinstance(exc, InvalidEncodingError):  # a broken digest, or another file's bytes?
        try:
            data = read_digest_bytes(candidate.path, sniff=False)
        except DigestParseError:
            data = None
    return refusal_of(candidate.path, exc, data).kind in ("special", "not-a-digest")


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
    from ..bibtex import to_bibtex
    from ..export import to_csv, to_json, to_jsonl

    papers = (p for d in digests for p in d.papers)
    if fmt == "bibtex":
        return [to_bibtex(papers)]
    if fmt == "csv":
        return to_csv(papers)
    if fmt == "json":
        return [to_json(digests)]
    return to_jsonl(papers)
