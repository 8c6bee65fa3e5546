"""``check --fix`` never damages a file: each file is fixed once, only from the bytes the fixes
were computed on, links stay links, owner and mode stay, read-only files and files changed
meanwhile are left alone and reported, and a signal leaves neither temporary files nor
worker processes behind. Each test reproduces a way the earlier ``--fix`` corrupted data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import digestparse.cli.check
from digestparse.cli import main
from digestparse.lint.runner import CheckResult
from tests.builders import Entry, badge_digest
from tests.conftest import ROOT
from tests.test_linear_time import _apply

BROKEN, MENDED = "Ana P√©rez", "Ana Pérez"  # DP301 (mojibake), fixed to a shorter text
FIX = ["check", "--isolated", "--select", "DP301", "--fix", "--no-group"]  # every finding listed


def _text(entries: int = 40) -> str:
    return badge_digest(
        [Entry(arxiv_id=f"2504.{i:05d}", title=f"Paper {i}", authors=(BROKEN,)) for i in range(entries)]
    )


def _digest(path: Path, entries: int = 40) -> tuple[bytes, bytes]:
    """Write a digest with one fixable finding per entry; return its bytes and the fixed bytes."""
    text = _text(entries)
    path.write_text(text, encoding="utf-8")
    return text.encode(), text.replace(BROKEN, MENDED).encode()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


# the same file under two names ------------------------------------------------------------


def test_one_file_named_twice_is_fixed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _, fixed = _digest(tmp_path / "s.md")
    code, _, err = _run(capsys, *FIX, "s.md", str(tmp_path / "s.md"))
    assert code == 0 and (tmp_path / "s.md").read_bytes() == fixed
    assert "Fixed 40 finding(s) in s.md\n" in err and "Fixed 40 finding(s) in 1 file(s)." in err


def test_the_seed_named_twice_keeps_its_header_and_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = next((ROOT / "corpus" / "seeds").glob("000_*.md"))
    (tmp_path / "s.md").write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert _run(capsys, "check", "--isolated", "--fix", "s.md", str(tmp_path / "s.md"))[0] == 0
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert text.startswith("# 🔍 MLLM Papers · 2025-04-02\n") and "Sabine Süsstrunk," in text


def test_a_link_in_a_folder_is_the_same_file_and_stays_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, fixed = _digest(tmp_path / "a.md")
    (tmp_path / "latest.md").symlink_to("a.md")
    code, out, _ = _run(capsys, *FIX, str(tmp_path))
    assert code == 0 and out == ""
    assert (tmp_path / "a.md").read_bytes() == fixed
    assert (tmp_path / "latest.md").is_symlink() and os.readlink(tmp_path / "latest.md") == "a.md"


def test_a_link_named_alone_fixes_its_target_and_stays_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, fixed = _digest(tmp_path / "a.md")
    link = tmp_path / "latest.md"
    link.symlink_to("a.md")
    code, _, err = _run(capsys, *FIX, str(link))
    assert code == 0 and link.is_symlink() and (tmp_path / "a.md").read_bytes() == fixed
    assert f"Fixed 40 finding(s) in {link} (the file {tmp_path / 'a.md'})" in err


def test_a_hard_linked_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original, _ = _digest(tmp_path / "a.md")
    os.link(tmp_path / "a.md", tmp_path / "b.md")
    code, out, err = _run(capsys, *FIX, str(tmp_path / "a.md"))
    assert code == 1 and out.count("DP301") == 40
    assert "has 2 hard links" in err
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes() == original
    assert (tmp_path / "a.md").stat().st_ino == (tmp_path / "b.md").stat().st_ino


def test_diff_shows_exactly_the_change_fix_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    original, fixed = _digest(tmp_path / "s.md")
    diff_argv = ["check", "--isolated", "--select", "DP301", "--diff", "s.md", str(tmp_path / "s.md")]
    code, out, _ = _run(capsys, *diff_argv)
    diff = out[: out.index("\ns.md:") + 1] if "\ns.md:" in out else out
    assert code == 1 and diff.startswith("--- a/s.md\n+++ b/s.md\n") and out.count("--- a/") == 1
    assert _apply(original.decode(), diff) == fixed.decode()
    assert (tmp_path / "s.md").read_bytes() == original
    assert _run(capsys, *FIX, "s.md", str(tmp_path / "s.md"))[0] == 0
    assert (tmp_path / "s.md").read_bytes() == fixed


# a file changed between the check and the fix ----------------------------------------------


def test_a_second_fix_run_in_between_is_detected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two runs overlap: B fixes the file after A has checked it; A must not apply its edits
    (computed on the old bytes) to B's result, which turned every name into ``Ana Péz``."""
    target = tmp_path / "s.md"
    _, fixed = _digest(target, entries=200)
    real_run = digestparse.cli.check.run
    calls: list[int] = []

    def run_then_other_fixes(*args: object, **kwargs: object) -> CheckResult:
        result = real_run(*args, **kwargs)  # type: ignore[arg-type]
        if not calls:
            calls.append(1)
            assert main([*FIX, str(target)]) == 0  # run B, complete, between A's check and fix
        return result

    monkeypatch.setattr(digestparse.cli.check, "run", run_then_other_fixes)
    code, out, err = _run(capsys, *FIX, str(target))
    assert target.read_bytes() == fixed and "Ana Péz" not in target.read_text(encoding="utf-8")
    assert f"Not fixed: {target}: changed since it was checked" in err
    assert code == 1 and out.count("DP301") == 200  # A's findings stay reported


