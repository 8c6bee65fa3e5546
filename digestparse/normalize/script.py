"""Which writing system a text is in, judged by counting letters, not by a language model.

The AI-field rules need to tell a Chinese (or Japanese, Korean) field from an English one. A
real Chinese summary quotes English names (``在ImageNet上，GPT-4o达到82.3%``), so a field is
only *Latin* when it holds no CJK character at all among enough letters, and *CJK* when CJK
characters are a fair share of its letters; anything between is left undecided and no rule
judges it. Math (``$…$``), URLs and code spans are not prose and are not counted.
"""

from __future__ import annotations

import re
from typing import Literal

Script = Literal["cjk", "latin"]

_NOT_PROSE = re.compile(r"\$[^$\n]{0,400}\$|https?://\S+|`[^`\n]{0,200}`|<[^>\n]{0,80}>")
MIN_LATIN_LETTERS = 12  # "Not mentioned in abstract" is 22; "N/A" or "None" decide nothing
MIN_CJK_CHARACTERS = 2
CJK_SHARE = 0.15  # of all letters: real Chinese fields with many English names stay above 0.2


def is_cjk(ch: str) -> bool:
    """A Han, kana or Hangul character (the scripts of the ZH, JA and KO digests)."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3040 <= code <= 0x30FF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
    )


def script_of(text: str) -> Script | None:
    """``"cjk"``, ``"latin"`` or ``None`` when the text is too short or mixed to say."""
    prose = (
        _NOT_PROSE.sub(" ", text) if ("$" in text or "http" in text or "`" in text or "<" in text) else text
    )
    cjk = latin = 0
    for ch in prose:
        if ch < "\u0080":
            if ch.isalpha():
                latin += 1
        elif is_cjk(ch):
            cjk += 1
    if cjk == 0:
        return "latin" if latin >= MIN_LATIN_LETTERS else None
    if cjk >= MIN_CJK_CHARACTERS and cjk >= CJK_SHARE * (cjk + latin):
        return "cjk"
    return None
