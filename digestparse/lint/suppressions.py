"""Suppression comments: what they look like, which lines they cover, and what a suppression
rule sees once they were applied.

``<!-- digestparse: ignore DP401 DP404 -->`` on a line before an entry silences those codes (all
codes when none is named) for that entry; ``<!-- digestparse: ignore-file DP301 -->`` anywhere
in a file silences them for the whole file. Stage 1 collects a digest's comments
(:func:`suppressions_of`); stage 2 applies them to the file's findings and hands what each
comment silenced to the suppression rules (DP901 reports those that silenced nothing).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .context import DigestContext
from .diagnostic import Diagnostic, Severity

# What ``<!--\s*digestparse:\s*(ignore-file|ignore)\b([^>]*?)\s*-->`` finds, in two steps: that
# one pattern is quadratic on a comment left open (``<!-- digestparse: ignore`` and a long run
# of spaces: every length of the lazy codes group retries the spaces after it).
_HEAD = re.compile(r"<!--\s*digestparse:\s*(ignore-file|ignore)\b")
# The look-behind starts a code only at the start of a run of capitals, so ``AAAA…`` is scanned
# once, not once per letter.
_CODE = re.compile(r"(?<![A-Z])[A-Z]+[0-9]+")


def find_suppression(text: str) -> tuple[bool, tuple[str, ...]] | None:
    """The first suppression comment of a line: (file-level, the codes it names), or ``None``.

    A comment ends at the first ``>`` after its head, which must close it as ``-->``; a head
    whose first ``>`` does not, rules out every head before that ``>`` at once, so a line is
    scanned once however many heads it holds.
    """
    position = 0
    while (head := _HEAD.search(text, position)) is not None:
        close = text.find(">", head.end())
        if close < 0:
            return None
        if close - 2 >= head.end() and text[close - 2 : close] == "--":
            return head[1] == "ignore-file", tuple(_CODE.findall(text, head.end(), close - 2))
        position = close + 1
    return None


@dataclass(frozen=True, slots=True)
class Suppression:
    """A suppression comment: the lines it covers and the codes it names (empty: all)."""

    line: int
    first: int
    last: int
    codes: tuple[str, ...]
    file_level: bool


def suppressions_of(ctx: DigestContext) -> list[Suppression]:
    """The suppression comments of a digest's trivia lines, each with the lines it covers: the
    entry after it, or the whole file."""
    found: list[Suppression] = []
    if "digestparse" not in ctx.text:  # most files have no comment at all: one substring search
        return found
    entry_starts = sorted((p.line, p.end_line) for p in ctx.digest.papers)
    for line, text in ctx.trivia_lines():
        if "digestparse" not in text:
            continue
        comment = find_suppression(text)
        if comment is None:
            continue
        file_level, codes = comment
        if file_level:
            found.append(Suppression(line, 1, len(ctx.lines), codes, True))
            continue
        following = next(((a, b) for a, b in entry_starts if a > line), None)
        if following is not None:
            found.append(Suppression(line, following[0], following[1], codes, False))
        else:
            found.append(Suppression(line, line, line, codes, False))
    return found


def covers(suppression: Suppression, diagnostic: Diagnostic) -> bool:
    """Whether ``suppression`` silences ``diagnostic``."""
    if not suppression.first <= diagnostic.line <= suppression.last:
        return False
    return not suppression.codes or any(diagnostic.code.startswith(c) for c in suppression.codes)


@dataclass(frozen=True, slots=True)
class SuppressionContext:
    """What a suppression rule sees: a file's suppression comments, and the codes each one
    silenced (by the comment's line; a comment that silenced nothing is not a key)."""

    path: str
    suppressions: Sequence[Suppression]
    used: Mapping[int, frozenset[str]]
    severities: Mapping[str, Severity]

    def diagnostic(self, code: str, message: str, line: int) -> Diagnostic:
        """A finding of rule ``code`` at ``line`` of the file."""
        return Diagnostic(code, self.severities[code], message, self.path, line, 1)