def test_a_change_during_the_write_is_detected_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "s.md"
    _digest(target)
    theirs = _text(3).encode()
    real_fsync = os.fsync

    def someone_writes(fd: int) -> None:
        target.write_bytes(theirs)  # in place, as an editor saving the file
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", someone_writes)
    code, _, err = _run(capsys, *FIX, str(target))
    assert target.read_bytes() == theirs and _leftovers(tmp_path) == []
    assert code == 1 and f"Not fixed: {target}: changed since it was read; left alone" in err


# permissions and ownership -----------------------------------------------------------------


def test_a_read_only_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "s.md"
    original, _ = _digest(target)
    target.chmod(0o444)
    code, out, err = _run(capsys, *FIX, str(target))
    assert target.read_bytes() == original and target.stat().st_mode & 0o777 == 0o444
    assert code == 1 and out.count("DP301") == 40
    assert f"Not fixed: {target}: read-only file (mode 0444)" in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_owner_group_and_mode_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "s.md"
    _, fixed = _digest(target)
    os.chown(target, 65534, 65534)  # nobody:nogroup
    target.chmod(0o664)
    assert _run(capsys, *FIX, str(target))[0] == 0
    info = target.stat()
    assert target.read_bytes() == fixed
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (65534, 65534, 0o664)


def test_a_failed_write_stops_nothing_and_names_the_real_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that cannot take a temporary file (simulated: root may write anywhere)."""
    folders = [tmp_path / name for name in ("a", "b", "c")]
    fixed = []
    for folder in folders:
        folder.mkdir()
        fixed.append(_digest(folder / "s.md"))
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if Path(str(kwargs["dir"])) == folders[1]:
            raise PermissionError(13, "Permission denied", str(folders[1] / ".s.md.x1y2.tmp"))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    code, out, err = _run(capsys, *FIX, str(tmp_path))
    assert code == 2 and ".tmp" not in err
    unwritable = folders[1] / "s.md"
    assert f"Not fixed: {unwritable}: cannot write {unwritable}: Permission denied" in err
    assert [(f / "s.md").read_bytes() for f in folders] == [fixed[0][1], fixed[1][0], fixed[2][1]]
    assert out.count("DP301") == 40 and all(line.startswith(str(folders[1])) for line in out.splitlines())
    assert "Fixed 80 finding(s) in 2 file(s); 1 file(s) not fixed (see above)." in err


def test_the_summary_names_every_file_changed_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _digest(tmp_path / "a.md", entries=2)
    _digest(tmp_path / "b.md", entries=3)
    (tmp_path / "b.md").chmod(0o444)
    (tmp_path / "c.md").write_text(badge_digest([Entry()]), encoding="utf-8")
    code, _, err = _run(capsys, *FIX, str(tmp_path))
    lines = err.splitlines()
    assert code == 1
    assert lines[:3] == [
        f"Fixed 2 finding(s) in {tmp_path / 'a.md'}",
        f"Not fixed: {tmp_path / 'b.md'}: read-only file (mode 0444); make it writable to change it",
        "Fixed 2 finding(s) in 1 file(s); 1 file(s) not fixed (see above).",
    ]


# signals -----------------------------------------------------------------------------------

_SLOW_WRITE = """
import os, sys
from digestparse.cli import main
real_fsync = os.fsync
def fsync(fd):
    print("writing", flush=True)
    sys.stdin.readline()  # the test sends its signal now, then lets the write go on
    real_fsync(fd)
os.fsync = fsync
sys.exit(main(sys.argv[1:]))
"""


def _python(script: str, *argv: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-c", textwrap.dedent(script), *argv],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "s.md"
    original, fixed = _digest(target, entries=2000)
    child = _python(_SLOW_WRITE, *FIX, str(target), stdin=subprocess.PIPE)
    assert child.stdout is not None and child.stdin is not None
    try:
        assert child.stdout.readline() == "writing\n"
        child.send_signal(signum)
        child.stdin.close()
        child.wait(timeout=30)
    finally:
        child.kill()
        child.wait()
    assert _leftovers(tmp_path) == [] and target.read_bytes() in (original, fixed)
    assert child.returncode != 0


_SLOW_WORKERS = """
import os, sys, time
from pathlib import Path
import digestparse.lint.runner as runner
from digestparse.cli import main
def slow(path, *settings):
    Path(sys.argv[1], str(os.getpid())).touch()
    time.sleep(120)
runner.analyse_file = slow
sys.exit(main(sys.argv[2:]))
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _within(seconds: float, condition: Callable[[], bool]) -> bool:
    """Poll ``condition`` for at most ``seconds``: a bounded wait, not a timing assertion."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_workers_end_with_their_parent(tmp_path: Path, signum: int) -> None:
    markers, folder = tmp_path / "started", tmp_path / "digests"
    markers.mkdir()
    folder.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        _digest(folder / name, entries=1)
    child = _python(_SLOW_WORKERS, str(markers), "check", "--isolated", "-j", "2", str(folder))
    workers: set[int] = set()
    try:
        assert _within(20, lambda: len(list(markers.iterdir())) >= 1), "no worker started"
        workers = {int(p.name) for p in markers.iterdir()} | _children(child.pid)
        child.send_signal(signum)
        child.wait(timeout=20)
        assert _within(10, lambda: not any(_alive(pid) for pid in workers)), "workers outlived the run"
    finally:
        child.kill()
        child.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert child.returncode == -signum
