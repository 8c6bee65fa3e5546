"""Apply safe fixes to files: only the bytes inside each fix's span change, and only in the
exact bytes the fixes were computed on.

Edits are positions in the text as the readers saw it (LF line ends, no BOM); the file's BOM
and CRLF line ends are restored afterwards, so a fix never touches bytes outside its span.
A fix whose edits overlap an earlier fix's is left for a later run (the first, in file order,
wins), and its finding stays reported.

Positions are only meaningful in the bytes they were computed on. The check records the
SHA-256 of what it read (``CheckResult.read_hashes``); here the file is read again and used
only if it still hashes the same, and :func:`~digestparse._atomic.write_atomic` compares it
once more just before its rename. A file changed in between (an editor, a second ``--fix``
run) is left alone and reported. Each file is fixed once, however many names (paths, symbolic
links) it was checked under; a link is written through, so it stays a link.
"""

from __future__ import annotations

import enum
import itertools
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .. import _source
from .._atomic import WriteRefused, refusal, target_of, write_atomic
from ..errors import DigestParseError
from ._hashing import sha256
from .diagnostic import Diagnostic, Fix
from .textdiff import unified_diff


@dataclass(frozen=True, slots=True)
class FixedFile:
    """A file's bytes before and after its fixes, and the findings those fixes resolve."""

    path: str  # the name it was checked under (diff headers, messages)
    target: str  # the file that is written: the end of ``path``'s symbolic links
    before: bytes
    after: bytes
    fixed: tuple[Diagnostic, ...]

    def diff(self) -> str:
        """A unified diff of the change, in linear time (see :mod:`.textdiff`)."""
        before, after = self.before.decode("utf-8"), self.after.decode("utf-8")
        return unified_diff(before, after, f"a/{self.path}", f"b/{self.path}")


class Status(enum.Enum):
    """What happened to one file."""

    FIXED = "fixed"
    REFUSED = "refused"  # left alone on purpose: read-only, changed meanwhile, ...
    FAILED = "failed"  # the write failed; the file is unchanged


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of fixing one file; ``reason`` says why a file was not fixed."""

    path: str
    target: str
    status: Status
    fixed: tuple[Diagnostic, ...] = ()
    reason: str = ""


class FixRefused(Exception):
    """A file whose fixes must not be applied; the message says why."""


def apply_fixes(text: str, fixes: Iterable[tuple[Diagnostic, Fix]]) -> tuple[str, list[Diagnostic]]:
    """Apply every fix that overlaps no earlier one; return the new text and their findings."""
    starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col - 1 if line - 1 < len(starts) else len(text)

    def spans(fix: Fix) -> list[tuple[int, int, str]]:
        return sorted((offset(e.line, e.col), offset(e.end_line, e.end_col), e.content) for e in fix.edits)

    planned = sorted(((spans(fix), d) for d, fix in fixes if fix.edits), key=lambda item: item[0][0][:2])
    taken: list[tuple[int, int]] = []
    accepted: list[tuple[int, int, str]] = []
    resolved: list[Diagnostic] = []
    for fix_spans, diagnostic in planned:
        if any(_overlap(span[:2], other) for span in fix_spans for other in taken):
            continue
        taken.extend(span[:2] for span in fix_spans)
        accepted.extend(fix_spans)
        resolved.append(diagnostic)
    pieces: list[str] = []
    position = 0
    for start, end, content in sorted(accepted):
        pieces.append(text[position:start])
        pieces.append(content)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), resolved


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Spans overlap when they share a character (insertions at one place do not)."""
    return a[0] < b[1] and b[0] < a[1]


