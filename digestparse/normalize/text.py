"""Plain-text and HTML views of a field's inline Markdown, by mistune.

mistune parses the inline Markdown *inside* one field (never the file's block structure: its
AST has no source positions and is not lossless). The plain text is what a reader of the
rendered digest sees, with LaTeX resolved and spaces folded, for comparison and export.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import mistune

from .latex import resolve_latex

_SPACES = re.compile(r"\s+")
# A list or quote marker at the start of a line, after white space: ``[^\S\n]*``, not ``\s*``,
# so that each line start scans its own line only (``\s*`` ran on over every following blank
# line and back: quadratic on many blank lines). A marker after blank lines still matches, at
# the start of its own line.
_MARKDOWN_SYNTAX = re.compile(r"[\\*_`\[\]<>$&#!~|]|^[^\S\n]*(?:[-+>]|\d+[.)])\s", re.MULTILINE)


@lru_cache(maxsize=1)
def _parser() -> mistune.Markdown:
    return mistune.create_markdown(renderer=None, plugins=["math", "strikethrough"])


@lru_cache(maxsize=1)
def _html() -> mistune.Markdown:
    return mistune.create_markdown(escape=True, plugins=["math", "strikethrough"])


def plain_text(text: str) -> str:
    """What a reader sees: Markdown and LaTeX markup removed, entities decoded, spaces folded."""
    if _MARKDOWN_SYNTAX.search(text) is None:
        return _SPACES.sub(" ", text).strip()
    tokens = _parser()(text)
    pieces: list[str] = []
    _collect(tokens if isinstance(tokens, list) else [], pieces)
    return _SPACES.sub(" ", html.unescape(resolve_latex("".join(pieces)))).strip()


def to_html(text: str) -> str:
    """The field rendered to HTML; raw HTML in the text is escaped, not passed through."""
    rendered = _html()(text)
    return rendered if isinstance(rendered, str) else ""


def _collect(tokens: list[dict[str, Any]], out: list[str]) -> None:
    for token in tokens:
        kind = token.get("type")
        if kind == "inline_math" or kind == "block_math":
            out.append(token.get("raw", ""))
        elif "children" in token:
            _collect(token["children"], out)
            if kind in ("paragraph", "block_text", "list_item", "heading", "block_quote"):
                out.append(" ")
        elif kind in ("linebreak", "softbreak", "blank_line"):
            out.append(" ")
        else:
            out.append(token.get("raw", ""))
