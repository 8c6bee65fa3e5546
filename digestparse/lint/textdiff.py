"""A unified diff of a fixed file (``check --diff``) in linear time.

``difflib.unified_diff`` over a whole file is quadratic when many lines change far apart: its
matcher finds the longest matching block, then recurses on both sides, and with thousands of
one-line blocks between thousands of fixes each step scans the rest of the file again (8,000
fixes: 29 s, where writing them takes 0.7 s). Fixes change a few lines here and there, so
the lines that occur once in each text anchor the alignment, as in patience diff (Bram
Cohen's, used by git and bzr): the longest increasing run of such anchors is found with
binary search, and only the short stretches between anchors go to difflib. A long stretch
with no anchor is written as one replacement after its common first and last lines, so the
cost stays linear; the diff is then longer than it could be, never wrong.

The output is what ``diff -u`` and difflib write (three lines of context, hunks merged when
their context overlaps), with lines split on ``\\n`` only, so a stray ``\\r`` stays inside its
line, and a last line without a newline marked ``\\ No newline at end of file``, as
``patch`` and ``git apply`` expect.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Iterator, Sequence

from .._escape import escape_text

Opcode = tuple[str, int, int, int, int]  # as difflib: tag, a[i1:i2], b[j1:j2]
_SMALL = 4096  # a stretch between anchors goes to difflib when len(a) * len(b) is at most this
_NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(before: str, after: str, fromfile: str, tofile: str, context: int = 3) -> str:
    """The unified diff from ``before`` to ``after`` ("" when they are equal)."""
    a, b = split_lines(before), split_lines(after)
    groups = list(_grouped(opcodes(a, b), context))
    if not groups:
        return ""
    out = [f"--- {escape_text(fromfile)}\n", f"+++ {escape_text(tofile)}\n"]  # file names: untrusted
    for group in groups:
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_marked(" ", a[i1:i2]))
                continue
            out.extend(_marked("-", a[i1:i2]))
            out.extend(_marked("+", b[j1:j2]))
    return "".join(out)


def split_lines(text: str) -> list[str]:
    """Lines with their ``\\n``; the last has none when the text does not end with one."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Edit operations turning ``a`` into ``b``, as ``SequenceMatcher.get_opcodes`` gives them."""
    codes: list[Opcode] = []
    i = j = 0  # a[:i] and b[:j] are described by the codes so far
    for x, y in [*_matched_pairs(a, b), (len(a), len(b))]:  # the last pair ends the texts
        if (x, y) == (i, j) and codes and codes[-1][0] == "equal" and x < len(a):
            tag, i1, _, j1, _ = codes.pop()
            codes.append((tag, i1, x + 1, j1, y + 1))
        else:
            if x > i or y > j:
                tag = "replace" if x > i and y > j else "delete" if x > i else "insert"
                codes.append((tag, i, x, j, y))
            if x < len(a):
                codes.append(("equal", x, x + 1, y, y + 1))
        i, j = x + 1, y + 1
    return codes


def _matched_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) with ``a[i] == b[j]``, increasing in both, that align the two texts."""
    prefix = 0
    limit = min(len(a), len(b))
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    pairs = [(k, k) for k in range(prefix)]
    a_end, b_end = len(a) - suffix, len(b) - suffix
    i, j = prefix, prefix
    for x, y in _anchors(a, b, prefix, a_end, prefix, b_end):
        pairs.extend(_between(a, b, i, x, j, y))
        pairs.append((x, y))
        i, j = x + 1, y + 1
    pairs.extend(_between(a, b, i, a_end, j, b_end))
    pairs.extend((a_end + k, b_end + k) for k in range(suffix))
    return pairs


def _anchors(
    a: Sequence[str], b: Sequence[str], a_start: int, a_end: int, b_start: int, b_end: int
) -> list[tuple[int, int]]:
    """The longest increasing run of lines that occur exactly once in each range."""
    in_a = Counter(a[a_start:a_end])
    in_b = Counter(b[b_start:b_end])
    where_b = {b[k]: k for k in range(b_start, b_end) if in_b[b[k]] == 1}
    candidates = [(k, where_b[a[k]]) for k in range(a_start, a_end) if in_a[a[k]] == 1 and a[k] in where_b]
    tails: list[int] = []  # the smallest last j of an increasing run of each length
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, y) in enumerate(candidates):
        length = bisect.bisect_left(tails, y)
        if length == len(tails):
            tails.append(y)
            tail_index.append(index)
        else:
            tails[length] = y
            tail_index[length] = index
        previous.append(tail_index[length - 1] if length else -1)
    run: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(candidates[index])
        index = previous[index]
    run.reverse()
    return run


def _between(
    a: Sequence[str], b: Sequence[str], a_start: int, a_end: int, b_start: int, b_end: int
) -> Iterator[tuple[int, int]]:
    """Matched pairs inside a stretch between anchors: by difflib when it is short."""
    if (a_end - a_start) * (b_end - b_start) <= _SMALL:
        matcher = difflib.SequenceMatcher(None, a[a_start:a_end], b[b_start:b_end], autojunk=False)
        for x, y, size in matcher.get_matching_blocks():
            yield from ((a_start + x + k, b_start + y + k) for k in range(size))
        return
    while a_start < a_end and b_start < b_end and a[a_start] == b[b_start]:
        yield a_start, b_start
        a_start, b_start = a_start + 1, b_start + 1
    tail = []
    while a_end > a_start and b_end > b_start and a[a_end - 1] == b[b_end - 1]:
        a_end, b_end = a_end - 1, b_end - 1
        tail.append((a_end, b_end))
    yield from reversed(tail)


def _grouped(codes: list[Opcode], context: int) -> Iterator[list[Opcode]]:
    """Hunks: changes with ``context`` equal lines around them, merged when those overlap."""
    if not codes or all(code[0] == "equal" for code in codes):
        return
    codes = list(codes)
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """A hunk's line range as ``diff -u`` writes it: ``3`` for one line, ``2,0`` for none."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _marked(mark: str, lines: Sequence[str]) -> Iterator[str]:
    for line in lines:
        yield mark + line
        if not line.endswith("\n"):
            yield "\n" + _NO_NEWLINE
