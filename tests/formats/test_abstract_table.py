"""The abstract-table format (zezhishao/DailyArXiv and forks).

Over the whole E family of ``../shared/corpus``: every file is detected as abstract-table, reads
the papers the manifest counts, writes back byte for byte (also as BOM, CRLF and no-final-newline
copies), puts every arXiv row in a paper or a problem, and agrees field by field with an
independent extraction (``tests/independent_abstract_table.py``). Then the variants the corpus
does not show (KiMi, Directions, Abstract_CN columns, DOI rows, …) as small fixtures, edits,
additions and removals, refusals, conversion and generated digests.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digestparse
from digestparse.arxiv import ArxivId
from digestparse.convert import convert
from tests.conftest import SEEDS, SHARED_CORPUS, shared_rows_of
from tests.formats.strategies_abstract_table import Generated, abstract_table_digests, encodings
from tests.independent_abstract_table import extract

E_ROWS = shared_rows_of("E")
E_FILES = [SHARED_CORPUS / row["relpath"] for row in E_ROWS]
needs_corpus = pytest.mark.skipif(not E_ROWS, reason="../shared/corpus is not present")
FORMAT = "abstract-table"
COMPARED = ("title", "arxiv_id", "version", "link", "published", "abstract", "comment")
# The manifest counts a row without its closing `|` as broken; its five cells are all there
# (GFM does not need the closing pipe), so the reader reads it as the paper it is.
READ_DESPITE_MANIFEST = {"dailyarxiv/asmendeus/2026-07-23_853ec07/DailyPapers.md": 1}
FIXTURES = Path(__file__).parent / "fixtures" / "abstract_table"
_ARXIV_ROW = re.compile(r"\]\(https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/")


def _id(path: Path) -> str:
    return str(path.relative_to(SHARED_CORPUS)) if path.is_relative_to(SHARED_CORPUS) else path.name


@cache
def _load(path: Path) -> digestparse.Digest:
    return digestparse.load(path)


# ---------------------------------------------------------------------------------------------
# The corpus family


@needs_corpus
@pytest.mark.parametrize("path", E_FILES, ids=_id)
def test_corpus_file_round_trips_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    digest = digestparse.loads(data, path=str(path))
    assert digest.format == FORMAT
    assert digestparse.dumps(digest).encode("utf-8") == data


@needs_corpus
@pytest.mark.parametrize("path", E_FILES, ids=_id)
def test_bom_crlf_and_missing_final_newline_copies_round_trip(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    expected = len(_load(path).papers)
    for variant in ("\ufeff" + text, text.replace("\n", "\r\n"), text.rstrip("\n")):
        digest = digestparse.loads(variant.encode("utf-8"), path=str(path))
        assert digest.format == FORMAT
        assert digestparse.dumps(digest) == variant
        assert len(digest.papers) == expected


@needs_corpus
def test_paper_counts_match_the_manifest() -> None:
    wrong = []
    for row in E_ROWS:
        broken = re.search(r"broken-row x(\d+)", row["notes"])
        expected = int(row["entries"]) - (int(broken[1]) if broken else 0)
        expected += READ_DESPITE_MANIFEST.get(row["relpath"], 0)
        got = len(_load(SHARED_CORPUS / row["relpath"]).papers)
        if got != expected:
            wrong.append((row["relpath"], got, expected))
    assert wrong == []


@needs_corpus
def test_every_arxiv_row_is_a_paper_or_a_problem_and_no_other_row_is_a_paper() -> None:
    unaccounted: list[tuple[str, int]] = []
    not_arxiv: list[tuple[str, int]] = []
    rows = 0
    for path in E_FILES:
        digest = _load(path)
        papers = {p.line for p in digest.papers}
        problems = {p.line for p in digest.problems}
        lines = path.read_text(encoding="utf-8").split("\n")
        arxiv_rows = {
            i + 1 for i, line in enumerate(lines) if line.startswith("|") and _ARXIV_ROW.search(line)
        }
        rows += len(arxiv_rows)
        unaccounted += [(path.name, n) for n in sorted(arxiv_rows - papers - problems)]
        not_arxiv += [(path.name, n) for n in sorted(papers - arxiv_rows)]
    assert rows > 4000
    assert unaccounted == [] and not_arxiv == []


@needs_corpus
def test_fields_agree_with_the_independent_extraction() -> None:
    """Every compared field of every paper of every E file (the numbers are in the report)."""
    agree: Counter[str] = Counter()
    differences: list[str] = []
    compared = 0
    for path in E_FILES:
        text = path.read_bytes().decode("utf-8")
        mine = {p.line: p for p in digestparse.loads(text, path=str(path)).papers}
        theirs = {p["line"]: p for p in extract(text)}
        if set(mine) != set(theirs):
            differences.append(f"{_id(path)}: rows {sorted(set(mine) ^ set(theirs))[:5]}")
        for line in sorted(set(mine) & set(theirs)):
            compared += 1
            for field in COMPARED:
                got = getattr(mine[line], field)
                got = str(got) if isinstance(got, ArxivId) else got
                if got == theirs[line][field]:
                    agree[field] += 1
                else:
                    differences.append(
                        f"{_id(path)}:{line}: {field}: {got!r:.60} != {theirs[line][field]!r:.60}"
                    )
    assert compared == sum(len(_load(p).papers) for p in E_FILES) > 4000
    for field in COMPARED:
        assert agree[field] / compared >= 0.999, field
    assert differences == []


@needs_corpus
def test_fast_path_and_general_path_read_every_row_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's fast path (the generator's own rows) gives what the general path gives."""
    from digestparse.formats.abstract_table import row

    def read_all() -> list[tuple[object, ...]]:
        out: list[tuple[object, ...]] = []
        for path in E_FILES:
            digest = digestparse.loads(path.read_bytes(), path=str(path))
            layout = digest._layout
            assert layout is not None
            for paper in digest.papers:
                source = layout.source_of(paper)
                assert source is not None
                out.append((paper.model_dump(), source.raw, source.snapshot, source.facts, source.spans))
            out.append(tuple(digest.problems))
        return out

    fast = read_all()
    monkeypatch.setattr(row, "fast_row", lambda *args: False)
    general = read_all()
    assert len(fast) > 4000 and fast == general


