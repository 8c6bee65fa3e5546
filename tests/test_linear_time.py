"""Inputs that took superlinear time (reliability issue, item 2) now take linear time.

Each test times the same work on an input of size n and of size 4n and asserts that the larger
took at most 5 times as long (a quadratic cost gives 16 times). Sizes are small, so each test
is fast; each size's time is the best of several runs (each repeated until it lasts a few
milliseconds), small and large alternating, so that a busy machine does not fail a linear
test. No absolute time is asserted.

The last test is generic: it finds every compiled pattern in the package and times it on
strings built from the pattern's own literal characters, as a regex-denial-of-service scanner
would, so a new pattern that backtracks quadratically is caught without a test of its own.
"""

from __future__ import annotations

import ast
import difflib
import gc
import importlib
import pkgutil
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

import digestparse
from digestparse import ArxivId, Paper
from digestparse._lines import markdown_link
from digestparse.bibtex import to_bibtex
from digestparse.lint.fix import FixedFile
from digestparse.normalize.latex import resolve_latex
from tests.builders import Entry, badge_digest, sections_digest

T = TypeVar("T")
RATIO = 5.0  # 4x the input may take at most 5x the time
MIN_SECONDS = 0.005  # a measurement repeats the work until it lasts this long


def _per_run(work: Callable[[T], object], arg: T, loops: int) -> float:
    """CPU seconds of this process per call: other processes on a busy machine barely move it,
    as they would move a wall clock."""
    gc.disable()  # the algorithm's growth is measured, not when the collector happens to run
    try:
        start = time.process_time()
        for _ in range(loops):
            work(arg)
        return (time.process_time() - start) / loops
    finally:
        gc.enable()


def _best(work: Callable[[T], object], arg: T, loops: int, runs: int = 3) -> float:
    return min(_per_run(work, arg, loops) for _ in range(runs))


def assert_linear(make: Callable[[int], T], work: Callable[[T], object], n: int) -> None:
    """``work(make(4 * n))`` takes at most ``RATIO`` times as long as ``work(make(n))``.

    Small and large runs alternate, and each size keeps its best time over every round, so a
    moment when the machine is busy slows one run, not the comparison; a linear cost passes
    within a round or two, a quadratic one gives 16x in every round.
    """
    small, large = make(n), make(4 * n)
    _per_run(work, small, 1)  # warms caches and imports up
    once = _per_run(work, small, 1)
    loops = max(1, int(MIN_SECONDS / max(once, 1e-7)))
    small_time = large_time = float("inf")
    for _round in range(5):
        for _run in range(3):
            small_time = min(small_time, _per_run(work, small, loops))
            large_time = min(large_time, _per_run(work, large, loops))
        if large_time <= RATIO * small_time:
            return
    pytest.fail(f"4x the input took {large_time / small_time:.1f}x the time (n={n})")


def _sections_entry_with_link(value: str) -> str:
    link = "**Link**: [PDF](https://arxiv.org/pdf/2504.01089)"
    return sections_digest([Entry()]).replace(link, "**Link**: " + value)


def test_a_link_value_of_repeated_brackets() -> None:
    assert_linear(lambda n: _sections_entry_with_link("[" * n), digestparse.loads, 3000)


