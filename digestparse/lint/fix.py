"""Apply safe fixes to a file: only the bytes inside each fix's span change.

Edits are positions in the text as the readers saw it (LF line ends, no BOM); the file's BOM
and CRLF line ends are restored afterwards, so a fix never touches bytes outside its span.
Overlapping edits are skipped (the first, in file order, wins); a later run picks them up.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from .. import _source
from .._atomic import write_atomic
from .diagnostic import Diagnostic, Edit
from .textdiff import unified_diff


@dataclass(frozen=True, slots=True)
class FixedFile:
    """A file's text before and after its fixes."""

    path: str
    before: str
    after: str

    def diff(self) -> str:
        """A unified diff of the change, in linear time (see :mod:`.textdiff`)."""
        return unified_diff(self.before, self.after, f"a/{self.path}", f"b/{self.path}")


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits to ``text``; return the new text and how many applied."""
    starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col - 1 if line - 1 < len(starts) else len(text)

    spans = sorted((offset(e.line, e.col), offset(e.end_line, e.end_col), e.content) for e in edits)
    pieces: list[str] = []
    position = applied = 0
    for start, end, content in spans:
        if start < position:
            continue  # overlaps an earlier edit
        pieces.append(text[position:start])
        pieces.append(content)
        position = end
        applied += 1
    pieces.append(text[position:])
    return "".join(pieces), applied


def fix_file(path: str, diagnostics: Iterable[Diagnostic]) -> FixedFile | None:
    """The file with the safe fixes of ``diagnostics`` applied (``None`` when none applies)."""
    fixes = [d.fix for d in diagnostics if d.fix is not None and d.fix.safe and d.path == path]
    if not fixes:
        return None
    with open(path, "rb") as handle:
        data = handle.read()
    source = _source.from_bytes(data, path)
    edits = [edit for fix in fixes for edit in fix.edits]
    new_text, _applied = apply_edits(source.text, edits)
    return FixedFile(path, data.decode("utf-8"), source.restore(new_text))


def write_fixed(fixed: FixedFile) -> None:
    """Write a fixed file atomically, keeping its mode."""
    write_atomic(fixed.path, fixed.after.encode("utf-8"))
