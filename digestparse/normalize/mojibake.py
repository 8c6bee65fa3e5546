"""Repair mojibake: UTF-8 bytes that were decoded with a legacy 8-bit code page.

Two repairs, applied in order:

1. **Mac Roman**, targeted. A run of characters that Mac Roman can encode is re-encoded and, when
   those bytes are valid UTF-8 and decode to plausible characters, replaced: ``K√§stner`` →
   ``Kästner``, ``\\uf8ffüîç`` → 🔍. ftfy's heuristics deliberately leave short runs like
   ``√§`` alone (too little evidence), which is exactly what names look like, so this pass
   comes first. Genuine text survives because it is almost never valid UTF-8 once re-encoded:
   ``√2`` is bytes ``C3 32`` (invalid), ``Ângelo`` is ``E5 6E`` (invalid), ``Jülg`` is ``9F``
   (a lone continuation byte).
2. **cp1252/Latin-1** and the rest, by ftfy's ``fix_encoding`` (a well-kept library with a
   tested badness heuristic): ``â€œspikinessâ€\\x9d`` → ``“spikiness”``.

Both are pure, idempotent ``str -> str`` functions with an ASCII fast path, since nearly every
field of a real digest is ASCII.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from .fixpoint import to_fixpoint

# Characters Mac Roman maps to bytes 0x80-0xFF (the printable ones). A mojibake run is made
# only of these, so we look for runs of them that contain at least one lead-byte look-alike.
_MAC_HIGH = bytes(range(0x80, 0x100)).decode("mac_roman")
_RUN = re.compile("[" + re.escape(_MAC_HIGH) + "]{2,}")
# UTF-8 read as cp1252 or Latin-1 always shows a lead byte (0xC2-0xF4 as Â..ô) followed by a
# continuation byte (0x80-0xBF as cp1252/Latin-1 shows it). Text without such a pair cannot hold
# that mojibake, so ftfy (the costly part) runs only where this finds one.
_CP1252_CONTINUATION = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore") + "".join(
    chr(c) for c in range(0x80, 0xC0)
)
_CP1252_PAIR = re.compile("[\u00c2-\u00f4][" + re.escape(_CP1252_CONTINUATION) + "]")


def _plausible(decoded: str) -> bool:
    """Accept a re-decoded run only if it reads as text a digest could contain."""
    for ch in decoded:
        category = unicodedata.category(ch)
        if category[0] in "CZ" or category == "Mn":
            return False
        code = ord(ch)
        # Letters with diacritics, Greek, punctuation and maths symbols, CJK, full-width
        # forms and emoji: what UTF-8-as-Mac-Roman mojibake turns out to be in digests.
        if not (
            0xA0 <= code <= 0x24F
            or 0x370 <= code <= 0x3FF
            or 0x1E00 <= code <= 0x2BFF
            or 0x3000 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF
            or 0xFF00 <= code <= 0xFFEF
            or 0x1F000 <= code <= 0x1FAFF
        ):
            return False
    return True


# A UTF-8 sequence of two to four bytes, found in the Mac Roman bytes of a run.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _repair_run(match: re.Match[str]) -> str:
    """Re-decode the UTF-8 sequences hidden in one run; keep every other character as it is.

    Mac Roman is one byte per character, so byte offsets in ``data`` are character offsets in
    ``run``. Only the sequences are visited (a regex over the bytes), never every byte, so a
    megabyte of ``√`` costs one regex scan.
    """
    run = match.group()
    data = run.encode("mac_roman")
    out: list[str] = []
    last = 0
    for sequence in _UTF8_SEQUENCE.finditer(data):
        try:
            char = sequence.group().decode("utf-8")
        except UnicodeDecodeError:  # overlong or surrogate forms: not text
            continue
        if _plausible(char):
            out.append(run[last : sequence.start()])
            out.append(char)
            last = sequence.end()
    out.append(run[last:])
    return "".join(out)


def repair_mac_roman(text: str) -> str:
    """Undo UTF-8 that was decoded as Mac Roman, leaving genuine text untouched."""
    if text.isascii():
        return text
    return _RUN.sub(_repair_run, text)


def _byte_trie(strings: set[bytes]) -> bytes:
    """A regular expression for exactly ``strings`` (none a prefix of another), as a trie whose
    branches each start with a literal byte: the regex engine skips a branch on its first byte."""
    tails: dict[int, set[bytes]] = {}
    for string in strings:
        tails.setdefault(string[0], set()).add(string[1:])
    leaves = bytes(sorted(b for b, rest in tails.items() if rest == {b""}))
    branches = [
        re.escape(bytes([b])) + _byte_trie(rest) for b, rest in sorted(tails.items()) if rest != {b""}
    ]
    if leaves:
        branches.append(b"[" + b"".join(re.escape(bytes([b])) for b in leaves) + b"]")
    return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"


def _suspect_pairs() -> dict[int, re.Pattern[bytes]]:
    """For each UTF-8 lead byte: a pattern for the two-character sequences (in UTF-8) without
    which neither repair changes anything: a Mac Roman look-alike of a UTF-8 lead byte followed
    by one of a continuation byte (what :func:`_repair_run` decodes), and a cp1252/Latin-1 lead
    followed by a continuation (what :data:`_CP1252_PAIR` finds before ftfy is asked)."""
    kinds = (
        (bytes(range(0xC2, 0xF5)).decode("mac_roman"), bytes(range(0x80, 0xC0)).decode("mac_roman")),
        ("".join(chr(c) for c in range(0xC2, 0xF5)), _CP1252_CONTINUATION),
    )
    branches: dict[int, list[bytes]] = {}
    for leads, continuations in kinds:
        following = _byte_trie({c.encode() for c in continuations})
        by_first: dict[int, set[bytes]] = {}
        for lead in leads:
            encoded = lead.encode()
            by_first.setdefault(encoded[0], set()).add(encoded[1:])
        for first, rests in by_first.items():
            branches.setdefault(first, []).append(_byte_trie(rests) + following)
    return {
        first: re.compile(re.escape(bytes([first])) + b"(?:" + b"|".join(parts) + b")")
        for first, parts in branches.items()
    }


# Mojibake can only be where such a pair is. Byte searches rule it out fast for CJK text, which
# the character searches above scan slowly: a substring test (memchr) per lead byte, then a search
# only for the lead bytes that occur, each pattern starting with that literal byte.
_SUSPECT_PAIR_AT = _suspect_pairs()
_LEAD_TESTS = tuple((bytes([lead]), pattern) for lead, pattern in _SUSPECT_PAIR_AT.items() if lead != 0xEF)
# EF A3 leads a suspect pair, and so does EF AC; EF BC/BD (full-width forms, in every CJK
# entry) lead none. One search for both is a fifth of the time of two substring tests, which
# stumble on every EF of a CJK text.
_EF_LEADS = re.compile(rb"\xef[\xa3\xac]")
_EF_PATTERN = _SUSPECT_PAIR_AT[0xEF]


def may_hold_mojibake(data: bytes) -> bool:
    """``False`` only when :func:`repair_mojibake` leaves the text of UTF-8 ``data`` unchanged.

    A reader can test all the fields of an entry at once instead of repairing each of them.
    """
    if any(lead in data and pattern.search(data) is not None for lead, pattern in _LEAD_TESTS):
        return True
    return _EF_LEADS.search(data) is not None and _EF_PATTERN.search(data) is not None


def repair_mojibake(text: str) -> str:
    """Undo every mojibake digestparse knows: Mac Roman first, then what ftfy recognises.

    Idempotent: repaired text is repaired again until it no longer changes (``fixpoint.py``).
    """
    if text.isascii():
        return text
    return to_fixpoint(_repair_once, text)


def _repair_once(text: str) -> str:
    fixed = repair_mac_roman(text)
    if _CP1252_PAIR.search(fixed) is None:
        return fixed
    return ftfy.fix_encoding(fixed)
