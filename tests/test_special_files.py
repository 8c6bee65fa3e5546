"""Special files and odd input (issue 14, item 3): nothing hangs, nothing is read whole just to
be refused, ``-`` is standard input, and a file name that is not UTF-8 leaves every output valid.

Commands that could hang or exhaust memory before the fix run in a child process with a time
limit (a guard, not a measurement) and a 1 GiB address-space limit; what a run read is taken
from the kernel's count of bytes read (``/proc/self/io``), which sees every way of reading.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import digestparse
from digestparse.cli import main
from tests.builders import Entry, badge_digest

GUARD = 60  # seconds before a child that should answer at once is called hung
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and devices are POSIX")


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _child(*argv: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONUTF8", "PYTHONIOENCODING"))}
    env["LC_ALL"] = "C.UTF-8"
    return subprocess.run(
        [sys.executable, "-m", "digestparse", *argv],
        input=stdin,
        capture_output=True,
        timeout=GUARD,
        cwd=cwd,
        env=env,
        preexec_fn=_limit_memory if hasattr(os, "fork") else None,
        check=False,
    )


def _digest(path: Path, entry: Entry | None = None) -> Path:
    path.write_text(badge_digest([entry or Entry()]), encoding="utf-8")
    return path


def _bytes_read() -> int | None:
    try:
        text = Path("/proc/self/io").read_text()
    except OSError:
        return None
    return int(next(line for line in text.splitlines() if line.startswith("rchar:")).split()[1])


# FIFOs, devices, sockets ---------------------------------------------------------------------


@POSIX
@pytest.mark.parametrize("command", [["check", "-v"], ["parse"], ["export", "--to", "csv"]])
def test_a_fifo_in_a_searched_folder_is_skipped_not_waited_for(command: list[str], tmp_path: Path) -> None:
    _digest(tmp_path / "a.md")
    os.mkfifo(tmp_path / "pipe.md")
    result = _child(*command, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "pipe.md" in result.stderr.decode() and "FIFO" in result.stderr.decode()


@POSIX
@pytest.mark.parametrize("command", [["check"], ["parse"], ["export"], ["convert", "--to", "sections"]])
def test_a_fifo_named_on_the_command_line_is_refused_at_once(command: list[str], tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    result = _child(*command, str(tmp_path / "pipe.md"))
    output = (result.stdout + result.stderr).decode()
    assert result.returncode == 2 and "is a FIFO (named pipe), not a regular file; not read" in output


@POSIX
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_not_read_until_memory_runs_out() -> None:
    result = _child("check", "/dev/zero")
    assert result.returncode == 2
    assert "/dev/zero:1:1: DP100 [error] is a character device, not a regular file" in result.stdout.decode()
    result = _child("parse", "/dev/zero")
    assert result.returncode == 2 and "is a character device" in result.stderr.decode()


@POSIX
def test_a_socket_is_skipped_when_found_and_refused_when_named(tmp_path: Path) -> None:
    _digest(tmp_path / "a.md")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.md"))
    except OSError:  # pragma: no cover - a path too long for a socket address
        pytest.skip("cannot bind a socket here")
    try:
        assert main(["check", str(tmp_path)]) == 0
        assert main(["check", str(tmp_path / "s.md")]) == 2
    finally:
        server.close()


def test_a_broken_link_in_a_folder_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _digest(tmp_path / "a.md")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    assert main(["check", str(tmp_path), "--show-skipped"]) == 0
    assert f"skipped {tmp_path / 'gone.md'}: broken symbolic link" in capsys.readouterr().err


# sizes -----------------------------------------------------------------------------------------


@pytest.mark.skipif(_bytes_read() is None, reason="needs /proc/self/io")
def test_a_sparse_gigabyte_is_refused_without_being_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.md"
    with open(big, "wb") as handle:
        handle.truncate(1 << 30)
    before = _bytes_read()
    code = main(["check", str(big)])
    read = (_bytes_read() or 0) - (before or 0)
    out = capsys.readouterr().out
    assert code == 2 and read < 1 << 20
    assert "DP100 [error] file is 1 GiB, over the limit of 64 MiB; not read" in out


def test_the_size_limit_is_configurable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = _digest(tmp_path / "a.md")
    code = main(["check", str(digest), "--max-file-size", "200"])
    assert code == 2 and "over the limit of 200 bytes" in capsys.readouterr().out
    (tmp_path / "pyproject.toml").write_text('[tool.digestparse]\nmax-file-size = "200B"\n', encoding="utf-8")
    assert main(["check", str(digest)]) == 2
    assert main(["check", str(digest), "--max-file-size", "1MiB"]) == 0


@pytest.mark.skipif(_bytes_read() is None, reason="needs /proc/self/io")
def test_a_large_non_digest_is_judged_from_its_head(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("".join(f"Line {i} of some notes, with no paper in it.\n" for i in range(60_000)))
    assert notes.stat().st_size > 2 << 20
    before = _bytes_read()
    code = main(["check", str(notes)])
    read = (_bytes_read() or 0) - (before or 0)
    out = capsys.readouterr().out
    assert code == 2 and read < 1 << 20
    assert "not a paper digest" in out and "judged from its first 400 lines" in out
    _digest(tmp_path / "a.md")
    assert main(["check", str(tmp_path)]) == 0  # found by searching: skipped


def test_a_large_digest_whose_first_entry_is_past_the_sniffed_lines_is_still_read(tmp_path: Path) -> None:
    """A format that finds its furniture in the head may look further for its first entry
    (abstract-table does): the head alone must not refuse such a file."""
    filler = "".join(f"Line {i}: " + "words " * 120 + "\n" for i in range(450))
    text = (
        "# Daily Papers\nThe project fetches papers.\n\nLast update: 2010-01-01\n\n"
        + filler
        + "\n## Time Series 0\n| **Date** | **AI Summary** |\n| --- | --- |\n"
        + "| 2010-01-01 | **[A Title](http://arxiv.org/abs/1501.00001)**<br>Not yet summarized |\n"
    )
    late = tmp_path / "late.md"
    late.write_text(text, encoding="utf-8")
    assert late.stat().st_size > 256 * 1024
    assert [str(p.arxiv_id) for p in digestparse.load(late).papers] == ["1501.00001"]


# standard input --------------------------------------------------------------------------------


def test_dash_reads_a_digest_from_standard_input(tmp_path: Path) -> None:
    text = badge_digest([Entry(authors=("Linh K√§stner",))]).encode()
    result = _child("check", "-", "--no-group", stdin=text)
    assert result.returncode == 1 and result.stdout.decode().startswith("<stdin>:")
    assert "DP301" in result.stdout.decode()
    result = _child("parse", "-", stdin=text)
    record = json.loads(result.stdout.decode().splitlines()[0])
    assert result.returncode == 0 and record["arxiv_id"] == "2504.01089" and record["path"] == "<stdin>"
    result = _child("export", "-", "--to", "csv", stdin=text)
    assert result.returncode == 0 and result.stdout.decode().startswith("arxiv_id,")
    result = _child("convert", "-", "--to", "sections", stdin=text)
    assert result.returncode == 0 and result.stdout.decode().startswith("# A Study of Things")
    result = _child("check", "-", stdin=b"# Notes\n\nNothing here.\n")
    assert result.returncode == 2 and "<stdin>:1:1: DP100" in result.stdout.decode()


def test_dash_with_files_checks_them_together(tmp_path: Path) -> None:
    _digest(tmp_path / "a.md", Entry(abstract="We use 442 GPU hours to study things."))
    other = badge_digest([Entry(abstract="We use 220 GPU hours to study things.")], date="2025-04-09")
    result = _child("check", str(tmp_path / "a.md"), "-", "--select", "DP401", stdin=other.encode())
    assert result.returncode == 1 and result.stdout.decode().startswith("<stdin>:")


# file names that are not UTF-8 -----------------------------------------------------------------


@pytest.fixture
def odd_name(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    folder.mkdir()
    name = os.fsdecode(b"bad\xff\x1bname.md")
    try:
        _digest(folder / name, Entry(authors=("Linh K√§stner",)))
    except (OSError, UnicodeEncodeError):  # pragma: no cover - a file system that refuses it
        pytest.skip("the file system refuses names that are not UTF-8")
    return folder


def test_json_and_sarif_stay_valid_with_a_name_that_is_not_utf8(odd_name: Path) -> None:
    result = _child("check", str(odd_name), "--output-format", "json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout.decode("utf-8"))
    assert found[0]["path"].endswith("bad\\xff\x1bname.md")  # JSON keeps the ESC, quoted
    result = _child("check", str(odd_name), "--output-format", "sarif")
    log = json.loads(result.stdout.decode("utf-8"))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert result.returncode == 1 and uri.endswith("bad%FF%1Bname.md")


def test_o_writes_the_report_with_a_name_that_is_not_utf8(odd_name: Path, tmp_path: Path) -> None:
    for fmt in ("text", "json", "sarif", "github"):
        report = tmp_path / f"report.{fmt}"
        result = _child("check", str(odd_name), "--output-format", fmt, "-o", str(report))
        assert result.returncode == 1 and b"internal error" not in result.stderr
        text = report.read_bytes().decode("utf-8")
        assert "\x1b" not in text and "\udcff" not in text


def test_text_and_data_outputs_escape_the_name(odd_name: Path) -> None:
    result = _child("check", str(odd_name))
    out = result.stdout.decode("utf-8")
    assert result.returncode == 1 and "bad\\xff\\x1bname.md:" in out and "\x1b" not in out
    result = _child("parse", str(odd_name))
    record = json.loads(result.stdout.decode("utf-8").splitlines()[0])
    assert result.returncode == 0 and record["path"].endswith("bad\\xff\x1bname.md")
