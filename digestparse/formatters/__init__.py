"""Output formats for diagnostics, by name. An unknown name is an error, never a fallback."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..lint.diagnostic import Diagnostic
from .document import render_json, render_sarif
from .line import render_github, render_text

Formatter = Callable[[Sequence[Diagnostic]], str]

FORMATTERS: dict[str, Formatter] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}


def get_formatter(name: str) -> Formatter:
    """The formatter called ``name``; ``KeyError`` with the known names otherwise."""
    try:
        return FORMATTERS[name]
    except KeyError:
        raise KeyError(f"unknown output format {name!r}; choose one of {', '.join(FORMATTERS)}") from None
