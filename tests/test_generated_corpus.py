"""``corpus/generated``: planted anomalies are all found, look-alikes stay quiet, files are fresh."""

from __future__ import annotations

import pytest

from digestparse.cli import main
from tests.conftest import ROOT
from tests.generate_corpus import files

GENERATED = ROOT / "corpus" / "generated"


def test_generated_files_are_up_to_date() -> None:
    for relative, data in files().items():
        assert (GENERATED / relative).read_bytes() == data, (
            f"run: python -m tests.generate_corpus ({relative})"
        )


def test_check_reports_exactly_the_expected_findings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["check", "corpus/generated", "--isolated", "--select", "ALL", "-q"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert out == (GENERATED / "expected.txt").read_text(encoding="utf-8")


def test_every_planted_rule_is_found() -> None:
    expected = (GENERATED / "expected.txt").read_text(encoding="utf-8")
    found = {line.split(": ", 1)[1].split(" ", 1)[0] for line in expected.splitlines()}
    planted = {
        "DP101",
        "DP104",
        "DP106",
        "DP107",
        "DP109",
        "DP110",
        "DP201",
        "DP202",
        "DP203",
        "DP204",
        "DP301",
        "DP302",
        "DP303",
        "DP304",
        "DP401",
        "DP402",
        "DP403",
        "DP404",
        "DP405",
        "DP406",
        *("DP112", "DP113", "DP114", "DP501", "DP502", "DP503", "DP504", "DP505", "DP506", "DP507"),
    }
    assert found == planted


def test_look_alikes_stay_quiet() -> None:
    expected = (GENERATED / "expected.txt").read_text(encoding="utf-8")
    assert "0.36" not in "".join(line.split("('")[0] for line in expected.splitlines())
    assert [line for line in expected.splitlines() if "DP404" in line and "2504.90001" in line] == []
    assert "Ângelo" not in expected and "√n" not in expected


def test_ai_summary_look_alikes_stay_quiet() -> None:
    """The Chinese field quoting English model names and `95.2%` against the abstract's
    `$95.2\\%$` (2603.95201), the paper's own `<think>` mention, the Zenodo section outside the
    ToC: none of them is reported."""
    expected = (GENERATED / "expected.txt").read_text(encoding="utf-8")
    assert "2603.95201" not in expected and "2603.95202" not in expected
    assert [line for line in expected.splitlines() if "DP505" in line] == [
        line for line in expected.splitlines() if "DP505" in line and "2603.95105" in line
    ]
    assert "Zenodo" not in "".join(line for line in expected.splitlines() if "DP114" in line)
