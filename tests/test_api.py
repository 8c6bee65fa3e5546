"""The Python API: reading, editing, writing and converting digests."""

from __future__ import annotations

import datetime
import difflib
import json
from pathlib import Path

import pytest

import digestparse
from digestparse import ArxivId, Paper
from tests.builders import Entry, badge_digest, sections_digest
from tests.conftest import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden"


def _changed_lines(before: str, after: str) -> list[int]:
    """1-based line numbers of ``before`` that differ in ``after``."""
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    changed: list[int] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            changed.extend(range(i1 + 1, max(i2, i1 + 1) + 1))
    return changed


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_fields_match_golden_json(path: Path) -> None:
    """Golden records were checked by eye against the seed text, field by field."""
    golden = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))
    digest = digestparse.load(path)
    got = digest.model_dump(mode="json", exclude={"path", "papers"})
    expected_digest = {k: v for k, v in golden.items() if k != "papers"}
    assert got == expected_digest
    assert len(digest.papers) == len(golden["papers"])
    for paper, expected in zip(digest.papers, golden["papers"], strict=True):
        record = paper.model_dump(mode="json", exclude={"path"})
        for field, value in expected.items():
            assert record[field] == value, (paper.arxiv_id, field)


def test_mojibake_is_repaired_in_values_but_kept_in_bytes() -> None:
    path = next(p for p in SEEDS if p.name.startswith("001"))
    digest = digestparse.load(path)
    assert digest.papers[0].authors[-1] == "Linh Kästner"
    assert digest.title == "🔍 MLLM Papers · 2025-04-20"
    assert any(p.title.startswith("Déjà Vu") for p in digest.papers)
    assert "K√§stner" in digestparse.dumps(digest)


def test_arxiv_id_is_typed_and_versions_are_kept_apart() -> None:
    ident, version = ArxivId.parse("2503.21776v2")
    assert str(ident) == "2503.21776" and version == 2 and ident.year_month == (2025, 3)
    assert ArxivId("hep-th/9901001").is_old_style and ArxivId("0704.0001") == "0704.0001"
    for bad in ("2504.0108", "0612.00001", "2513.00001", "hello", "1501.0001"):
        with pytest.raises(digestparse.InvalidArxivIdError):
            ArxivId(bad)
    text = badge_digest([Entry(link="http://arxiv.org/abs/2504.01089v3")])
    paper = digestparse.loads(text).papers[0]
    assert paper.arxiv_id == "2504.01089" and paper.version == 3
    assert paper.link == "http://arxiv.org/abs/2504.01089v3"


def test_editing_one_field_changes_only_that_entry() -> None:
    path = next(p for p in SEEDS if p.name.startswith("000"))
    before = path.read_text(encoding="utf-8")
    digest = digestparse.load(path)
    target = digest.papers[5]
    target.title = "An Edited Title"
    after = digestparse.dumps(digest)
    changed = _changed_lines(before, after)
    assert changed and all(target.line <= n <= target.end_line for n in changed)
    assert digestparse.loads(after).papers[5].title == "An Edited Title"


def test_editing_a_sections_entry_changes_only_that_entry() -> None:
    path = next(p for p in SEEDS if p.name.startswith("004"))
    before = path.read_text(encoding="utf-8")
    digest = digestparse.load(path)
    digest.papers[2].authors.append("New Author")
    after = digestparse.dumps(digest)
    changed = _changed_lines(before, after)
    assert changed and all(digest.papers[2].line <= n <= digest.papers[2].end_line for n in changed)
    assert digestparse.loads(after).papers[2].authors[-1] == "New Author"


def test_removing_and_adding_papers_keeps_the_badge_true() -> None:
    path = next(p for p in SEEDS if p.name.startswith("000"))
    digest = digestparse.load(path)
    removed = digest.papers.pop(3)
    text = digestparse.dumps(digest)
    again = digestparse.loads(text)
    assert again.badge_count == 18 == len(again.papers) and again.problems == []
    assert removed.arxiv_id not in {p.arxiv_id for p in again.papers}
    again.papers.insert(
        0,
        Paper(
            arxiv_id=ArxivId("2504.09999"),
            title="Brand New",
            authors=["A. B."],
            categories=["cs.CV"],
            abstract="Fresh.",
            link="",
        ),
    )
    third = digestparse.loads(digestparse.dumps(again))
    assert third.badge_count == 19 == len(third.papers)
    assert third.papers[0].arxiv_id == "2504.09999" and third.papers[0].link.endswith("/abs/2504.09999")
    assert [d for d in digestparse.check(third) if d.code == "DP107"] == []


def test_adding_a_paper_to_a_sections_digest() -> None:
    digest = digestparse.loads(sections_digest([Entry()]))
    digest.papers.append(Paper(arxiv_id=ArxivId("2504.02000"), title="Second", authors=["X"], abstract="Y."))
    again = digestparse.loads(digestparse.dumps(digest))
    assert [str(p.arxiv_id) for p in again.papers] == ["2504.01089", "2504.02000"]
    assert again.papers[1].link == "https://arxiv.org/pdf/2504.02000"
    assert again.problems == []


def test_empty_file_is_an_empty_digest() -> None:
    digest = digestparse.loads("", path="csqiandong/21-Aug-2026/topic/LLM_related_papers.md")
    assert digest.papers == [] and digest.format == "sections"
    assert digest.date == datetime.date(2026, 8, 21) and digest.topic == "LLM"
    assert digestparse.dumps(digest) == ""
    assert digestparse.loads("").format is None


