"""``corpus/invalid``: inputs that are not (whole) digests, each with its expected answer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import digestparse
from digestparse.cli import main
from tests.conftest import PROJECT_CORPUS

INVALID = PROJECT_CORPUS / "invalid"
EXPECTED: dict[str, dict[str, object]] = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_input_gets_the_expected_answer(name: str) -> None:
    expected = EXPECTED[name]
    path = INVALID / name
    if "error" in expected:
        with pytest.raises(digestparse.DigestParseError) as info:
            digestparse.load(path)
        assert type(info.value).__name__ == expected["error"]
        assert info.value.line == expected["line"] and info.value.path == str(path)
        if "byte_offset" in expected:
            assert getattr(info.value, "byte_offset", None) == expected["byte_offset"]
        return
    digest = digestparse.load(path)
    assert len(digest.papers) == expected["papers"]
    assert [[p.code, p.line] for p in digest.problems] == expected["problems"]
    assert digestparse.dumps(digest).encode("utf-8") == path.read_bytes()
    if "findings" in expected:
        assert [d.code for d in digestparse.check(path)] == expected["findings"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_answers_bad_input_with_exit_2_and_no_traceback(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = EXPECTED[name]
    code = main(["parse", str(INVALID / name)])
    _out, err = capsys.readouterr()
    assert "Traceback" not in err
    if "error" in expected or expected["problems"]:
        assert code == 2
        first = err.splitlines()[0]
        line = expected["line"] if "error" in expected else expected["problems"][0][1]  # type: ignore[index]
        assert first.startswith(f"{INVALID / name}:{line}:")
    else:
        assert code == 0


def test_directory_and_unreadable_path_are_clear_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(digestparse.UnreadablePathError, match="is a directory"):
        digestparse.load(tmp_path)
    locked = tmp_path / "locked.md"
    locked.write_text("x", encoding="utf-8")
    real_open = os.open

    def refusing_open(file: object, *args: object, **kwargs: object) -> object:
        # root reads files whatever their mode, so the refusal is simulated where it happens
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(digestparse.UnreadablePathError, match="permission denied") as info:
        digestparse.load(locked)
    assert info.value.path == str(locked)
    assert main(["parse", str(locked)]) == 2
    assert capsys.readouterr().err == f"{locked}: permission denied\n"