def test_a_link_value_of_repeated_bracket_pairs_without_an_end() -> None:
    assert_linear(lambda n: _sections_entry_with_link("[](x" * (n // 4)), digestparse.loads, 8000)


def test_an_unclosed_suppression_comment_followed_by_spaces() -> None:
    def make(n: int) -> digestparse.Digest:
        comment = "<!-- digestparse: ignore" + " " * n + "\n"
        return digestparse.loads(sections_digest([Entry(), Entry()], between=[comment]))

    assert_linear(make, lambda digest: digestparse.check(digest, select=["DP901"]), 3000)


def test_suppression_codes_in_a_run_of_capitals() -> None:
    def make(n: int) -> digestparse.Digest:
        comment = "<!-- digestparse: ignore " + "A" * n + " -->\n"
        return digestparse.loads(sections_digest([Entry(), Entry()], between=[comment]))

    assert_linear(make, lambda digest: digestparse.check(digest, select=["DP901"]), 5000)


def test_repeated_field_labels_in_one_entry() -> None:
    def make(n: int) -> str:
        entry = sections_digest([Entry()]).replace("---\n", "")
        return entry + "**Authors**: x\n\n" * n + "---\n"

    assert_linear(make, digestparse.loads, 1000)


def test_nested_emphasis() -> None:
    assert_linear(lambda n: "\\emph{" * n + "x" + "}" * n, resolve_latex, 300)


def test_nested_styles_are_still_unwrapped_from_the_inside_out() -> None:
    assert resolve_latex("\\textbf{\\textit{fast}} and \\emph{\\texttt{x}}") == "fast and x"
    assert resolve_latex("\\textbf{a{b}c} \\emph{a\nb}") == "\\textbf{a{b}c} \\emph{a\nb}"
    assert resolve_latex("\\textbf{\\textit{x}") == "\\textbf{x"


def test_plain_abstract_of_many_blank_lines() -> None:
    def make(n: int) -> Paper:
        return Paper(arxiv_id=None, title="t", abstract="a\n" + "\n" * n + "b")

    assert_linear(make, Paper.plain_abstract, 1000)
    assert Paper(arxiv_id=None, title="t", abstract="a\n\n\n- b").plain_abstract() == "a b"


def test_one_identifier_told_many_times_with_every_rule() -> None:
    def make(n: int) -> digestparse.Digest:
        entries = [
            Entry(
                title=f"A Study of {i} Things",
                authors=(f"Author {i}",),
                categories=(f"cs.{'CV' if i % 2 else 'LG'}",),
                abstract=f"We study things and find {i} of them.",
            )
            for i in range(n)
        ]
        return digestparse.loads(badge_digest(entries))

    assert_linear(make, lambda digest: digestparse.check(digest, select=["ALL"]), 100)


def test_every_telling_is_still_compared_with_the_earlier_ones() -> None:
    told = [Entry(abstract=f"We study things and find {i} of them.") for i in range(40)]
    found = digestparse.check(digestparse.loads(badge_digest(told)), select=["DP401"])
    assert len(found) == 39  # each telling contradicts the first one's figure


def _keep_and_fix(n: int) -> FixedFile:
    before = "".join(f"keep {i}\nfix {i}\r\n" for i in range(n))
    return FixedFile("a.md", "a.md", before.encode(), before.replace("\r", "").encode(), ())


def test_check_diff_with_many_fixes() -> None:
    assert_linear(_keep_and_fix, FixedFile.diff, 500)


def _apply(before: str, diff: str) -> str:
    """Apply a unified diff (as ``patch`` does), checking every context and removed line."""
    old = before.splitlines(keepends=True)
    out: list[str] = []
    position = 0
    lines = diff.splitlines(keepends=True)[2:]
    index = 0
    while index < len(lines):
        header = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n", lines[index])
        assert header is not None, lines[index]
        start = int(header[1]) if header[2] == "0" else int(header[1]) - 1  # "-2,0": after line 2
        out.extend(old[position:start])
        position = start
        index += 1
        while index < len(lines) and not lines[index].startswith("@@"):
            mark, body = lines[index][0], lines[index][1:]
            index += 1
            if index < len(lines) and lines[index] == "\\ No newline at end of file\n":
                body, index = body[:-1], index + 1
            if mark in " -":
                assert old[position] == body, (old[position], body)
                position += 1
            if mark in " +":
                out.append(body)
    return "".join(out + old[position:])


def test_the_diff_applies_and_matches_difflib_on_simple_changes() -> None:
    fixed = _keep_and_fix(50)
    assert _apply(fixed.before.decode(), fixed.diff()) == fixed.after.decode()
    before = "".join(f"line {i}\n" for i in range(30))
    after = before.replace("line 7\n", "line seven\n").replace("line 20\n", "")
    expected = "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), "a/x.md", "b/x.md"
        )
    )
    assert FixedFile("x.md", "x.md", before.encode(), after.encode(), ()).diff() == expected
    rng = random.Random(14)
    for _ in range(300):
        lines = [rng.choice(["a\n", "b\n", "\n", "c\r\n", "d"]) for _ in range(rng.randrange(12))]
        changed = [line if rng.random() < 0.7 else rng.choice(["x\n", "", "a\nb\n"]) for line in lines]
        old, new = "".join(lines), "".join(changed)
        diff = FixedFile("r.md", "r.md", old.encode(), new.encode(), ()).diff()
        assert _apply(old, diff) == new
        assert (diff == "") == (old == new)


def test_bibtex_export_with_colliding_cite_keys() -> None:
    def make(n: int) -> list[Paper]:
        return [
            Paper(arxiv_id=ArxivId(f"2504.{i:05d}"), title="Same Title", authors=["Ada Lovelace"])
            for i in range(n)
        ]

    assert_linear(make, to_bibtex, 1000)


# The generic adversarial test: every compiled pattern of the package.

_SCANNING = {"search", "finditer", "findall", "sub", "subn", "split"}


def _pattern_methods() -> dict[str, set[str]]:
    """For each name a pattern is bound to, the methods the package calls on it (``X.match``,
    ``g.X.search``); ``match`` with a start position counts as scanning."""
    used: dict[str, set[str]] = {}
    for path in Path(digestparse.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
            if name is None:
                continue
            method = node.func.attr
            if method in {"match", "fullmatch"} and len(node.args) > 1:
                method = "search"
            used.setdefault(name, set()).add(method)
    return used


def _package_patterns() -> Iterator[tuple[str, re.Pattern[Any]]]:
    seen: set[tuple[object, int]] = set()
    for info in pkgutil.walk_packages(digestparse.__path__, "digestparse."):
        if info.name.endswith("__main__"):
            continue  # running it runs the command line
        module = importlib.import_module(info.name)
        for name, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern) and (value.pattern, value.flags) not in seen:
                seen.add((value.pattern, value.flags))
                yield f"{info.name}.{name}", value


try:  # the regex parser: re._parser from Python 3.11, sre_parse before
    from re import _parser as sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as sre_parser  # type: ignore[no-redef]

_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "1",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " \n",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a_",
    "CATEGORY_NOT_WORD": " .",
}