def prepare(path: str, diagnostics: Iterable[Diagnostic], read_hash: str | None) -> FixedFile | None:
    """The file with the safe fixes of ``diagnostics`` applied, computed on the exact bytes
    that hash to ``read_hash`` (``None`` when no fix applies or nothing would change).

    Raises :class:`FixRefused` when the file must not be changed.
    """
    fixes = [(d, d.fix) for d in diagnostics if d.fix is not None and d.fix.safe and d.path == path]
    if not fixes:
        return None
    target = target_of(path)
    if read_hash is None:
        raise FixRefused("not read by this check; run the check again")
    reason = refusal(target)
    if reason is not None:
        raise FixRefused(reason)
    try:
        with open(target, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise FixRefused("removed since it was checked") from None
    if sha256(data) != read_hash:
        raise FixRefused("changed since it was checked; left alone (check it again)")
    try:
        source = _source.from_bytes(data, path)
    except DigestParseError as exc:  # cannot happen for bytes that hash the same; be safe
        raise FixRefused(exc.message) from None
    new_text, fixed = apply_fixes(source.text, fixes)
    after = _settled(source.restore(new_text).encode("utf-8"), path, {d.code for d, _ in fixes})
    if after == data:
        return None
    reason = _reads_otherwise(data, after, path)
    if reason is not None:
        raise FixRefused(reason)
    return FixedFile(path, str(target), data, after, tuple(fixed))


MAX_PASSES = 4
"""How many times fixes are applied to a file before they must have settled."""


def _settled(after: bytes, path: str, codes: set[str]) -> bytes:
    """``after``, with the fixes of ``codes`` applied again until none is found (as ruff does).

    Each fix is computed on the text as checked, but one can change what another counted: a
    stray CR removed from a section heading moves the entries under it, so the table of
    contents' counts just fixed are wrong again. The fixed text is checked again for the same
    rules and fixed again; fixes that do not settle within :data:`MAX_PASSES` leave the file
    alone, with the reason, instead of writing a file that still has the finding.
    """
    from .._source import from_bytes
    from .analysis import analyse_bytes

    selected = frozenset(codes)
    for _ in range(MAX_PASSES):
        found = [
            (d, d.fix)
            for d in analyse_bytes(after, path, selected).diagnostics
            if d.fix is not None and d.fix.safe and d.code in codes
        ]
        if not found:
            return after
        source = from_bytes(after, path)
        text, _fixed = apply_fixes(source.text, found)
        again = source.restore(text).encode("utf-8")
        if again == after:
            break
        after = again
    still = sorted({d.code for d, _ in found})
    raise FixRefused(f"the fixes do not settle ({', '.join(still)} found again after fixing); fix it by hand")


def _reads_otherwise(before: bytes, after: bytes, path: str) -> str | None:
    """Why the fixed text would not hold the papers the file holds, or ``None``.

    Each fix changes a few characters, but together, or next to the format's syntax, they can
    change what the file says: removing a stray CR before ``# `` starts a new entry, one in an
    author line mends an entry the reader refused (and then a badge fixed to the old count is
    wrong again). A safe fix never changes which papers a file holds, so such a file is left
    for a person, with the reason.
    """
    from ..api import loads

    old = loads(before, path=path)
    try:
        new = loads(after, path=path)
    except DigestParseError as exc:
        return f"the fixes would make it unreadable ({exc.message}); fix it by hand"
    ids = [str(p.arxiv_id) for p in old.papers]
    if new.format != old.format or [str(p.arxiv_id) for p in new.papers] != ids:
        return (
            f"the fixes together would change the papers it holds ({len(old.papers)} -> "
            f"{len(new.papers)} {new.format or 'no format'}); fix it by hand"
        )
    if len(new.problems) > len(old.problems):
        return (
            f"the fixes together would add {len(new.problems) - len(old.problems)} problem(s); fix it by hand"
        )
    return None


def write_fixed(fixed: FixedFile) -> None:
    """Replace the file with its fixed bytes, unless it no longer holds the bytes read.

    Raises :class:`FixRefused` for a file left alone on purpose, :class:`OSError` when the
    write fails (the file is then unchanged).
    """
    try:
        write_atomic(fixed.target, fixed.after, expected=fixed.before)
    except WriteRefused as exc:
        raise FixRefused(exc.strerror) from None


def fix_files(
    diagnostics: Iterable[Diagnostic],
    read_hashes: Mapping[str, str],
    *,
    write: bool,
    report: Callable[[Outcome, FixedFile | None], None] | None = None,
) -> list[Outcome]:
    """Fix (``write``) or only prepare every file with safe fixes, each real file once.

    ``report`` hears of each file as soon as it is done, so an interrupted run has said which
    files it changed. Without ``write``, ``FIXED`` means "would be fixed".
    """
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.fix is not None and d.fix.safe and not d.path.startswith("<"):
            by_path.setdefault(d.path, []).append(d)
    outcomes: list[Outcome] = []
    seen: dict[tuple[int, int], str] = {}
    for path, found in by_path.items():
        outcome, fixed = _fix_one(path, found, read_hashes.get(path), write, seen)
        if outcome is None:
            continue
        outcomes.append(outcome)
        if report is not None:
            report(outcome, fixed)
    return outcomes


def _fix_one(
    path: str,
    found: list[Diagnostic],
    read_hash: str | None,
    write: bool,
    seen: dict[tuple[int, int], str],
) -> tuple[Outcome | None, FixedFile | None]:
    target = str(target_of(path))
    try:
        info = os.stat(target)
    except OSError:
        pass
    else:
        key = (info.st_dev, info.st_ino)
        if key in seen:
            reason = f"the same file as {seen[key]}; fixed once"
            return Outcome(path, target, Status.REFUSED, reason=reason), None
        seen[key] = path
    try:
        fixed = prepare(path, found, read_hash)
        if fixed is None:
            return None, None
        if write:
            write_fixed(fixed)
    except FixRefused as exc:
        return Outcome(path, target, Status.REFUSED, reason=str(exc)), None
    except OSError as exc:
        reason = f"cannot write {target}: {exc.strerror or exc}"
        return Outcome(path, target, Status.FAILED, reason=reason), None
    return Outcome(path, target, Status.FIXED, fixed=fixed.fixed), fixed