@needs_corpus
def test_furniture_only_files_are_empty_digests_of_the_format() -> None:
    empty = [SHARED_CORPUS / r["relpath"] for r in E_ROWS if r["variant"].endswith("norows")]
    assert len(empty) == 6
    for path in empty:
        digest = _load(path)
        assert (digest.format, digest.papers, digest.problems) == (FORMAT, [], [])


@needs_corpus
def test_corpus_variants_read_their_fields() -> None:
    base = SHARED_CORPUS / "dailyarxiv"
    summary = _load(base / "mensriwq/2026-05-10_5f104b4/README.md")
    assert summary.papers[0].tldr is not None and summary.papers[0].tldr.startswith("1. **")
    assert "\n" in summary.papers[0].tldr and "<br>" not in summary.papers[0].tldr
    unsummarized = next(p for p in summary.papers if p.title == "Scaling Coding Agents via Atomic Skills")
    assert unsummarized.tldr is None and unsummarized.abstract == ""
    tags = _load(base / "mensriwq/2026-05-10_5f104b4/.github/ISSUE_TEMPLATE.md").papers
    assert (tags[0].authors, tags[0].authors_truncated, tags[0].categories) == (
        ["Zainab Rehan"],
        True,
        ["cs.LO", "cs.AI"],
    )
    bilingual = _load(base / "northsi/2026-08-20_ce6217c/README.md").papers[0]
    assert bilingual.abstract.startswith("The superconducting diode effect")
    assert bilingual.abstract_zh is not None and bilingual.abstract_zh.startswith("超导二极管效应")
    assert bilingual.section == "NbSe2" and bilingual.published == datetime.date(2026, 8, 4)
    doa = _load(base / "hengxt/2026-02-08_5d458ef/README.md")
    assert (doa.title, doa.topic, doa.date) == (
        "Daily Papers - DoA Estimation",
        "DoA Estimation",
        datetime.date(2026, 2, 9),
    )
    issue = _load(base / "xh-g/2026-07-08_978711c/.github/ISSUE_TEMPLATE.md")
    assert (issue.title, issue.date) == ("Latest 15 Papers - July 09, 2026", datetime.date(2026, 7, 9))
    folded = issue.papers[0]
    assert folded.comment == "14 pages, 7 figures. Project website: https://lift3dvla.github.io/"
    assert folded.abstract == "" and folded.version == 1 and folded.section == "VLA"
    pipes = next(
        p
        for p in _load(base / "jyyang621/2025-01-30_77cd464/.github/ISSUE_TEMPLATE.md").papers
        if "Y|X" in p.title
    )
    assert pipes.title == "LLM Embeddings Improve Test-time Adaptation to Tabular $Y|X$-Shifts"
    assert pipes.published == datetime.date(2024, 10, 9)
    empty_links = _load(base / "i11box/2025-05-05_ae7bfbe/.github/ISSUE_TEMPLATE.md")
    assert [(p.code, p.line) for p in empty_links.problems] == [("DP101", 8), ("DP101", 13), ("DP101", 18)]


