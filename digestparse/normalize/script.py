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


_LATIN_RUN = re.compile(r"[A-Za-z]+")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def script_of(text: str) -> Script | None:
    """``"cjk"``, ``"latin"`` or ``None`` when the text is too short or mixed to say.

    Letters are counted by runs (one regex pass per script), not character by character:
    this runs over the AI fields of every digest checked.
    """
    prose = (
        _NOT_PROSE.sub(" ", text) if ("$" in text or "http" in text or "`" in text or "<" in text) else text
    )
    latin = sum(map(len, _LATIN_RUN.findall(prose)))
    cjk = 0 if prose.isascii() else sum(map(len, _CJK_RUN.findall(prose)))
    if cjk == 0:
        return "latin" if latin >= MIN_LATIN_LETTERS else None
    if cjk >= MIN_CJK_CHARACTERS and cjk >= CJK_SHARE * (cjk + latin):
        return "cjk"
    return None


def has_cjk(text: str) -> bool:
    """Any CJK character at all (stops at the first; a text with one is never ``"latin"``)."""
    return not text.isascii() and _CJK_RUN.search(text) is not None
