"""Resolve the LaTeX that arXiv abstracts carry raw, for comparison and plain-text export.

``0.36\\%`` and ``0.36%`` say the same thing, as do ``$19.1$`` and ``19.1`` or
``\\textbf{fast}`` and ``fast``. This is not a LaTeX renderer: it removes the markup that
changes how a number or word is written, and leaves every other command as it is.
"""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\([%&$#_{}])")
_STYLE = re.compile(
    r"\\(?:textbf|textit|texttt|textsc|textrm|emph|mathrm|mathbf|mathit|mathcal|text|mathbb"
    r"|operatorname)\s*\{([^{}\n]*)\}"
)
_SYMBOLS = {
    r"\times": "×",
    r"\pm": "±",
    r"\sim": "~",
    r"\approx": "≈",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\le": "≤",
    r"\ge": "≥",
    r"\cdot": "·",
    r"\%": "%",
}
_SYMBOL = re.compile(
    "|".join(re.escape(k) for k in sorted(_SYMBOLS, key=len, reverse=True)) + r"(?![A-Za-z])"
)
_BRACED_SCRIPT = re.compile(r"([\^_])\{([^{}\n]*)\}")
_QUOTES = re.compile(r"``|''")


def resolve_latex(text: str) -> str:
    """Strip LaTeX markup that only changes how text is written; idempotent."""
    if "\\" not in text and "$" not in text and "{" not in text and "`" not in text:
        return text
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m.group()], text)
    previous = None
    while previous != text:  # nested styles: \textbf{\textit{x}}; each pass removes one level
        previous = text
        text = _STYLE.sub(r"\1", text)
    text = _BRACED_SCRIPT.sub(r"\1\2", text)
    text = _ESCAPED.sub(r"\1", text)
    text = _QUOTES.sub('"', text)
    return text.replace("$", "")
