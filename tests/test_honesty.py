"""Never silent: a file no format reads is refused with a reason true for it, and every arXiv
link of a file that is read ends up in a paper or in a reported problem.

Each case reproduces what a trial on digests of unknown generators found: 0 papers with exit 0
for a file listing dozens (a header ending in "Papers" was taken for badge-list), a paper made
up from a `# Date: …` heading, and `convert` writing a 0-byte file with exit 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import digestparse
from digestparse.cli import main
from tests.builders import Entry, badge_digest, sections_digest

UNKNOWN_TABLE = "# 🔍 Robotics Papers\n\n| # | Paper | Link |\n|---|---|---|\n" + "".join(
    f"| {i} | Paper number {i} | [arXiv](https://arxiv.org/abs/2504.{10000 + i}) |\n" for i in range(50)
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_header_words_alone_never_make_a_digest_of_a_file_with_papers() -> None:
    with pytest.raises(digestparse.NotADigestError) as info:
        digestparse.loads(UNKNOWN_TABLE, path="papers.md")
    message = str(info.value)
    assert "50 arXiv link(s) from line 5 on" in message and "no entry of a known format" in message
    assert info.value.line == 5


def test_a_near_miss_names_its_line_and_what_it_lacks() -> None:
    text = "# 🔍 MLLM Papers · 2025-04-02\n\n" + "".join(
        f"- **[Paper {i}](https://arxiv.org/abs/2504.0100{i})**\n  by someone\n\n" for i in range(3)
    )
    with pytest.raises(
        digestparse.NotADigestError, match=r"line 3 looks like a badge-list entry but has no `arXiv:` tag"
    ):
        digestparse.loads(text)


def test_no_paper_is_made_from_a_title_without_a_link() -> None:
    real = sections_digest([Entry()])
    text = "# Date: 2025-01-02 \n\nSome words.\n\n---\n\n" + real
    digest = digestparse.loads(text)
    assert [p.title for p in digest.papers] == ["A Study of Things"]
    assert any(p.code == "DP101" and p.line == 1 for p in digest.problems)
    assert digestparse.dumps(digest) == text


def test_furniture_without_entries_is_an_empty_digest_not_a_refusal() -> None:
    text = badge_digest([])
    digest = digestparse.loads(text)
    assert digest.format == "badge-list" and digest.papers == [] and digest.problems == []


def test_every_arxiv_link_outside_an_entry_is_a_problem() -> None:
    text = badge_digest([Entry()]) + "\n* also worth reading: https://arxiv.org/abs/2504.00595\n"
    digest = digestparse.loads(text)
    assert len(digest.papers) == 1
    unread = [p for p in digest.problems if p.code == "DP111"]
    assert [(p.line, p.col) for p in unread] == [(len(text.split("\n")) - 1, 31)]
    assert digestparse.dumps(digest) == text


def test_check_reports_the_unread_link(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(badge_digest([Entry()]) + "\nhttps://arxiv.org/abs/2504.00595\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--isolated", str(path))
    assert code == 1 and "DP111" in out


def test_load_and_parse_agree_on_a_refused_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "papers.md"
    path.write_text(UNKNOWN_TABLE, encoding="utf-8")
    with pytest.raises(digestparse.NotADigestError):
        digestparse.load(path)
    code, out, err = run(capsys, "parse", str(path))
    assert code == 2 and out == "" and "no entry of a known format" in err


def test_convert_never_writes_an_empty_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    refused = tmp_path / "papers.md"
    refused.write_text(UNKNOWN_TABLE, encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_text(badge_digest([]), encoding="utf-8")
    out_path = tmp_path / "out.md"
    out_path.write_text("precious\n", encoding="utf-8")
    for source in (refused, empty):
        code, out, err = run(capsys, "convert", str(source), "--to", "sections", "-o", str(out_path))
        assert code == 2 and out == "" and err
        assert out_path.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.md", "out.md", "papers.md"]


def test_an_empty_file_takes_its_format_from_a_generator_file_name() -> None:
    assert digestparse.loads(b"", path="repo/.github/ISSUE_TEMPLATE.md").format == "abstract-table"
    assert digestparse.loads(b"", path="repo/DailyPapers.md").format == "abstract-table"
    assert digestparse.loads(b"", path="repo/README.md").format is None
