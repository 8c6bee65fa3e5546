"""``digestparse check`` and ``digestparse rules``: the linter's command line.

Behaves as ruff users expect: ``--select``/``--ignore`` by code prefix, configuration from
``[tool.digestparse]`` found upward from the first path, ``--output-format`` (``github`` chosen
automatically under GitHub Actions), ``--statistics``, ``--exit-zero``, ``--fix``/``--diff``.
Exit codes: 0 clean, 1 findings (errors or warnings; ``info`` never fails) or a fix left
undone, 2 usage error, a file that cannot be read as a digest, or a fix that could not be
written. SIGTERM and SIGHUP end a run cleanly: worker processes are terminated and no temporary
file is left, then the process dies of the signal as it would have.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

import click

from .errors import DigestParseError
from .formatters import FORMATTERS, get_formatter
from .formatters.line import render_text
from .lint.config import Config, find_pyproject, load_config
from .lint.corpus_index import Telling
from .lint.diagnostic import Diagnostic, Severity
from .lint.fix import FixedFile, Outcome, Status, fix_files
from .lint.registry import as_dict, load_rules, unknown_patterns
from .lint.runner import CheckResult, run

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(values: tuple[str, ...]) -> list[str]:
    """``--select DP1,DP2 --select DP4`` -> ``["DP1", "DP2", "DP4"]``."""
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def _config(paths: tuple[Path, ...], config_path: Path | None, isolated: bool) -> Config:
    if isolated:
        return Config()
    if config_path is not None:
        return load_config(config_path)
    start = paths[0] if paths else Path.cwd()
    return load_config(find_pyproject(start if start.exists() else Path.cwd()))


def _default_format(config: Config) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return config.output_format or "text"


def _use_colour(stream: TextIO) -> bool:
    """Colour for a terminal, never with ``NO_COLOR`` set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """A one-line progress bar on stderr, only for a terminal and many files."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 20:
            return
        now = time.monotonic()
        if done != total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 30) + "\r")
        sys.stderr.flush()


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (ending workers, removing temporary files), then die."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into an exception for the duration of a run, then re-raise the signal.

    Without this the default action kills the process on the spot: worker processes are left
    waiting for work, and a write in progress leaves its temporary file. (``_atomic`` holds
    signals back while it writes one file, so the exception never lands inside a write.)
    """
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise _Terminated(signum)

    previous = {}
    try:
        for name in names:
            number = getattr(signal, name)
            if signal.getsignal(number) is not signal.SIG_IGN:  # under nohup, SIGHUP stays ignored
                previous[number] = signal.signal(number, handler)
    except ValueError:  # not the main thread: signals cannot be handled here
        pass
    try:
        yield
    except _Terminated as exc:
        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        raise SystemExit(128 + exc.signum) from None  # where the signal does not kill
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--select", multiple=True, help="Rule codes or prefixes to run (comma-separated).")
@click.option("--extend-select", multiple=True, help="Codes to run in addition to the selection.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip (comma-separated).")
@click.option("--exclude", multiple=True, help="Glob patterns of files to skip.")
@click.option(
    "--per-file-ignores",
    "per_file",
    multiple=True,
    metavar="GLOB:CODES",
    help="Ignore CODES (comma-separated) in files matching GLOB.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A pyproject.toml to read [tool.digestparse] from.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--output-format",
    type=click.Choice(sorted(FORMATTERS)),
    default=None,
    help="text (default), json, github (default under GitHub Actions) or sarif.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to a file instead of standard output.",
)
@click.option("--statistics", is_flag=True, help="Show the number of findings per rule.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (atomic writes).")
@click.option("--diff", is_flag=True, help="Show the safe fixes as a diff; write nothing.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Files read in parallel (default: all cores).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also compare with every earlier telling in this index (digestparse index).",
)
@_signals_end_the_run()
def check(
    paths: tuple[Path, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    per_file: tuple[str, ...],
    config_path: Path | None,
    isolated: bool,
    output_format: str | None,
    output: Path | None,
    statistics: bool,
    exit_zero: bool,
    fix: bool,
    diff: bool,
    jobs: int | None,
    quiet: bool,
    index_path: Path | None,
) -> None:
    """Check digests (files, or folders searched for *.md) for defects and conflicts."""
    started = time.monotonic()
    if not paths:
        paths = (Path("."),)
    try:
        config = _config(paths, config_path, isolated)
    except DigestParseError as exc:
        click.echo(str(exc), err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    config.exclude.extend(exclude)
    for item in per_file:
        pattern, _, codes = item.rpartition(":")
        if not pattern:
            raise click.BadParameter(f"{item!r} is not GLOB:CODES", param_hint="--per-file-ignores")
        config.per_file_ignores.setdefault(pattern, []).extend(_codes((codes,)))
    selection = _codes(select) or None
    for patterns in (selection or [], _codes(ignore), _codes(extend_select)):
        bad = unknown_patterns(patterns)
        if bad:
            raise click.BadParameter(
                f"unknown rule code(s): {', '.join(bad)}", param_hint="--select/--ignore"
            )
    progress = _Progress(enabled=not quiet and _use_colour(sys.stderr) and not os.environ.get("CI"))
    result = run(
        list(paths),
        config=config,
        select=selection,
        ignore=_codes(ignore),
        extend_select=_codes(extend_select),
        jobs=jobs or os.cpu_count() or 1,
        progress=progress,
        earlier=_earlier(index_path, paths),
    )
    remaining = result.diagnostics
    undone = EXIT_OK
    if fix or diff:
        remaining, undone = _apply_fixes(result, write=fix and not diff)
    fmt = output_format or _default_format(config)
    colour = fmt == "text" and output is None and _use_colour(sys.stdout)
    report = render_text(remaining, colour=colour) if fmt == "text" else get_formatter(fmt)(remaining)
    if statistics and fmt == "text":
        report += _statistics(remaining)
    _write_report(report, output, colour)
    if not quiet and fmt == "text":
        click.echo(_summary(result, remaining, time.monotonic() - started), err=True)
    code = max(_exit_code(remaining, diff and result.diagnostics != remaining), undone)
    if exit_zero and code == EXIT_FINDINGS:
        code = EXIT_OK
    raise click.exceptions.Exit(code)


def _earlier(index_path: Path | None, paths: tuple[Path, ...]) -> list[tuple[str, Telling]]:
    if index_path is None:
        return []
    from .cli_index import tellings_for_check

    return tellings_for_check(index_path, paths)


def _apply_fixes(result: CheckResult, write: bool) -> tuple[list[Diagnostic], int]:
    """Fix or diff each file once; say on stderr, file by file, what was changed or left alone.

    Returns the findings still open and the least exit code the outcome calls for: 1 when a
    file was left alone (its findings stay), 2 when a write failed.
    """

    def report(outcome: Outcome, fixed: FixedFile | None) -> None:
        if outcome.status is Status.FIXED:
            if fixed is not None and not write:
                click.echo(fixed.diff(), nl=False, color=True)  # lines as they are, or patch fails
            elif write:
                where = _shown(outcome.path)
                if outcome.target != os.path.abspath(outcome.path):
                    where += f" (the file {_shown(outcome.target)})"
                click.echo(f"Fixed {len(outcome.fixed)} finding(s) in {where}", err=True)
        else:
            verb = "Not fixed" if write else "Would not fix"
            click.echo(f"{verb}: {_shown(outcome.path)}: {_shown(outcome.reason)}", err=True)

    outcomes = fix_files(result.diagnostics, result.read_hashes, write=write, report=report)
    undone = EXIT_OK
    if any(o.status is Status.REFUSED for o in outcomes):
        undone = EXIT_FINDINGS
    if any(o.status is Status.FAILED for o in outcomes):
        undone = EXIT_ERROR
    if not write:
        return result.diagnostics, undone
    fixed_ids = {id(d) for o in outcomes for d in o.fixed}
    changed = sum(o.status is Status.FIXED for o in outcomes)
    left = len(outcomes) - changed
    if changed or left:
        tail = f"; {left} file(s) not fixed (see above)" if left else ""
        click.echo(f"Fixed {len(fixed_ids)} finding(s) in {changed} file(s){tail}.", err=True)
    return [d for d in result.diagnostics if id(d) not in fixed_ids], undone


def _shown(text: str) -> str:
    """A file name or message fit for one terminal line: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _write_report(report: str, output: Path | None, colour: bool = False) -> None:
    if output is None:
        click.echo(report, nl=False, color=colour)  # click strips ANSI codes unless told
    else:
        from ._atomic import write_atomic

        write_atomic(output, report.encode("utf-8"))


def _statistics(diagnostics: list[Diagnostic]) -> str:
    rules = load_rules()
    counts = Counter(d.code for d in diagnostics)
    lines = [f"{counts[code]:>6}  {code}  {rules[code].name}" for code in sorted(counts)]
    return "".join(line + "\n" for line in lines)


def _summary(result: CheckResult, remaining: list[Diagnostic], seconds: float) -> str:
    by = Counter(d.severity for d in remaining)
    return (
        f"Checked {result.files} file(s), {result.papers} paper(s): "
        f"{by[Severity.ERROR]} error(s), {by[Severity.WARNING]} warning(s), "
        f"{by[Severity.INFO]} info in {seconds:.2f}s"
    )


def _exit_code(diagnostics: list[Diagnostic], pending_fixes: bool) -> int:
    if any(d.code == "DP100" for d in diagnostics):
        return EXIT_ERROR
    if pending_fixes or any(d.severity is not Severity.INFO for d in diagnostics):
        return EXIT_FINDINGS
    return EXIT_OK


@click.command()
@click.argument("code", required=False)
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
def rules(code: str | None, output_format: str) -> None:
    """List every rule, or explain one (what it does, why, example, fix)."""
    table = load_rules()
    if code is not None:
        key = code.upper()
        if key not in table:
            raise click.BadParameter(
                f"unknown rule {code!r}; `digestparse rules` lists them", param_hint="CODE"
            )
        rule = table[key]
        if output_format == "json":
            click.echo(json.dumps({**as_dict(rule), "doc": rule.doc}, ensure_ascii=False, indent=2))
        else:
            click.echo(
                f"{rule.code} ({rule.name}) [{rule.severity.value}"
                f"{', default' if rule.default else ', off by default'}"
                f"{', fixable' if rule.fixable else ''}]\n\n{rule.doc}"
            )
        return
    if output_format == "json":
        click.echo(json.dumps([as_dict(r) for _, r in sorted(table.items())], indent=2))
        return
    for key, rule in sorted(table.items()):
        flags = ("" if rule.default else " (off)") + (" (fix)" if rule.fixable else "")
        click.echo(f"{key}  {rule.name:<24} {rule.severity.value:<8} {rule.summary}{flags}")
