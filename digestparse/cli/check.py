"""``digestparse check`` and ``digestparse rules``: the linter's command line.

Behaves as ruff users expect: ``--select``/``--ignore`` by code prefix, configuration from
``[tool.digestparse]`` found upward from the first path, ``--output-format`` (``github`` chosen
automatically under GitHub Actions), ``--statistics``, ``--exit-zero``, ``--fix``/``--diff``,
a cache of each file's own findings and fingerprints between runs (``--no-cache``,
``--cache-dir``; see ``lint/cache.py``).
Exit codes: 0 clean, 1 findings (errors or warnings; ``info`` never fails) or a fix left
undone, 2 usage error, a file that cannot be read as a digest, or a fix that could not be
written. SIGTERM and SIGHUP end a run cleanly: worker processes are terminated and no temporary
file is left, then the process dies of the signal as it would have.
"""

from __future__ import annotations

import contextlib
import dataclasses
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

from .._escape import escape_text
from .._paths import STDIN, uri
from ..errors import DigestParseError
from ..formatters import get_formatter
from ..formatters.grouping import group_repeats
from ..formatters.line import render_text
from ..lint.cache import DEFAULT_DIR, ENV_DIR, Cache, default_folder
from ..lint.config import Config, ConfigError, Settings, find_pyproject, load_config, validate
from ..lint.corpus_index import Telling
from ..lint.diagnostic import Diagnostic, Severity
from ..lint.fix import FixedFile, Outcome, Status, fix_files
from ..lint.registry import as_dict, load_rules
from ..lint.runner import CheckResult, run

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(values: tuple[str, ...]) -> list[str]:
    """``--select DP1,DP2 --select DP4`` -> ``["DP1", "DP2", "DP4"]``."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


# The command line's options by configuration key: errors name the option the user typed.
OPTIONS = {
    "select": "--select",
    "extend-select": "--extend-select",
    "ignore": "--ignore",
    "exclude": "--exclude",
    "extend-exclude": "--extend-exclude",
    "per-file-ignores": "--per-file-ignores",
    "respect-gitignore": "--no-respect-gitignore",
    "max-file-size": "--max-file-size",
    "output-format": "--output-format",
    "cache-dir": "--cache-dir",
}


def _file_config(paths: tuple[Path, ...], config_path: Path | None, isolated: bool) -> Config:
    if isolated:
        return Config()
    if config_path is not None:
        return load_config(config_path)
    start = next((p for p in paths if str(p) != STDIN), Path.cwd())
    return load_config(find_pyproject(start if start.exists() else Path.cwd()))


def _command_line(values: dict[str, object]) -> Settings:
    """The options given, validated by the same model as ``[tool.digestparse]``."""
    given = {key: value for key, value in values.items() if value not in (None, [], {}, ())}
    return validate(given, "digestparse", OPTIONS)


def _per_file(items: tuple[str, ...]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for item in items:
        pattern, _, codes = item.rpartition(":")
        if not pattern:
            raise ConfigError(f"--per-file-ignores: {item!r} is not PATTERN:CODES", path="digestparse")
        table.setdefault(pattern, []).extend(_codes((codes,)))
    return table


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
@click.option(
    "--exclude", multiple=True, help="Patterns (.gitignore style) to skip, replacing the default excludes."
)
@click.option("--extend-exclude", multiple=True, help="Patterns to skip in addition to the excludes.")
@click.option(
    "--per-file-ignores",
    "per_file",
    multiple=True,
    metavar="PATTERN:CODES",
    help="Ignore CODES (comma-separated) in files matching PATTERN.",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the excludes and .gitignore to files named on the command line too (pre-commit).",
)
@click.option(
    "--skip-non-digests",
    is_flag=True,
    help="Skip a named Markdown file that is not a digest, as a found one is (pre-commit).",
)
@click.option("--allow-empty", is_flag=True, help="Exit 0 when no digest was found to check.")
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip the files .gitignore ignores when searching folders (default: yes).",
)
@click.option("--max-file-size", metavar="SIZE", help="Refuse larger files (e.g. 64MiB, the default).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A pyproject.toml to read [tool.digestparse] from.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--output-format",
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
@click.option("--show-skipped", is_flag=True, help="List the files skipped as not digests (stderr).")
@click.option("--no-group", is_flag=True, help="List every finding, even a rule's many in one file.")
@click.option("--verbose", "-v", is_flag=True, help="Same as --show-skipped --no-group.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also compare with every earlier telling in this index (digestparse index).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    envvar="DIGESTPARSE_NO_CACHE",
    help="Read every file again; neither read nor write the cache.",
)
@click.option(
    "--cache-dir",
    metavar="DIR",
    envvar=ENV_DIR,
    help=f"Where to keep the cache (default: {DEFAULT_DIR} beside the configuration).",
)
@_signals_end_the_run()
def check(
    paths: tuple[Path, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    per_file: tuple[str, ...],
    force_exclude: bool,
    skip_non_digests: bool,
    allow_empty: bool,
    respect_gitignore: bool | None,
    max_file_size: str | None,
    config_path: Path | None,
    isolated: bool,
    output_format: str | None,
    output: Path | None,
    statistics: bool,
    exit_zero: bool,
    fix: bool,
    diff: bool,
    jobs: int | None,
    show_skipped: bool,
    no_group: bool,
    verbose: bool,
    quiet: bool,
    index_path: Path | None,
    no_cache: bool,
    cache_dir: str | None,
) -> None:
    """Check digests (files, or folders searched for *.md; - is standard input) for defects
    and conflicts."""
    started = time.monotonic()
    if not paths:
        paths = (Path("."),)
    try:
        options = _command_line(
            {
                "select": _codes(select) or None,
                "extend-select": _codes(extend_select),
                "ignore": _codes(ignore),
                "exclude": list(exclude) or None,
                "extend-exclude": list(extend_exclude),
                "per-file-ignores": _per_file(per_file),
                "respect-gitignore": respect_gitignore,
                "max-file-size": max_file_size,
                "output-format": output_format,
                "cache-dir": cache_dir,
            }
        )
        config = _file_config(paths, config_path, isolated).updated(options)
    except DigestParseError as exc:
        click.echo(str(exc), err=True)  # escaped by DigestParseError.__str__
        raise click.exceptions.Exit(EXIT_ERROR) from None
    progress = _Progress(enabled=not quiet and _use_colour(sys.stderr) and not os.environ.get("CI"))
    cache = None if no_cache else Cache(default_folder(config))
    result = run(
        [str(p) for p in paths],
        config=config,
        jobs=jobs or os.cpu_count() or 1,
        progress=progress,
        force_exclude=force_exclude,
        skip_non_digests=skip_non_digests,
        earlier=_earlier(index_path, paths),
        cache=cache,
    )
    if cache is not None and cache.problems and not quiet:
        click.echo(escape_text(f"digestparse: {cache.problems[0]} (the check went on without it)"), err=True)
    remaining = result.diagnostics
    undone = EXIT_OK
    if fix or diff:
        remaining, undone = _apply_fixes(result, write=fix and not diff)
    fmt = options.output_format or _default_format(config)
    shown = _as_uris(remaining) if fmt == "sarif" else remaining  # the formatters escape the rest
    colour = fmt == "text" and output is None and _use_colour(sys.stdout)
    if fmt == "text":
        report = render_text(shown if no_group or verbose else group_repeats(shown), colour=colour)
    else:
        report = get_formatter(fmt)(shown)
    if statistics and fmt == "text":
        report += _statistics(remaining)
    _write_report(report, output, colour)
    if show_skipped or verbose:
        for skipped in result.skipped:
            click.echo(escape_text(f"skipped {skipped.path}: {skipped.reason}"), err=True)
    if not quiet and fmt == "text":
        listed = show_skipped or verbose
        click.echo(_summary(result, remaining, time.monotonic() - started, listed), err=True)
    code = max(_exit_code(remaining, diff and result.diagnostics != remaining), undone)
    if exit_zero and code == EXIT_FINDINGS:
        code = EXIT_OK
    if result.digests == 0 and not allow_empty and not any(d.code == "DP100" for d in remaining):
        click.echo(_nothing_checked(paths, result), err=True)
        code = EXIT_ERROR
    raise click.exceptions.Exit(code)


def _nothing_checked(paths: tuple[Path, ...], result: CheckResult) -> str:
    where = ", ".join(str(p) for p in paths)
    skipped = (
        f"; {len(result.skipped)} file(s) skipped as not digests (--show-skipped lists them)"
        if result.skipped
        else ""
    )
    return escape_text(f"digestparse: no digest to check under {where}{skipped}.") + (
        " Pass --allow-empty if that is expected."
    )


def _as_uris(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """For SARIF, whose locations are URIs: a file name that is not printable UTF-8 (bytes
    that are not UTF-8, control characters) percent-encoded, so the URI is valid and exact."""
    shown = []
    for d in diagnostics:
        if d.path.isprintable() and all(p.isprintable() for p, _ in d.related):
            shown.append(d)
            continue
        related = tuple((p if p.isprintable() else uri(p), n) for p, n in d.related)
        shown.append(
            dataclasses.replace(d, path=d.path if d.path.isprintable() else uri(d.path), related=related)
        )
    return shown


def _earlier(index_path: Path | None, paths: tuple[Path, ...]) -> list[tuple[str, Telling]]:
    if index_path is None:
        return []
    from .index import tellings_for_check

    return tellings_for_check(index_path, tuple(p for p in paths if str(p) != STDIN))


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
        from .._atomic import write_atomic

        write_atomic(output, report.encode("utf-8"))


def _statistics(diagnostics: list[Diagnostic]) -> str:
    rules = load_rules()
    counts = Counter(d.code for d in diagnostics)
    lines = [f"{counts[code]:>6}  {code}  {rules[code].name}" for code in sorted(counts)]
    return "".join(line + "\n" for line in lines)


def _summary(result: CheckResult, remaining: list[Diagnostic], seconds: float, listed: bool = False) -> str:
    by = Counter(d.severity for d in remaining)
    hint = "" if listed else "; --show-skipped lists them"
    skipped = f"; {len(result.skipped)} file(s) skipped (not digests{hint})" if result.skipped else ""
    return (
        f"Checked {result.files} file(s), {result.papers} paper(s): "
        f"{by[Severity.ERROR]} error(s), {by[Severity.WARNING]} warning(s), "
        f"{by[Severity.INFO]} info{skipped} in {seconds:.2f}s"
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
