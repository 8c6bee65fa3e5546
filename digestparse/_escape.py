"""Untrusted text made safe to show: the one escaping step for digest text and file names.

Digest text and file names come from anyone who can open a pull request. Printed raw, an
escape sequence sets a terminal's title or clears its screen, a newline in a file name starts
a line of its own (in GitHub Actions, a workflow command such as ``::error file=…::``), and a
bidi override makes a line read differently from what it says. So every human-facing output
(the ``text`` and ``github`` formats, error and loss messages, diff headers) passes digest text
and file names through :func:`escape_text`; the machine formats (JSON, SARIF, CSV, JSON Lines)
keep the text as it is, since their own quoting keeps them valid, and only pass through
:func:`escape_surrogates`, so that a file name that is not valid UTF-8 can still be written.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls; bidi embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069, the "Trojan Source" characters); line and paragraph separators (line breaks to
# some viewers); lone surrogates (the undecodable bytes of a file name, from os.fsdecode).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(char: str) -> str:
    """One unsafe character as a Python-style escape: ``\\n``, ``\\x1b``, ``\\u202e``.

    A lone surrogate from ``os.fsdecode`` (U+DC80-U+DCFF) stands for one undecodable byte and is
    shown as that byte, ``\\xff``, as ``bytes.decode(errors="backslashreplace")`` shows it.
    """
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_text(text: str) -> str:
    """``text`` with every control character, bidi control and lone surrogate made visible.

    Backslashes are left alone (LaTeX is full of them), so the escaped form of ``ESC`` and the
    four characters ``\\x1b`` typed into a digest look the same: this is for showing text
    safely, not for reading it back.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda match: _visible(match.group()), text)


def escape_surrogates(text: str, *, json: bool = False) -> str:
    """``text`` with its lone surrogates written as ``\\xff`` (the byte they stand for), so it
    encodes to UTF-8; ``json``: ``text`` is a JSON document, whose strings need the backslash
    itself escaped (``\\\\xff``), so the value read back is ``\\xff``.

    ``os.fsdecode`` turns each byte of a file name that is not UTF-8 into a lone surrogate;
    such a string cannot be encoded to UTF-8, so a JSON, SARIF, CSV or JSON Lines output naming
    the file would fail to be written. This writes what ``bytes.decode(errors="backslashreplace")``
    writes for the name.
    """
    if _SURROGATE.search(text) is None:
        return text
    prefix = "\\" if json else ""
    return _SURROGATE.sub(lambda match: prefix + _visible(match.group()), text)
