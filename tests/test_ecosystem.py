"""Fitting into other tools: pre-commit, exports, merge, schema, terminal behaviour."""

from __future__ import annotations

import csv
import io
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bibtexparser.entrypoint import parse_string

import digestparse
from digestparse.cli import main
from digestparse.merge import merge
from tests.builders import Entry, badge_digest, sections_digest
from tests.conftest import ROOT, SEEDS

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _hook_command(hook_id: str) -> list[str]:
    hook = next(h for h in HOOKS if h["id"] == hook_id)
    assert hook["language"] == "python" and hook["types"] == ["markdown"] and hook["require_serial"]
    entry = shlex.split(hook["entry"])
    assert entry[0] == "digestparse"
    return [sys.executable, "-m", "digestparse", *entry[1:]]


def test_pre_commit_check_hook_passes_clean_digests_and_fails_broken_ones(tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text(badge_digest([Entry()]), encoding="utf-8")
    broken = tmp_path / "broken.md"
    broken.write_text(
        badge_digest([Entry(arxiv_id="2504.02000", authors=("Linh K√§stner",))]), encoding="utf-8"
    )
    command = _hook_command("digestparse-check")
    assert subprocess.run([*command, str(clean)], capture_output=True, check=False).returncode == 0
    result = subprocess.run([*command, str(clean), str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "DP301" in result.stdout


def test_pre_commit_fix_hook_repairs_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text(badge_digest([Entry(authors=("Linh K√§stner",))]), encoding="utf-8")
    result = subprocess.run(
        [*_hook_command("digestparse-fix"), str(broken)], capture_output=True, check=False
    )
    assert result.returncode == 0
    assert "Linh Kästner" in broken.read_text(encoding="utf-8")


def test_export_bibtex_uses_arxiv_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(ROOT / "corpus" / "seeds"), "--to", "bibtex"]) == 0
    library = parse_string(capsys.readouterr().out)
    ids = {str(p.arxiv_id) for p in digestparse.iter_papers([ROOT / "corpus" / "seeds"])}
    assert len(library.entries) == len(ids) and library.failed_blocks == []
    entry = next(e for e in library.entries if e.fields_dict["eprint"].value == "2504.01089")
    fields = {k: f.value for k, f in entry.fields_dict.items()}
    assert (
        fields["archivePrefix"] == "arXiv" and fields["primaryClass"] == "cs.RO" and fields["year"] == "2025"
    )
    assert fields["author"].endswith(" and others") and entry.key == "mullen2025homeemergency"
    assert fields["url"] == "https://arxiv.org/abs/2504.01089"


def test_export_csv_and_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "papers.csv"
    assert main(["export", str(SEEDS[1]), "--to", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1]["categories"] == "cs.CV; cs.LG" and rows[1]["authors_truncated"] == "true"
    assert main(["export", str(SEEDS[2]), "--to", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 14 and len({tuple(sorted(r)) for r in records}) == 1  # same columns everywhere


def test_merge_consolidates_each_paper() -> None:
    records = {str(r.arxiv_id): r for r in merge([ROOT / "corpus" / "seeds"])}
    qwen = records["2504.00595"]
    assert [a.format for a in qwen.appearances] == ["badge-list", "sections"]
    assert qwen.categories == ["cs.CL"] and not qwen.authors_truncated
    assert [c.code for c in qwen.conflicts] == ["DP401"]
    assert qwen.first_seen == qwen.last_seen == qwen.appearances[0].date
    assert records["2504.01089"].authors_truncated  # only ever seen cut with et al.


def test_merge_prefers_the_full_author_list_and_keeps_zh(tmp_path: Path) -> None:
    names = tuple(f"Author {c}" for c in "ABCDEFGH")
    (tmp_path / "hot_topic").mkdir()
    (tmp_path / "hot_topic" / "MLLM.md").write_text(
        badge_digest([Entry(authors=names[:6], truncated=True, categories=("cs.CV",))], date="2025-04-09"),
        encoding="utf-8",
    )
    sections = tmp_path / "7-Apr-2025" / "topic" / "LLM_related_papers.md"
    sections.parent.mkdir(parents=True)
    sections.write_text(
        sections_digest([Entry(authors=names, title_zh="题目", abstract_zh="摘要")]), encoding="utf-8"
    )
    (record,) = merge([tmp_path])
    assert record.authors == list(names) and not record.authors_truncated
    assert record.categories == ["cs.CV"] and record.title_zh == "题目"
    assert str(record.first_seen) == "2025-04-07" and str(record.last_seen) == "2025-04-09"


def test_merge_cli_writes_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "papers.jsonl"
    assert main(["merge", str(ROOT / "corpus" / "seeds"), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len({json.loads(line)["arxiv_id"] for line in lines}) == 46


def test_schema_describes_the_public_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    public = {
        "arxiv_id",
        "title",
        "authors",
        "authors_truncated",
        "categories",
        "abstract",
        "link",
        "title_zh",
        "abstract_zh",
        "line",
        "end_line",
    }
    assert public <= set(schema["properties"])
    assert main(["schema", "--record", "merged"]) == 0
    assert "conflicts" in json.loads(capsys.readouterr().out)["properties"]


def test_colour_follows_the_terminal_and_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    main(["check", str(SEEDS[1]), "--select", "DP301", "-q"])
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["check", str(SEEDS[1]), "--select", "DP301", "-q"])
    assert "\x1b[" not in capsys.readouterr().out


def test_summary_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(ROOT / "corpus" / "seeds")])
    err = capsys.readouterr().err
    assert err.startswith("Checked 3 file(s), 48 paper(s): 11 error(s), 0 warning(s), 0 info in ")
    assert err.rstrip().endswith("s")
