"""Resolve the LaTeX that arXiv abstracts carry raw, for comparison and plain-text export.

``0.36\\%`` and ``0.36%`` say the same thing, as do ``$19.1$`` and ``19.1`` or
``\\textbf{fast}`` and ``fast``. This is not a LaTeX renderer: it removes the markup that
changes how a number or word is written, and leaves every other command as it is.
"""

from __future__ import annotations

import re

from .fixpoint import to_fixpoint

_ESCAPED = re.compile(r"\\([%&$#_{}])")
# A style command's opening, a brace or a line break: the tokens of the one-pass unwrapping
# below. (The regex it replaces, ``\\style\s*\{([^{}\n]*)\}`` applied until nothing changed,
# removed one level of nesting per pass over the whole text: quadratic on ``\emph{\emph{…``.)
_STYLE_TOKEN = re.compile(
    r"\\(?:textbf|textit|texttt|textsc|textrm|emph|mathrm|mathbf|mathit|mathcal|text|mathbb"
    r"|operatorname)\s*\{|[{}\n]"
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
    """Strip LaTeX markup that only changes how text is written.

    Idempotent: what one pass leaves looking like markup (``\\\\%`` gives ``\\%``) is resolved
    again until nothing changes (``fixpoint.py``).
    """
    if "\\" not in text and "$" not in text and "{" not in text and "`" not in text:
        return text
    return to_fixpoint(_resolve_once, text)


def _resolve_once(text: str) -> str:
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m.group()], text)
    if "{" in text:
        text = _unwrap_styles(text)
    text = _BRACED_SCRIPT.sub(r"\1\2", text)
    text = _ESCAPED.sub(r"\1", text)
    text = _QUOTES.sub('"', text)
    return text.replace("$", "")


def _unwrap_styles(text: str) -> str:
    """``\\textbf{\\textit{x}}`` -> ``x``, in one pass: a style group is unwrapped when what is
    left inside it, once its own style groups are unwrapped, has no brace and no line break.

    Each open group is a frame on a stack; closing a clean style group just blanks its opening,
    so every character is handled once, however deep the nesting. (Text that becomes a style
    command only once the groups around it are gone, as ``\\te`` + ``\\textbf{xt}{x}``, is
    left as it is: no real abstract writes that, and re-scanning for it is what was quadratic.)
    """
    pieces: list[str] = []
    frames: list[list[int]] = []  # [index of the style opening in pieces (-1: a plain brace), clean]
    position = 0
    for token in _STYLE_TOKEN.finditer(text):
        pieces.append(text[position : token.start()])
        position = token.end()
        kind = token.group()
        if kind == "}" and frames:
            opening, clean = frames.pop()
            if opening >= 0 and clean:
                pieces[opening] = ""  # unwrapped: neither the command nor its braces are left
                continue
            if frames:
                frames[-1][1] = 0  # braces stay inside the enclosing group
        elif kind == "{" or kind == "\n":
            if frames:
                frames[-1][1] = 0
            if kind == "{":
                frames.append([-1, 1])
        elif kind != "}":
            frames.append([len(pieces), 1])
        pieces.append(kind)
    pieces.append(text[position:])
    return "".join(pieces)