@pytest.mark.parametrize(
    "newline,bom,final",
    [("\r\n", False, True), ("\n", True, True), ("\n", False, False), ("\r\n", True, False)],
)
def test_crlf_bom_and_missing_final_newline_round_trip(newline: str, bom: bool, final: bool) -> None:
    text = badge_digest([Entry(), Entry(arxiv_id="2504.02000", title="Two")]).replace("\n", newline)
    if not final:
        text = text.removesuffix(newline)
    if bom:
        text = "\ufeff" + text
    data = text.encode("utf-8")
    digest = digestparse.loads(data)
    assert len(digest.papers) == 2 and digest.papers[1].abstract == "We study things and find 42 of them."
    assert digestparse.dumps(digest).encode("utf-8") == data
    digest.papers[0].title = "Edited"
    edited = digestparse.dumps(digest)
    assert edited.startswith("\ufeff") == bom and edited.count("\r\n") == text.count("\r\n")
    assert edited.endswith(newline) == final


def test_convert_badge_list_to_sections_and_back_keeps_shared_fields() -> None:
    path = next(p for p in SEEDS if p.name.startswith("000"))
    digest = digestparse.load(path)
    there = digestparse.convert(digest, "sections")
    back = digestparse.convert(there.digest, "badge-list")
    for a, b in zip(digest.papers, back.digest.papers, strict=True):
        assert (a.arxiv_id, a.version, a.title, a.abstract, a.link) == (
            b.arxiv_id,
            b.version,
            b.title,
            b.abstract,
            b.link,
        )
        assert a.authors == b.authors
    fields = {loss.field for loss in there.losses}
    assert {"categories", "authors_truncated", "date", "keywords", "badge_count", "topic"} <= fields


def test_convert_sections_to_badge_list_reports_zh_and_line_breaks() -> None:
    digest = digestparse.loads(
        sections_digest([Entry(title_zh="题目", abstract_zh="摘要", abstract="line one\nline two")])
    )
    result = digestparse.convert(digest, "badge-list")
    assert {loss.field for loss in result.losses} == {"title_zh", "abstract_zh", "abstract"}
    assert result.digest.papers[0].abstract == "line one line two"
    with pytest.raises(digestparse.DigestParseError):
        digestparse.convert(digest, "rst")


def test_iter_papers_streams_files_and_folders() -> None:
    papers = list(digestparse.iter_papers([ROOT / "corpus" / "seeds"]))
    assert len(papers) == 19 + 15 + 14
    assert papers[0].path is not None and papers[0].path.endswith("000_a8e9d8248248b9cf.md")


def test_plain_text_and_html_views() -> None:
    paper = digestparse.loads(
        badge_digest(
            [
                Entry(
                    title="CFG-Zero*: Improved $X^{2}$ <think>",
                    abstract="gains of 36.9\\% and $19.1$ &#177; 2",
                )
            ]
        )
    ).papers[0]
    assert paper.plain_title() == "CFG-Zero*: Improved X^2 <think>"
    assert paper.plain_abstract() == "gains of 36.9% and 19.1 ± 2"
    assert "&lt;think&gt;" not in paper.abstract_html() and "36.9%" in paper.abstract_html()


def test_titles_with_brackets_stars_math_and_pipes_parse() -> None:
    titles = [
        "Beyond [cls]: Exploring [the [true] potential]",
        "CFG-Zero*: Improved **bold",
        "$P(y|x)$ | pipes",
        "DeepSeek-R1 Thoughtology: Let's <think> about it",
        "Paper  LoV3D: double space",
        "X$^{2}$-Gaussian (with) )** tricky",
    ]
    digest = digestparse.loads(
        badge_digest([Entry(arxiv_id=f"2504.0{i}000", title=t) for i, t in enumerate(titles)])
    )
    assert [p.title for p in digest.papers] == titles


def test_badge_list_tolerates_a_multi_line_abstract_and_a_missing_author_line() -> None:
    text = badge_digest([Entry(), Entry(arxiv_id="2504.02000", title="Two")])
    text = text.replace("  We study things and find 42 of them.\n", "  First line.\n  Second line.\n", 1)
    text = text.replace("  _Ada Lovelace, Alan Turing_\n", "", 1)
    digest = digestparse.loads(text)
    assert [p.abstract for p in digest.papers] == [
        "First line.\nSecond line.",
        "We study things and find 42 of them.",
    ]
    assert digest.papers[0].authors == [] and [p.code for p in digest.problems] == ["DP105"]
    assert digest.papers[1].line == digest.papers[0].end_line + 2
    assert digestparse.dumps(digest) == text


@pytest.mark.parametrize("glue", ["\n", "\n\n"])
def test_a_sections_entry_that_lost_its_separator_is_split_at_the_next_title(glue: str) -> None:
    first, second = sections_digest([Entry()]), sections_digest([Entry(arxiv_id="2504.02000", title="Two")])
    text = first.removesuffix("\n\n---\n") + glue + second
    digest = digestparse.loads(text)
    assert [str(p.arxiv_id) for p in digest.papers] == ["2504.01089", "2504.02000"]
    assert digest.papers[0].abstract == "We study things and find 42 of them."
    assert [p.code for p in digest.problems] == ["DP102"] and digestparse.dumps(digest) == text
