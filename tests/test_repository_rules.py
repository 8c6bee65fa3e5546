"""Repository rules (DP6xx) and the cross-digest rules across formats, on small file sets."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import digestparse
from digestparse.lint.config import Config, validate
from digestparse.lint.registry import load_rules
from digestparse.lint.repository import CheckedFile, CheckedPaper, path_date
from digestparse.lint.runner import run_repository_rules
from tests.builders import Entry, badge_digest

ABSTRACT = "We train on 29M pairs using only 220 A100-40G GPU hours and reach 95.2% accuracy."
TITLE = "Learning Whole-Body Control for a Salamander Robot"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _day(day: int) -> str:
    return badge_digest([Entry(arxiv_id=f"2504.0{day:02}01", title=f"Paper Number {day} Of The Month")])


def _codes(root: Path, select: str, config: Config | None = None) -> list[tuple[str, str, str]]:
    found = digestparse.check(root, select=[select], config=config)
    return [(d.code, Path(d.path).relative_to(root).as_posix(), d.message) for d in found]


def test_series_are_paths_that_differ_only_by_their_last_date() -> None:
    assert path_date("data/2025-11-20.md") == ("data/{date}.md", datetime.date(2025, 11, 20))
    assert path_date("18-Dec-2024/ir_papers.md") == ("{date}/ir_papers.md", datetime.date(2024, 12, 18))
    snapshot = "repo/2025-11-20_dc25d3d/archive/2025-11-19/X.md"
    assert path_date(snapshot) == ("repo/2025-11-20_dc25d3d/archive/{date}/X.md", datetime.date(2025, 11, 19))
    assert path_date("docs/README.md") is None
    assert path_date("data/2025-13-45.md") is None  # not a date


def test_missing_day_needs_a_daily_run_on_both_sides(tmp_path: Path) -> None:
    _write(tmp_path, {f"data/2025-04-{d:02}.md": _day(d) for d in (1, 2, 4, 5)})
    found = _codes(tmp_path, "DP601")
    assert [(c, p) for c, p, _ in found] == [("DP601", "data/2025-04-04.md")]
    assert "2025-04-03" in found[0][2]
    # one file on a side is a sample, not a daily run
    _write(tmp_path / "b", {f"data/2025-04-{d:02}.md": _day(d) for d in (1, 3, 4)})
    assert _codes(tmp_path / "b", "DP601") == []


def test_skip_weekdays_names_the_days_a_generator_does_not_run(tmp_path: Path) -> None:
    # Thu 2025-04-03, Fri 04, (Sat, Sun), Mon 07, Tue 08
    _write(tmp_path, {f"data/2025-04-{d:02}.md": _day(d) for d in (3, 4, 7, 8)})
    assert [c for c, _, _ in _codes(tmp_path, "DP601")] == ["DP601"]
    weekdays = Config.from_settings(validate({"skip-weekdays": ["Sat", "Sun"]}, "test"), root=tmp_path)
    assert _codes(tmp_path, "DP601", weekdays) == []


def test_unknown_weekday_is_a_configuration_error() -> None:
    try:
        validate({"skip-weekdays": ["Saturday"]}, "pyproject.toml")
    except digestparse.errors.DigestParseError as exc:
        assert "skip-weekdays" in str(exc)
    else:
        raise AssertionError("Saturday accepted")


def test_repeated_day_byte_identical_and_paper_identical(tmp_path: Path) -> None:
    same = badge_digest([Entry()])
    retitled = badge_digest([Entry()], topic="Other")
    _write(
        tmp_path,
        {
            "a/2025-04-01/X.md": same,
            "a/2025-04-02/X.md": same,
            "b/2025-04-01/X.md": same,
            "b/2025-04-02/X.md": retitled,
        },
    )
    found = _codes(tmp_path, "DP602")
    assert [(p, "byte-identical" in m) for _, p, m in found] == [
        ("a/2025-04-02/X.md", True),
        ("b/2025-04-02/X.md", False),
    ]
    assert "the same 1 paper(s)" in found[1][2]


def test_repeated_day_only_against_the_previous_day(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"data/2025-04-01.md": _day(1), "data/2025-04-03.md": _day(1), "data/2025-04-04.md": _day(4)},
    )
    assert _codes(tmp_path, "DP602") == []


def _file(path: Path, fmt: str, papers: list[tuple[str, str, str | None]]) -> CheckedFile:
    return CheckedFile(
        str(path), None, fmt, tuple(CheckedPaper(i, t, s, n + 1) for n, (i, t, s) in enumerate(papers)), "h"
    )


def test_paper_table_readme_against_its_row_map(tmp_path: Path) -> None:
    row = f"|**2026-03-17**|**{TITLE}**|Mengze Tian et.al.|[2603.16683](http://arxiv.org/abs/2603.16683)|null|\n"
    rows = {"Reinforcement Learning": {"2603.16683": row, "2603.17510": row.replace("16683", "17510")}}
    _write(tmp_path, {"docs/cv-arxiv-daily.json": json.dumps(rows), "docs/cv-arxiv-daily-web.json": "{}"})
    readme = _file(
        tmp_path / "README.md",
        "paper-table",
        [
            ("2603.16683", TITLE.upper() + " ", "Reinforcement Learning"),
            ("2603.99999", "X", "Reinforcement Learning"),
        ],
    )
    found = run_repository_rules([readme], frozenset({"DP603"}), Config())
    messages = [d.message for d in found[str(tmp_path / "README.md")]]
    assert len(messages) == 2  # case and spacing of the title are no difference
    assert (
        "2603.99999 under 'Reinforcement Learning' is not in the sidecar cv-arxiv-daily.json" in messages[0]
    )
    assert "1 paper(s) of the sidecar cv-arxiv-daily.json are not in the digest: 2603.17510" in messages[1]
    moved = _file(tmp_path / "README.md", "paper-table", [("2603.16683", TITLE, "Other Topic")])
    assert any(
        "under 'Other Topic'" in d.message
        for d in run_repository_rules([moved], frozenset({"DP603"}), Config())[moved.path]
    )


def test_ai_summary_digest_against_its_jsonl_files(tmp_path: Path) -> None:
    crawl = json.dumps({"id": "2606.13759", "title": TITLE, "authors": []}) + "\n"
    ai = json.dumps({"id": "2606.13759", "title": "Another Title Entirely", "AI": {}}) + "\n"
    _write(tmp_path, {"data/2026-06-15.jsonl": crawl, "data/2026-06-15_AI_enhanced_Chinese.jsonl": ai})
    digest = _file(tmp_path / "data/2026-06-15.md", "ai-summary", [("2606.13759", TITLE, "cs.CV")])
    found = run_repository_rules([digest], frozenset({"DP603"}), Config())[digest.path]
    assert [d.message.split(":")[0] for d in found] == ["2606.13759"]
    assert "2026-06-15_AI_enhanced_Chinese.jsonl" in found[0].message


def test_sections_sidecar_is_read_as_literals_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _write(tmp_path, {"7-Apr-2025/AI/papers.jsonl": f"__import__('pathlib').Path({str(marker)!r}).touch()\n"})
    digest = _file(tmp_path / "7-Apr-2025/AI/README.md", "sections", [("2504.01089", TITLE, None)])
    found = run_repository_rules([digest], frozenset({"DP603"}), Config())[digest.path]
    assert not marker.exists()
    assert "line 1 is not a Python dict literal" in found[0].message


def test_repository_findings_obey_suppressions_and_per_file_ignores(tmp_path: Path) -> None:
    _write(tmp_path, {"a/2025-04-01/X.md": _day(1), "a/2025-04-02/X.md": _day(1)})
    config = Config(per_file_ignores={"a/2025-04-02/*": ["DP602"]}, root=tmp_path)
    assert _codes(tmp_path, "DP602", config) == []


def test_repository_rules_are_registered_as_their_own_kind() -> None:
    rules = load_rules()
    assert {c: r.kind for c, r in rules.items() if c.startswith("DP6")} == dict.fromkeys(
        ("DP601", "DP602", "DP603"), "repository"
    )
    assert rules["DP601"].family == "repository"


def test_cross_digest_rules_across_formats(tmp_path: Path) -> None:
    """A paper-table row and a badge-list entry of one paper with different titles: DP403;
    an abstract-table abstract and a badge-list abstract with different figures: DP401; the
    tables without an Authors column or abstract never give DP404."""
    table = (
        "## Updated on 2026.03.19\n\n## Reinforcement Learning\n\n|Publish Date|Title|Authors|PDF|Code|\n"
        "|---|---|---|---|---|\n"
        "|**2026-03-17**|**A Different Title Of The Paper**|Mengze Tian et.al.|"
        "[2504.01089](http://arxiv.org/abs/2504.01089)|null|\n"
    )
    abstracts = (
        "# Daily Papers\n\nLast update: 2025-04-03\n\n## MLLM\n"
        "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
        "| **[A Study of Things](https://arxiv.org/abs/2504.01089v1)** | 2025-04-01 | "
        "<details><summary>Show</summary>"
        f"<p>{ABSTRACT.replace('95.2', '59.2')}</p></details> |  |\n"
    )
    _write(
        tmp_path,
        {
            "badge.md": badge_digest([Entry(abstract=ABSTRACT, authors=("Zed Zimmer",))]),
            "table/README.md": table,
            "dailyarxiv/README.md": abstracts,
        },
    )
    found = digestparse.check(tmp_path, select=["DP401", "DP403", "DP404"])
    by_code = sorted((d.code, Path(d.path).relative_to(tmp_path).as_posix()) for d in found)
    # the abstract-table holds no authors: only the paper-table's author list is compared
    assert by_code == [
        ("DP401", "dailyarxiv/README.md"),
        ("DP403", "table/README.md"),
        ("DP404", "table/README.md"),
    ]
