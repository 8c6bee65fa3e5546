"""The ``digestparse`` click group, its ``parse``, ``convert`` and ``formats`` commands, and ``main``.

``main(argv) -> int`` runs in-process and returns the exit code, so tests call it directly, as
flake8's tests do. Exit codes: 0 success, 1 findings (``check``), 2 usage or input error. An
input error prints ``path:line:col: message`` on stderr, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .. import __version__
from .._escape import escape_text
from ..convert import convert as convert_digest
from ..errors import DigestParseError
from ..formats import registry
from .io import Failed, emit, finish, load_all, load_one, papers_as

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digestparse")
def cli() -> None:
    """Read, check and convert Markdown paper digests (daily arXiv lists)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["jsonl", "json", "csv"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per paper; json: digests with papers.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
def parse(paths: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Read digests (files, folders searched for *.md, - for standard input) and print their
    papers as data."""
    errors: list[str] = []
    digests = load_all(paths, errors)
    finish(errors)  # exit 2 writes nothing: a partial output is never taken for a whole one
    emit(papers_as(fmt, digests), output)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--to", "target", type=click.Choice(registry.names()), required=True, help="The format to write."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when the target cannot hold everything.")
def convert(path: Path, target: str, output: Path | None, strict: bool) -> None:
    """Convert a digest to another format (- reads standard input); what the target cannot
    hold is reported on stderr."""
    try:
        digest = load_one(path)
    except DigestParseError as exc:
        click.echo(str(exc), err=True)
        raise Failed("") from None
    if not digest.papers and digest.format != target:
        click.echo(
            escape_text(f"{digest.path}: nothing to convert: it is an empty {digest.format or 'digest'} ")
            + "with no paper; no output written",
            err=True,
        )
        raise Failed("")
    try:
        result = convert_digest(digest, target)
    except DigestParseError as exc:
        click.echo(str(exc), err=True)
        raise Failed("") from None
    for loss in result.losses:
        click.echo(f"{loss.render(digest.path or str(path))} [lost]", err=True)
    emit([result.text], output)
    if strict and result.losses:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@cli.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print the formats as JSON.")
def formats_command(as_json: bool) -> None:
    """List the digest formats digestparse reads (built-in and plug-ins) and what each holds."""
    import json

    known = registry.formats()
    if as_json:
        records = [
            {
                "name": plugin.name,
                "summary": plugin.summary,
                "paper_fields": sorted(plugin.paper_fields),
                "digest_fields": sorted(plugin.digest_fields),
            }
            for plugin in known.values()
        ]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    for plugin in known.values():
        click.echo(f"{plugin.name:<16} {plugin.summary}")
        click.echo(f"{'':<16} holds: {', '.join(sorted(plugin.paper_fields))}")


def _register_commands() -> None:
    from .check import check, rules
    from .data import export, merge, schema
    from .index import COMMANDS as index_commands

    for command in (check, rules, export, merge, schema, *index_commands):
        cli.add_command(command)


_register_commands()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="digestparse", standalone_mode=False
        )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except Failed:
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a write that failed (disk full, permission): the input is intact
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(escape_text(f"digestparse: cannot complete:{where} {exc.strerror or exc}"), err=True)
        return EXIT_ERROR
    except Exception as exc:  # a bug: say so in one line; the traceback is there on request
        if os.environ.get("DIGESTPARSE_DEBUG"):
            raise
        click.echo(
            f"digestparse: internal error: {exc!r} (DIGESTPARSE_DEBUG=1 shows the traceback; "
            "please report it)",
            err=True,
        )
        return EXIT_ERROR
    # click returns the code of ``ctx.exit(code)`` instead of raising when not standalone
    return result if isinstance(result, int) else EXIT_OK


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code."""
    sys.exit(main())


__all__ = ["cli", "entry_point", "main"]
