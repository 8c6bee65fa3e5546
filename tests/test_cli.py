"""The command line, in-process through ``main(argv) -> int`` (flake8's way), exact output."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

import digestparse
from digestparse.cli import main
from digestparse.lint.docs import pages
from tests.builders import Entry, badge_digest, sections_digest
from tests.conftest import ROOT, SEEDS

SEED_A = next(p for p in SEEDS if p.name.startswith("000"))
SEED_MOJIBAKE = next(p for p in SEEDS if p.name.startswith("001"))
SEED_B = next(p for p in SEEDS if p.name.startswith("004"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# parse ---------------------------------------------------------------------------------


def test_parse_jsonl_has_public_fields_path_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", str(SEED_A), "--to", "jsonl")
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 19
    first = records[0]
    assert first["arxiv_id"] == "2504.01089"
    assert first["path"] == str(SEED_A) and first["line"] == 16 and first["end_line"] == 20
    assert first["authors_truncated"] is True and first["categories"] == ["cs.RO", "cs.AI"]
    for key in ("title", "authors", "abstract", "link", "title_zh", "abstract_zh", "version"):
        assert key in first


def test_parse_csv_joins_lists_with_semicolons(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(SEED_MOJIBAKE), "--to", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 15
    assert rows[0]["authors"] == "Jiaming Wang; Jizhuo Chen; Diwen Liu; Linh Kästner"
    assert rows[0]["authors_truncated"] == "false"


def test_parse_json_folder_gives_every_digest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(ROOT / "corpus" / "seeds"), "--to", "json")
    digests = json.loads(out)
    assert code == 0
    assert [d["format"] for d in digests] == ["badge-list", "badge-list", "sections"]
    assert digests[0]["date"] == "2025-04-02" and digests[0]["topic"] == "MLLM"
    assert digests[0]["title"] == "🔍 MLLM Papers · 2025-04-02"


def test_parse_bad_input_exits_2_with_place_and_no_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.md"
    text = badge_digest([Entry()])
    bad.write_bytes(text.encode() + b"\n\xff\xfe broken\n")
    code, out, err = run(capsys, "parse", str(bad))
    assert code == 2 and out == ""
    line = text.count("\n") + 2
    assert err.startswith(f"{bad}:{line}:1: invalid UTF-8 at byte offset {len(text.encode()) + 1} ")
    assert "Traceback" not in err


def test_parse_missing_file_and_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "parse", str(tmp_path / "nope.md"))
    assert code == 2 and err == f"{tmp_path / 'nope.md'}: no such file\n"
    code, _, err = run(capsys, "parse", str(tmp_path))
    assert code == 2 and f"no digest found under: {tmp_path}" in err


# convert -------------------------------------------------------------------------------


def test_convert_writes_atomically_and_reports_losses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_path = tmp_path / "out.md"
    code, out, err = run(capsys, "convert", str(SEED_A), "--to", "sections", "-o", str(out_path))
    assert code == 0 and out == ""
    converted = digestparse.load(out_path)
    assert converted.format == "sections" and len(converted.papers) == 19
    assert f"{SEED_A}:16: categories (2504.01089): cs.RO cs.AI not kept [lost]" in err.splitlines()
    assert any("authors_truncated (2504.01089)" in line for line in err.splitlines())
    assert list(tmp_path.iterdir()) == [out_path]  # no temporary file left behind


def test_convert_strict_exits_1_on_loss(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "convert", str(SEED_B), "--to", "badge-list", "--strict")
    assert code == 0  # the seed has no ZH fields and one-line abstracts: nothing lost
    code, _, _ = run(capsys, "convert", str(SEED_A), "--to", "sections", "--strict")
    assert code == 1


# check ---------------------------------------------------------------------------------


def test_check_text_output_is_path_line_col_code_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(SEED_MOJIBAKE), "--select", "DP301", "-q", "--no-group")
    assert code == 1 and err == ""
    assert out.splitlines()[3] == (
        f"{SEED_MOJIBAKE}:17:48: DP301 [error] mojibake (Mac Roman): 'K√§stner_' should read 'Kästner_'"
    )


def test_check_seeds_reports_the_figure_conflict_and_nothing_for_escapes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check", str(ROOT / "corpus" / "seeds"), "-q", "--output-format", "json")
    found = json.loads(out)
    conflicts = [d for d in found if d["code"] == "DP401"]
    assert code == 1 and len(conflicts) == 1
    message = conflicts[0]["message"]
    assert "442" in message and "220" in message and "A100-40G GPU hours" in message
    assert conflicts[0]["path"].endswith("004_f2d1e1f3f21b3aeb.md") and conflicts[0]["line"] == 7
    assert "000_a8e9d8248248b9cf.md:121" in message
    assert "0.36" not in message
    mojibake = {d["message"].split("should read ")[1] for d in found if d["code"] == "DP301"}
    assert {"'Kästner_'", "'Møgelmose,'", "'Süsstrunk,'", "'**[Déjà'"} <= mojibake
    for d in found:
        assert set(d) >= {"code", "severity", "message", "path", "line", "col", "end_line", "end_col", "fix"}


def test_check_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(badge_digest([Entry()]), encoding="utf-8")
    assert run(capsys, "check", str(good))[0] == 0
    assert run(capsys, "check", str(SEED_MOJIBAKE))[0] == 1
    assert run(capsys, "check", str(SEED_MOJIBAKE), "--exit-zero")[0] == 0
    (tmp_path / "index.md").write_text("| a | b |\n| - | - |\n", encoding="utf-8")
    assert run(capsys, "check", str(tmp_path))[0] == 0  # found by searching: skipped
    assert run(capsys, "check", str(tmp_path / "index.md"))[0] == 2  # named: not a digest
    assert run(capsys, "check", str(tmp_path / "index.md"), "--ignore", "DP100", "--allow-empty")[0] == 0
    assert run(capsys, "check", str(good), "--select", "DP999")[0] == 2


def test_check_statistics_counts_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(ROOT / "corpus" / "seeds"), "--statistics", "-q")
    assert "    10  DP301  mojibake" in out.splitlines()
    assert "     1  DP401  differing-figures" in out.splitlines()


def test_check_github_annotations(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "check", str(SEED_MOJIBAKE), "--select", "DP301", "-q")
    line = out.splitlines()[3]
    assert line.startswith(
        f"::error file={SEED_MOJIBAKE},line=17,col=48,endColumn=50,title=DP301::DP301 mojibake"
    )


def test_check_sarif_is_a_sarif_2_1_0_log(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(ROOT / "corpus" / "seeds"), "--output-format", "sarif")
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run_ = log["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    for result in run_["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_config_from_pyproject_found_upward(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.digestparse]\nignore = ["DP301"]\nexclude = ["digests/skip/*"]\n'
        '[tool.digestparse.per-file-ignores]\n"b.md" = ["DP107"]\n',
        encoding="utf-8",
    )
    sub = tmp_path / "digests"
    (sub / "skip").mkdir(parents=True)
    (sub / "a.md").write_text(badge_digest([Entry(authors=("Linh K√§stner",))]), encoding="utf-8")
    (sub / "b.md").write_text(
        badge_digest([Entry(arxiv_id="2504.02000", title="Other One Here")], badge=4), encoding="utf-8"
    )
    (sub / "skip" / "c.md").write_text("not a digest\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(sub), "-q")
    assert (code, out) == (0, "")
    code, out, _ = run(capsys, "check", str(sub), "-q", "--isolated")
    assert code == 1 and "DP301" in out and "DP107" in out and "DP100" not in out  # c.md: skipped


def test_unknown_config_key_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.digestparse]\nselekt = ["DP1"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(badge_digest([Entry()]), encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path / "a.md"))
    assert code == 2 and f"{tmp_path / 'pyproject.toml'}: unknown key 'selekt' in [tool.digestparse]" in err


def test_inline_and_file_suppressions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    twice = badge_digest([Entry(), Entry()], between=["<!-- digestparse: ignore DP110 -->\n"])
    (tmp_path / "a.md").write_text(twice, encoding="utf-8")
    assert run(capsys, "check", str(tmp_path / "a.md"))[0] == 0
    whole = badge_digest([Entry(authors=("Linh K√§stner",))]) + "\n<!-- digestparse: ignore-file DP301 -->\n"
    (tmp_path / "b.md").write_text(whole, encoding="utf-8")
    assert run(capsys, "check", str(tmp_path / "b.md"))[0] == 0
    stale = badge_digest(
        [Entry(), Entry(arxiv_id="2504.02000", title="Other One Here")],
        between=["<!-- digestparse: ignore DP110 -->\n"],
    )
    (tmp_path / "c.md").write_text(stale, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path / "c.md"), "-q")
    assert code == 1 and "DP901 [warning] suppression comment does not suppress DP110" in out


def test_fix_changes_only_the_fixed_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    original = SEED_MOJIBAKE.read_bytes()
    target.write_bytes(original)
    os.chmod(target, 0o640)
    code, out, _ = run(capsys, "check", str(target), "--diff", "--select", "DP301")
    assert code == 1 and "-  _Jiaming Wang, Jizhuo Chen, Diwen Liu, Linh K√§stner_" in out
    assert target.read_bytes() == original  # --diff writes nothing
    code, _, err = run(capsys, "check", str(target), "--fix", "--select", "DP301")
    assert code == 0 and "Fixed 6 finding(s) in 1 file(s)." in err
    fixed = target.read_bytes()
    expected = (
        original.decode()
        .replace("K√§stner", "Kästner")
        .replace("M√∏gelmose", "Møgelmose")
        .replace("D√©j√†", "Déjà")
        .replace("\uf8ffüîç", "🔍")
        .replace("¬∑", "·")
        .replace("\uf8ffüìå", "📌")
        .replace("\uf8ffüìö", "📚")
    )
    assert fixed.decode() == expected
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert run(capsys, "check", str(target), "--select", "DP301")[0] == 0


def test_fix_badge_count_in_a_crlf_file_keeps_crlf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "a.md"
    text = badge_digest([Entry(), Entry(arxiv_id="2504.02000", title="Other One Here")], badge=5)
    target.write_bytes(text.replace("\n", "\r\n").encode())
    assert run(capsys, "check", str(target), "--fix")[0] == 0
    assert target.read_bytes() == text.replace("Papers-5-", "Papers-2-").replace("\n", "\r\n").encode()


def test_jobs_do_not_change_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    one = run(capsys, "check", str(ROOT / "corpus"), "--jobs", "1", "-q", "--output-format", "json")
    two = run(capsys, "check", str(ROOT / "corpus"), "--jobs", "2", "-q", "--output-format", "json")
    assert one == two and json.loads(one[1])


# rules ---------------------------------------------------------------------------------


def test_rules_lists_and_explains(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and any(line.startswith("DP401  differing-figures") for line in out.splitlines())
    code, out, _ = run(capsys, "rules", "dp401")
    assert code == 0 and out.startswith("DP401 (differing-figures) [error, default]")
    headings = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety")
    for heading in headings:
        assert heading in out
    assert run(capsys, "rules", "DP999")[0] == 2


def test_rule_docs_are_up_to_date() -> None:
    folder = ROOT / "docs" / "rules"
    stale = [
        name
        for name, text in pages().items()
        if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run: python -m digestparse.lint.docs docs/rules"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"digestparse, version {digestparse.__version__}\n"


def test_sections_digest_round_trips_through_cli_convert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "7-Apr-2025" / "topic" / "LLM_related_papers.md"
    source.parent.mkdir(parents=True)
    source.write_text(sections_digest([Entry(title_zh="题目", abstract_zh="摘要")]), encoding="utf-8")
    code, out, err = run(capsys, "convert", str(source), "--to", "badge-list")
    assert code == 0 and "title_zh (2504.01089): badge-list has no ZH fields [lost]" in err
    assert digestparse.loads(out).date is not None


def test_progress_bar_draws_on_a_terminal_and_stays_silent_when_piped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from digestparse.cli.check import _Progress

    bar = _Progress(enabled=True)
    bar(10, 40)
    bar(40, 40)
    err = capsys.readouterr().err
    assert "10/40 files" in err and err.endswith("\r")
    _Progress(enabled=False)(10, 40)
    assert capsys.readouterr().err == ""
    main(["check", str(ROOT / "corpus"), "--jobs", "1"])  # stderr is not a terminal here
    assert "files\r" not in capsys.readouterr().err