def _literals(parsed: Any, out: list[str]) -> None:
    """The pattern's characters in order: literals, class members and ends of ranges, a
    representative of each category (``\\d`` gives ``1``)."""
    for op, value in parsed:
        kind = str(op)
        if kind in {"LITERAL", "NOT_LITERAL"}:
            out.append(chr(value))
        elif kind == "ANY":
            out.append("x")
        elif kind == "IN":
            for item_op, item in value:
                item_kind = str(item_op)
                if item_kind == "LITERAL":
                    out.append(chr(item))
                elif item_kind == "RANGE":
                    out.extend((chr(item[0]), chr(item[1])))
                elif item_kind == "CATEGORY":
                    out.extend(_CATEGORY_CHARS.get(str(item), ""))
        elif kind == "BRANCH":
            for branch in value[1]:
                _literals(branch, out)
        elif kind in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            _literals(value[2], out)
        elif kind == "SUBPATTERN":
            _literals(value[-1], out)
        elif kind in {"ASSERT", "ASSERT_NOT"}:
            _literals(value[1], out)
        elif kind == "ATOMIC_GROUP":
            _literals(value, out)


def _adversarial(pattern: re.Pattern[Any], n: int) -> Iterator[str]:
    """Strings of about ``n`` characters built from the pattern's own characters: each one
    repeated, each prefix of the pattern's literal sequence repeated, and a prefix followed by
    a long run of one character (an opened construct that never closes)."""
    sequence: list[str] = []
    _literals(sre_parser.parse(pattern.pattern, pattern.flags), sequence)
    chars = sorted(set(sequence) | {"x", " ", "\n"})
    ordered = list(dict.fromkeys(sequence))
    prefixes = ["".join(sequence[:k]) for k in range(1, len(sequence) + 1)]
    step = max(1, len(prefixes) // 12)
    prefixes = prefixes[::step] + prefixes[-1:]
    for char in chars:
        yield char * n
    for prefix in prefixes:
        yield prefix * (n // len(prefix) + 1)
        yield (prefix + "x") * (n // (len(prefix) + 1) + 1)
        for char in [*ordered[:24], "x", " "]:
            yield prefix + char * n


def _timer(pattern: re.Pattern[Any], scanning: bool) -> Callable[[Any], object]:
    if scanning:
        return lambda text: sum(1 for _ in pattern.finditer(text))
    return lambda text: (pattern.match(text), pattern.fullmatch(text))


def test_every_package_pattern_is_linear_on_adversarial_strings() -> None:
    methods = _pattern_methods()
    patterns = list(_package_patterns())
    assert len(patterns) > 30  # the walk found the package's patterns
    n = 2000
    suspects = []
    for name, pattern in patterns:
        used = methods.get(name.rsplit(".", 1)[1], set())
        scanning = not used or bool(used & _SCANNING) or not used <= {"match", "fullmatch"}
        work = _timer(pattern, scanning)
        for text, text_4n in zip(_adversarial(pattern, n), _adversarial(pattern, 4 * n), strict=True):
            small: str | bytes = text
            large: str | bytes = text_4n
            if isinstance(pattern.pattern, bytes):
                small, large = text.encode("latin-1", "replace"), text_4n.encode("latin-1", "replace")
            small_time = _per_run(work, small, 1)
            large_time = _per_run(work, large, 1)
            if large_time > 0.002 and large_time > RATIO * small_time:
                suspects.append((name, small, large, work))
    slow = []
    for name, small, large, work in suspects:  # measured again, with care, before they count
        try:
            assert_linear(lambda size, s=small, b=large: s if size == n else b, work, n)
        except pytest.fail.Exception:
            slow.append(f"{name} on {small[:40]!r}… ({len(small)} characters)")
    assert slow == []


def test_the_pattern_scan_would_catch_a_quadratic_pattern() -> None:
    quadratic = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")  # the old link pattern
    texts = list(_adversarial(quadratic, 2000))
    assert "[" * 2000 in texts
    small, large = "[" * 2000, "[" * 8000
    work = _timer(quadratic, scanning=True)
    assert _best(work, large, 1) > RATIO * _best(work, small, 1)


def test_markdown_link_finds_what_the_old_pattern_found() -> None:
    old = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")
    rng = random.Random(2)
    for _ in range(20000):
        text = "".join(rng.choice("[]() \nax") for _ in range(rng.randrange(14)))
        match = old.search(text)
        assert markdown_link(text) == (None if match is None else (match["text"], match["url"])), text
