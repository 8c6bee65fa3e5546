"""Bad input gets a clear answer in linear time, and nothing is ever lost or damaged."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import digestparse
from digestparse._atomic import write_atomic
from digestparse.cli import main
from digestparse.lint.runner import run
from tests.builders import Entry, badge_digest, sections_digest

MB = 1_000_000


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _read_and_check(text: str) -> None:
    try:
        digest = digestparse.loads(text)
    except digestparse.DigestParseError:
        return
    assert digestparse.dumps(digest) == text
    run(digests=[digest], select=["ALL"])


ADVERSARIAL = {
    "brackets in a title": lambda n: badge_digest([Entry(title="[" * n)]),
    "stars in a title": lambda n: badge_digest([Entry(title="*" * n)]),
    "backticks in a title": lambda n: badge_digest([Entry(title="`" * n)]),
    "link-like runs in a title": lambda n: badge_digest([Entry(title="](http" * (n // 6))]),
    "one huge abstract line": lambda n: badge_digest([Entry(abstract="word 12.5% " * (n // 11))]),
    "mojibake-like run": lambda n: badge_digest([Entry(abstract="√" * n)]),
    "digits everywhere": lambda n: sections_digest([Entry(abstract="1," * (n // 2))]),
    "many blank lines in a field": lambda n: sections_digest([Entry(abstract_zh="\n" * n, title_zh="x")]),
    "many separators": lambda n: "---\n" * (n // 4),
    "many titles": lambda n: "# t\n" * (n // 4),
    "many entry heads": lambda n: "- **[x](y)**\n" * (n // 13),
    "one line without newline": lambda n: "x" * n,
    "latex braces": lambda n: sections_digest([Entry(abstract="\\textbf{" * (n // 8))]),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_is_linear(name: str) -> None:
    make = ADVERSARIAL[name]
    small, large = make(MB // 4), make(MB)
    small_time = _seconds(lambda: _read_and_check(small))
    large_time = _seconds(lambda: _read_and_check(large))
    assert large_time < 10.0, f"{name}: 1 MB took {large_time:.1f} s"
    # 4x the input may take at most ~12x the time (noise allowed; a quadratic cost gives 16x)
    assert large_time < 12 * small_time + 0.5, f"{name}: {small_time:.2f} s -> {large_time:.2f} s"


def test_a_50_mb_line_is_read_without_hanging(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(badge_digest([Entry(abstract="a" * (50 * MB))]).encode())
    assert _seconds(lambda: main(["check", str(big), "-q", "--jobs", "1"])) < 30
    capsys.readouterr()
    assert len(digestparse.load(big).papers[0].abstract) == 50 * MB


def test_nul_bytes_and_binary_are_refused_with_their_place(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(badge_digest([Entry()]).encode() + b"\x00\x01")
    with pytest.raises(digestparse.InvalidEncodingError) as info:
        digestparse.load(path)
    assert info.value.line == badge_digest([Entry()]).count("\n") + 1 and "NUL" in str(info.value)


def test_truncated_last_entry_keeps_the_entries_before_it() -> None:
    text = badge_digest([Entry(), Entry(arxiv_id="2504.02000", title="Second")])
    for cut in range(text.index("- **[Second"), len(text) - 1, 7):
        digest = digestparse.loads(text[:cut])
        assert [str(p.arxiv_id) for p in digest.papers][:1] == ["2504.01089"]
        assert digestparse.dumps(digest) == text[:cut]
        if not text[:cut].rstrip().endswith("</details>"):
            assert digest.problems or len(digest.papers) == 1


def test_mixed_line_endings_round_trip() -> None:
    text = sections_digest([Entry(), Entry(arxiv_id="2504.02000", title="Second")])
    mixed = text.replace("\n", "\r\n", 3)
    digest = digestparse.loads(mixed)
    assert len(digest.papers) == 2 and digestparse.dumps(digest) == mixed
    assert digest.papers[0].title == "A Study of Things"


def test_header_without_entries_is_an_empty_digest() -> None:
    digest = digestparse.loads(badge_digest([]))
    assert digest.papers == [] and digest.badge_count == 0 and digest.problems == []


def test_failed_write_leaves_the_original_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(b"original")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_fix_failing_half_way_leaves_the_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "a.md"
    original = badge_digest([Entry(authors=("Linh K√§stner",))]).encode()
    target.write_bytes(original)
    import digestparse._atomic as atomic

    def broken_fsync(_fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    assert main(["check", str(target), "--fix"]) == 2
    err = capsys.readouterr().err
    assert f"Not fixed: {target}: cannot write {target}: I/O error" in err and "Traceback" not in err
    assert target.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_convert_output_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    source = tmp_path / "in.md"
    source.write_text(badge_digest([Entry()]), encoding="utf-8")
    out = tmp_path / "out.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    assert main(["convert", str(source), "--to", "sections", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600 and digestparse.load(out).format == "sections"


@pytest.mark.parametrize(
    "text,select",
    [
        (badge_digest([Entry(authors=("Linh K√§stner", "Ann Lee"))]), "DP301"),
        (badge_digest([Entry(), Entry(arxiv_id="2504.02000", title="Two")], badge=9), "DP107"),
        (sections_digest([Entry(title_zh="题目\r", abstract_zh="第一行\r\n\r\n第二行")]), "DP303"),
    ],
)
def test_a_fix_changes_no_byte_outside_its_span(
    text: str, select: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(text.encode())
    found = digestparse.check(target, select=[select])
    assert found and all(d.fix is not None for d in found)
    main(["check", str(target), "--fix", "--select", select])
    capsys.readouterr()
    after = target.read_bytes().decode()
    lines_before, lines_after = text.split("\n"), after.split("\n")
    assert len(lines_before) == len(lines_after)
    touched = {e.line for d in found if d.fix for e in d.fix.edits}
    for number, (a, b) in enumerate(zip(lines_before, lines_after, strict=True), start=1):
        if number not in touched:
            assert a == b
            continue
        edits = [e for d in found if d.fix for e in d.fix.edits if e.line == number]
        first = min(e.col for e in edits) - 1
        assert a[:first] == b[:first]
        tail = len(a) - max(e.end_col for e in edits) + 1
        assert a[len(a) - tail :] == b[len(b) - tail :]


def test_reading_and_checking_never_modify_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(badge_digest([Entry(authors=("Linh K√§stner",))]).encode())
    before = (target.read_bytes(), target.stat().st_mtime_ns)
    digestparse.load(target)
    main(["check", str(target)])
    main(["check", str(target), "--diff"])
    main(["parse", str(target)])
    capsys.readouterr()
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before


CRASHES = sorted((Path(__file__).parent / "fuzz" / "crashes").iterdir())


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: p.name)
def test_inputs_the_fuzzer_found_are_handled(path: Path) -> None:
    data = path.read_bytes()
    try:
        digest = digestparse.loads(data)
    except digestparse.DigestParseError:
        return
    assert digestparse.dumps(digest).encode("utf-8") == data
    run(digests=[digest], select=["ALL"])


def test_an_unexpected_error_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import digestparse.cli.check as cli_check

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_check, "run", broken)
    assert main(["check", "corpus/seeds"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("digestparse: internal error: RuntimeError('boom')") and "Traceback" not in err
    monkeypatch.setenv("DIGESTPARSE_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["check", "corpus/seeds"])
