"""One line per diagnostic: plain text (``path:line:col: CODE message``) and GitHub annotations.

The two differ only in their template, as flake8's formatters do. Both are read by people, so
file names and messages (which quote digest text) go through :func:`~digestparse._escape.escape_text`
first: a control character, a bidi override or a newline cannot act on the terminal or start a
line of its own. GitHub's own escaping (``%``, CR and LF; ``:`` and ``,`` in properties) comes
on top, as its workflow commands require.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._escape import escape_text
from ..lint.diagnostic import Diagnostic, Severity

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_text(diagnostics: Sequence[Diagnostic], colour: bool = False) -> str:
    """``path:line:col: CODE [severity] message``, one per line; coloured for a terminal."""
    lines = []
    for d in diagnostics:
        path = escape_text(d.path)
        code = f"{_COLOURS[d.severity]}{_BOLD}{d.code}{_RESET}" if colour else d.code
        level = f"{_COLOURS[d.severity]}[{d.severity.value}]{_RESET}" if colour else f"[{d.severity.value}]"
        where = f"{_BOLD}{path}{_RESET}" if colour else path
        lines.append(f"{where}:{d.line}:{d.col}: {code} {level} {escape_text(d.message)}")
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's ``escapeData`` writes it."""
    return escape_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value, as GitHub's ``escapeProperty`` writes it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: an annotation on the file and line of each finding."""
    lines = []
    for d in diagnostics:
        props = [f"file={_escape_property(d.path)}", f"line={d.line}", f"col={d.col}"]
        if d.end_line is not None:
            props.append(f"endLine={d.end_line}")
        if d.end_col is not None and (d.end_line is None or d.end_line == d.line):
            props.append(f"endColumn={d.end_col}")
        props.append(f"title={_escape_property(d.code)}")
        message = _escape_data(f"{d.code} {d.message}")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{message}")
    return "".join(line + "\n" for line in lines)