# ---------------------------------------------------------------------------------------------
# Variants as fixtures

README = (FIXTURES / "readme.md").read_text(encoding="utf-8")


def _changed_lines(before: str, after: str) -> list[int]:
    a, b = before.split("\n"), after.split("\n")
    assert len(a) == len(b)
    return [i + 1 for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def test_fixture_reads_pipes_fewer_cells_pdf_links_and_sections() -> None:
    digest = digestparse.loads(README)
    assert digest.problems == []
    first, second, third, fourth = digest.papers
    assert (first.title, first.abstract, first.comment, first.version) == (
        "First | Paper",
        "We use a | b.",
        "8 pages",
        2,
    )
    assert (second.arxiv_id, second.version, second.comment) == ("2504.00002", None, "Accepted at X | Y 2025")
    assert (third.comment, third.published, third.section) == (None, datetime.date(2025, 4, 18), "RAG")
    assert (fourth.section, fourth.line, fourth.end_line) == ("LLM", 19, 19)
    assert (
        digest.date == datetime.date(2025, 4, 21) and digest.title == "Daily Papers" and digest.topic is None
    )


def test_sections_come_from_keyword_headings_not_from_source_subheadings() -> None:
    table = "| **Title** | **Date** | **Comment** |\n| --- | --- | --- |\n"
    row = "| **[T{n}](https://arxiv.org/abs/2504.0000{n}v1)** | 2025-04-20 |  |\n"
    text = (
        f"## C#\n{table}{row.format(n=1)}\n## UVM ##\n### arXiv\n{table}{row.format(n=2)}\n"
        f"## 📄 Paper Details\n\n### NbSe2\n\n{table}{row.format(n=3)}"
    )
    digest = digestparse.loads(text)
    assert [p.section for p in digest.papers] == ["C#", "UVM", "NbSe2"]
    assert digestparse.dumps(digest) == text


def test_editing_a_paper_changes_only_its_row_and_reads_back() -> None:
    digest = digestparse.loads(README)
    paper = digest.papers[1]
    paper.title = "Second, renamed"
    paper.comment = "A comment longer than twenty characters"
    paper.published = datetime.date(2025, 1, 2)
    text = digestparse.dumps(digest)
    assert _changed_lines(README, text) == [paper.line]
    assert (
        "<details><summary>A com...</summary><p>A comment longer than twenty characters</p></details> |"
        in text
    )
    again = digestparse.loads(text).papers[1]
    assert (again.title, again.comment, again.published) == (paper.title, paper.comment, paper.published)
    assert again.link == "https://arxiv.org/pdf/2504.00002"


def test_adding_papers_goes_to_the_section_table_or_a_new_block() -> None:
    digest = digestparse.loads(README)
    rag = digestparse.Paper(
        arxiv_id="2504.00009", version=1, title="New RAG", section="RAG", abstract="Nine."
    )
    fresh = digestparse.Paper(arxiv_id="2504.00010", title="Elsewhere", section="Brand New", comment="short")
    digest.papers.extend([rag, fresh])
    text = digestparse.dumps(digest)
    assert text.startswith(README.split("\n## Agent")[0].rsplit("\n", 1)[0])  # RAG rows kept
    lines = text.split("\n")
    assert lines[11] == (
        "| **[New RAG](https://arxiv.org/abs/2504.00009v1)** |  | "
        "<details><summary>Show</summary><p>Nine.</p></details> |  |"
    )
    assert (
        "\n## Brand New\n| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
        in text
    )
    reread = digestparse.loads(text)
    assert [(str(p.arxiv_id), p.section) for p in reread.papers] == [
        ("2504.00001", "RAG"),
        ("2504.00002", "RAG"),
        ("2504.00003", "RAG"),
        ("2504.00009", "RAG"),
        ("2504.00004", "LLM"),
        ("2504.00010", "Brand New"),
    ]
    assert reread.problems == []


def test_removing_a_paper_removes_only_its_row() -> None:
    digest = digestparse.loads(README)
    removed = digest.papers.pop(1)
    text = digestparse.dumps(digest)
    assert text == README.replace(README.split("\n")[removed.line - 1] + "\n", "")


def test_header_edits_change_only_their_line() -> None:
    digest = digestparse.loads(README)
    digest.date = datetime.date(2026, 1, 2)
    assert _changed_lines(README, digestparse.dumps(digest)) == [4]
    digest.topic = "Retrieval"
    text = digestparse.dumps(digest)
    assert text.startswith("# Daily Papers - Retrieval\n") and _changed_lines(README, text) == [1, 4]
    issue = digestparse.loads(ISSUE)
    issue.date = datetime.date(2026, 3, 4)
    text = digestparse.dumps(issue)
    assert _changed_lines(ISSUE, text) == [2] and "title: Latest 15 Papers - March 04, 2026\n" in text


ISSUE = (FIXTURES / "issue.md").read_text(encoding="utf-8")


def test_issue_template_tags_authors_and_non_arxiv_rows() -> None:
    digest = digestparse.loads(ISSUE)
    assert (digest.title, digest.date) == ("Latest 15 Papers - February 11, 2025", datetime.date(2025, 2, 11))
    assert digest.problems == [] and len(digest.papers) == 1  # DOI and PDF rows are trivia
    paper = digest.papers[0]
    assert (paper.authors, paper.authors_truncated) == (["Ada Lovelace"], True)
    assert paper.categories == ["cs.LG", "cs.AI"]  # I.2.7 is an ACM class, not an arXiv category
    assert paper.comment == "5 pages | 3 figs" and paper.abstract == ""
    paper.categories = ["cs.LG"]
    text = digestparse.dumps(digest)
    assert _changed_lines(ISSUE, text) == [10]
    assert "| <details><summary>cs.LG...</summary><p>cs.LG, I.2.7</p></details> |" in text


FORK_COLUMNS = (FIXTURES / "fork_columns.md").read_text(encoding="utf-8")


def test_fork_columns_kimi_directions_abstract_cn_and_ai_summary() -> None:
    digest = digestparse.loads(FORK_COLUMNS)
    assert digest.problems == []
    q, r = digest.papers
    assert (q.abstract, q.abstract_zh, q.tldr, q.section) == (
        "Qubits.",
        "量子比特。",
        "Line one.\nLine two.",
        "Quantum",
    )
    assert (r.abstract_zh, r.tldr, r.published) == ("门。", None, datetime.date(2025, 4, 29))
    q.tldr = "Only one line now.\nAnd two."
    r.title = "R renamed"
    text = digestparse.dumps(digest)
    assert _changed_lines(FORK_COLUMNS, text) == [14, 15]
    lines = text.split("\n")
    assert lines[13].endswith(
        "| [papers-cool](https://papers.cool/arxiv/2505.00001) | hardware | "
        "<details><summary>Show Summary</summary>Only one line now.<br>And two.</details> |"
    )
    assert lines[14].startswith("| 2 | **[R renamed](https://arxiv.org/abs/2505.00002v1)** |")
    assert lines[14].endswith(
        "| 门。 | 2025-04-29 | [papers-cool](https://papers.cool/arxiv/2505.00002) |  | Not yet summarized |"
    )
    added = digestparse.Paper(arxiv_id="2505.00003", title="S", section="Quantum")
    digest.papers.append(added)
    assert (
        digestparse.dumps(digest)
        .split("\n")[15]
        .startswith("| 3 | **[S](https://arxiv.org/abs/2505.00003)** |")
    )


def test_rows_that_should_be_papers_but_cannot_be_read_are_problems() -> None:
    text = README.replace("(https://arxiv.org/abs/2504.00003v1)", "(https://arxiv.org/list/cs.AI/recent)")
    text = text.replace("| 2025-04-17 |", "| yesterday |")
    text += "\n| **[Stray](https://arxiv.org/abs/2504.00011v1)** | 2025-04-16 |\n"
    digest = digestparse.loads(text)
    assert [(p.code, p.line) for p in digest.problems] == [("DP101", 11), ("DP103", 19), ("DP101", 21)]
    assert [str(p.arxiv_id) for p in digest.papers] == ["2504.00001", "2504.00002", "2504.00004"]
    assert digest.papers[-1].published is None
    assert digestparse.dumps(digest) == text


def test_a_row_with_no_table_is_refused_with_its_line() -> None:
    text = "# Notes\n\n| **[Stray](https://arxiv.org/abs/2504.00011v1)** | 2025-04-16 |\n"
    with pytest.raises(digestparse.NotADigestError) as info:
        digestparse.loads(text, path="notes.md")
    assert info.value.line == 3
    assert "abstract-table row but has no `| **Title** | **Date** |` table header" in str(info.value)


def test_header_only_table_and_front_matter_are_empty_digests() -> None:
    header_only = "## RAG\n| **Title** | **Date** | **Comment** |\n| --- | --- | --- |\n"
    front = "---\ntitle: Latest 15 Papers - May 05, 2025\nlabels: documentation\n---\n## RAG\n"
    for text in (header_only, front, "# Daily Papers\n\n## RAG\n"):
        digest = digestparse.loads(text)
        assert (digest.format, digest.papers, digest.problems) == (FORMAT, [], [])
        assert digestparse.dumps(digest) == text
    digest = digestparse.loads(front)
    digest.papers.append(digestparse.Paper(arxiv_id="2505.00001", title="Now one", section="RAG"))
    assert digestparse.dumps(digest) == front + (
        "\n## RAG\n| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
        "| **[Now one](https://arxiv.org/abs/2505.00001)** |  | "
        "<details><summary>Show</summary><p></p></details> |  |\n\n"
    )


def test_gb18030_file_is_refused_with_line_and_byte_offset() -> None:
    text = "# Daily Papers\nLast update: 2025-02-28\n\n## 量子\n| **Title** | **Date** | **Comment** |\n"
    data = text.encode("gb18030")
    with pytest.raises(digestparse.InvalidEncodingError) as info:
        digestparse.loads(data, path="README.md")
    offset = len("# Daily Papers\nLast update: 2025-02-28\n\n## ".encode("ascii"))
    assert (info.value.line, info.value.byte_offset, info.value.path) == (4, offset, "README.md")


def test_zero_byte_readme_is_decided_by_its_path() -> None:
    """detect.format_from_path decides 0-byte files; a README.md path names no format."""
    digest = digestparse.loads(b"", path="DailyArXiv/README.md")
    assert (digest.format, digest.papers) == (None, [])
    assert digestparse.dumps(digest) == ""


# ---------------------------------------------------------------------------------------------
# Conversion


@pytest.mark.parametrize("seed", SEEDS[:2], ids=lambda p: p.name)
def test_conversion_from_the_seeds_and_back(seed: Path) -> None:
    source = digestparse.load(seed)
    there = convert(source, FORMAT)
    assert there.digest.format == FORMAT and there.digest.problems == []
    assert [(p.arxiv_id, p.version, p.title, p.link) for p in there.digest.papers] == [
        (p.arxiv_id, p.version, p.title, p.link.replace("/pdf/", "/abs/", 1)) for p in source.papers
    ]
    assert [p.abstract for p in there.digest.papers] == [
        " ".join(p.abstract.split("\n")) for p in source.papers
    ]
    assert [p.authors for p in there.digest.papers] == [p.authors for p in source.papers]
    if source.format == "badge-list":
        assert [p.categories for p in there.digest.papers] == [p.categories for p in source.papers]
        assert {loss.field for loss in there.losses} <= {"badge_count", "keywords", "filter", "trivia"}
    back = convert(there.digest, source.format or "")
    assert [p.arxiv_id for p in back.digest.papers] == [p.arxiv_id for p in source.papers]


def test_conversion_out_of_abstract_table_reports_what_is_lost() -> None:
    digest = digestparse.loads(FORK_COLUMNS)
    to_badge = convert(digest, "badge-list")
    fields = {loss.field for loss in to_badge.losses}
    assert {"published", "abstract_zh", "tldr"} <= fields
    assert [p.abstract for p in to_badge.digest.papers] == ["Qubits.", "Gates."]
    to_sections = convert(digestparse.loads(ISSUE), "sections")
    assert {"published", "comment", "categories"} <= {loss.field for loss in to_sections.losses}


def test_an_empty_digest_converts_into_a_readable_empty_readme() -> None:
    header_only = digestparse.load(Path(__file__).parents[2] / "corpus" / "invalid" / "header_only.md")
    converted = convert(header_only, FORMAT)
    assert converted.text.startswith("# Daily Papers - MLLM\n")
    assert "\nLast update: 2025-04-02\n" in converted.text
    digest = converted.digest
    assert (digest.format, digest.papers, digest.topic, digest.date) == (
        FORMAT,
        [],
        "MLLM",
        datetime.date(2025, 4, 2),
    )


# ---------------------------------------------------------------------------------------------
# Generated digests

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(abstract_table_digests(), st.data())
def test_generated_digests_round_trip_and_read_every_field(generated: Generated, data: st.DataObject) -> None:
    raw = data.draw(encodings(generated.text))
    digest = digestparse.loads(raw)
    assert digestparse.dumps(digest).encode("utf-8") == raw
    assert digest.format == FORMAT and digest.problems == []
    assert len(digest.papers) == len(generated.papers)
    for want, paper in zip(generated.papers, digest.papers, strict=True):
        got = {name: getattr(paper, name) for name in vars(want)}
        got["arxiv_id"] = str(paper.arxiv_id)
        assert got == vars(want)


@FAST
@given(abstract_table_digests(), st.data())
def test_an_edited_generated_paper_changes_one_line_and_reads_back(
    generated: Generated, data: st.DataObject
) -> None:
    digest = digestparse.loads(generated.text)
    if not digest.papers:
        return
    paper = data.draw(st.sampled_from(digest.papers))
    paper.title = data.draw(st.sampled_from(["Edited | title", "中文 $x|y$", "[cls] token"]))
    paper.comment = data.draw(st.sampled_from([None, "short", "a comment that needs folding | twice"]))
    lines = generated.text.split("\n")
    header = next(
        (
            lines[i]
            for i in range(paper.line - 2, -1, -1)
            if lines[i + 1].replace(" ", "").startswith(("|---", "|:-"))
        ),
        "",
    )
    has_comment_column = "**Comment**" in header
    if paper.comment is not None and not has_comment_column:
        # a table without a Comment column cannot hold one: refused, never dropped silently
        with pytest.raises(digestparse.UnrepresentableError, match="comment"):
            digestparse.dumps(digest)
        return
    text = digestparse.dumps(digest)
    assert _changed_lines(generated.text, text) == [paper.line]
    again = next(p for p in digestparse.loads(text).papers if p.line == paper.line)
    assert (again.title, again.arxiv_id, again.published) == (paper.title, paper.arxiv_id, paper.published)


@FAST
@given(abstract_table_digests(), st.integers(0, 4000), st.binary(max_size=8))
def test_cut_or_garbled_digests_read_or_refuse_cleanly(generated: Generated, cut: int, junk: bytes) -> None:
    data = generated.text.encode("utf-8")[:cut] + junk
    try:
        digest = digestparse.loads(data)
    except digestparse.DigestParseError as exc:
        assert exc.line is None or exc.line >= 1
        return
    assert digestparse.dumps(digest).encode("utf-8") == data


@pytest.mark.parametrize(
    "filler",
    [" | ", "</details> | <details><summary>", ")** | **[", "](", "<br>"],
    ids=["separators", "details", "titles", "links", "breaks"],
)
def test_reading_is_linear_in_hostile_rows(filler: str) -> None:
    """A row packed with the tokens the splitter looks for costs 4x when it is 4x longer
    (ratio test: <= 5x allowed; best of five runs each, small absolute sizes)."""

    def digest(copies: int) -> str:
        row = (
            "| **[T](https://arxiv.org/abs/2504.00001v1)** | 2025-04-20 | <details><summary>Show</summary><p>"
        )
        rows = [row + filler * copies + "</p></details> | " + filler * copies + " |\n" for _ in range(4)]
        return (
            "## RAG\n| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
            + "".join(rows)
        )

    from tests.test_linear_time import assert_linear

    assert len(digestparse.loads(digest(2_000)).papers) == 4
    assert_linear(digest, digestparse.loads, 500)
