"""The paper-table format (cv-arxiv-daily tables) against the real corpus and its JSON sidecars.

Every file of family C in ``../shared/corpus`` is read, written back byte for byte (also as
BOM, CRLF and no-final-newline copies), counted against the manifest, and its papers compared
field by field with the generator's own JSON sidecar (see ``paper_table_sidecar.py``).
"""

from __future__ import annotations

import collections
import datetime
import difflib
from pathlib import Path

import pytest

import digestparse
from digestparse import _source
from digestparse.formats.paper_table import FORMAT, reader
from digestparse.formats.paper_table.sniff import sniff
from digestparse.formats.paper_table.style import RowStyle
from digestparse.models import Paper
from tests.conftest import SEEDS, SHARED_CORPUS, manifest_rows, shared_rows_of
from tests.formats.paper_table_sidecar import SidecarRow, load_rows, sidecar_path

ROWS = shared_rows_of("C")
needs_corpus = pytest.mark.skipif(not ROWS, reason="../shared/corpus is not present")


def _id(row: dict[str, str]) -> str:
    return row["relpath"].removeprefix("cv-daily/")


def _load(row: dict[str, str]) -> tuple[bytes, digestparse.Digest]:
    path = SHARED_CORPUS / row["relpath"]
    data = path.read_bytes()
    return data, digestparse.loads(data, path=str(path))


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_corpus_file_reads_as_paper_table_and_round_trips(row: dict[str, str]) -> None:
    data, digest = _load(row)
    assert digest.format == "paper-table"
    assert len(digest.papers) == int(row["entries"])
    assert digest.problems == []
    assert digestparse.dumps(digest).encode("utf-8") == data


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_corpus_file_round_trips_with_bom_crlf_and_no_final_newline(row: dict[str, str]) -> None:
    data = (SHARED_CORPUS / row["relpath"]).read_bytes()
    variants = {
        "bom": b"\xef\xbb\xbf" + data,
        "crlf": data.replace(b"\n", b"\r\n"),
        "no-final-newline": data.rstrip(b"\n"),
    }
    expected = int(row["entries"])
    for name, variant in variants.items():
        digest = digestparse.loads(variant)
        assert digest.format == "paper-table", name
        assert len(digest.papers) == expected, name
        assert digestparse.dumps(digest).encode("utf-8") == variant, name


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_every_arxiv_link_in_an_entry_position_is_a_paper_or_a_problem(row: dict[str, str]) -> None:
    data, digest = _load(row)
    entry_lines = [
        number
        for number, line in enumerate(data.decode("utf-8").split("\n"), start=1)
        if (line.startswith("|**") or line.startswith("- **")) and "arxiv.org/" in line
    ]
    told = {paper.line for paper in digest.papers} | {problem.line for problem in digest.problems}
    assert [n for n in entry_lines if n not in told] == []
    assert all(paper.arxiv_id is not None and paper.link for paper in digest.papers)


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_fast_rows_read_as_the_general_cut_reads_them(row: dict[str, str]) -> None:
    source = _source.from_bytes((SHARED_CORPUS / row["relpath"]).read_bytes())
    fast, general = reader.read(source), reader.read(source, fast=False)
    assert [p.model_dump() for p in fast.papers] == [p.model_dump() for p in general.papers]
    assert fast.problems == general.problems
    fast_layout, general_layout = fast._layout, general._layout
    assert fast_layout is not None and general_layout is not None
    for one, other in zip(fast.papers, general.papers, strict=True):
        a, b = fast_layout.source_of(one), general_layout.source_of(other)
        assert a is not None and b is not None
        assert (a.raw, a.facts, a.spans) == (b.raw, b.facts, b.spans)


@needs_corpus
def test_the_fast_path_reads_nearly_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generator's own rows are read in runs, one regex match each (the reader's hot path):
    only rows of other column sets or with odd cells are cut cell by cell (240 of 31,166)."""
    cut: list[str] = []
    general_row = reader._Reader._row

    def counting(self: reader._Reader, index: int, line: str) -> None:
        cut.append(line)
        general_row(self, index, line)

    monkeypatch.setattr(reader._Reader, "_row", counting)
    papers = sum(len(_load(row)[1].papers) for row in ROWS)
    assert papers > 30000
    assert len(cut) < papers // 50, cut[:3]


@needs_corpus
def test_variants_give_their_fields() -> None:
    by_path = {r["relpath"]: r for r in ROWS}

    def first(relpath: str) -> tuple[digestparse.Digest, Paper]:
        digest = _load(by_path["cv-daily/" + relpath])[1]
        return digest, digest.papers[0]

    digest, paper = first("monologg/2023-01-18_5d149a2/docs/index.md")  # front matter, versioned
    assert digest.date == datetime.date(2023, 1, 18)
    assert (paper.arxiv_id, paper.version, paper.section) == ("2301.07095", 1, "NLP")
    assert paper.authors == ["Dennis Aumiller"] and paper.authors_truncated
    assert paper.published == datetime.date(2023, 1, 17) and paper.code_url is None
    old = [p for p in digest.papers if p.arxiv_id == "quant-ph/0606220"]
    assert old and old[0].version == 2
    digest, paper = first("hujiaming11/2026-05-06_dd1b37c/docs/index.md")  # 摘要 with <think>
    assert paper.abstract_zh is not None and paper.abstract_zh.startswith("<think> 好的")
    assert paper.abstract == "" and paper.version is None
    assert any(p.abstract_zh is None for p in digest.papers)  # rows that leave the cell out
    digest, paper = first("badlooop/2025-09-25_5682f59/README.md")  # Abstract replaces Authors
    assert paper.authors == [] and not paper.authors_truncated
    assert paper.abstract.startswith("基础模型") and not paper.abstract.endswith("et.al.")
    digest, paper = first("badlooop/2026-01-24_4b878c6/README.md")  # list items
    assert paper.abstract.startswith("摄像机控制") and paper.section == "Video Diffusion"
    assert paper.published == datetime.date(2026, 1, 22) and (paper.line, paper.end_line) == (20, 21)
    digest, paper = first("guanr98/2024-09-08_8ba0d90/README.md")  # bold Abstract column
    assert paper.abstract.startswith("Despite substantial") and not paper.abstract.startswith("**")
    assert paper.code_url == "https://github.com/zhangr2021/Multiagent_poetry"
    digest, paper = first("jawatech/2022-03-25_73a6c1e/README.md")  # ### topics, deployment date
    assert digest.title == "arxiv-daily" and digest.date == datetime.date(2022, 3, 25)
    assert paper.section == "Visual Localization"
    digest, paper = first("ultraclr/2025-10-14_c5696fd/README.md")  # custom title, keywords
    assert digest.title == "Talking-Face Research Papers" and digest.date == datetime.date(2025, 10, 14)
    assert digest.keywords[:2] == ["Talking Face", "Talking Head"]
    digest, paper = first("len-li/2025-09-03_1b43f8d/README.md")  # `Updated on` without `## `
    assert digest.date == datetime.date(2025, 9, 3)
    assert paper.link == "http://arxiv.org/pdf/2508.21736.pdf" and paper.arxiv_id == "2508.21736"
    digest, _ = first("monologg/2026-04-26_143eaa7/docs/archive-web/2018-01.md")  # no header row
    assert digest.papers[0].link == "http://arxiv.org/abs/1801.01582v2"


@needs_corpus
@pytest.mark.parametrize(
    "relpath",
    ["jawatech/2023-10-17_627d9ee/docs/Robotics/VO.md", "jawatech/2024-07-11_3619989/docs/AI/Medical.md"],
)
def test_header_without_rows_is_an_empty_paper_table_digest(relpath: str) -> None:
    digest = digestparse.load(SHARED_CORPUS / "cv-daily" / relpath)
    assert digest.format == "paper-table"
    assert digest.papers == [] and digest.problems == []


@needs_corpus
def test_no_file_of_another_family_looks_like_paper_table() -> None:
    claimed = []
    for row in manifest_rows():
        if row["format"] == "C":
            continue
        try:
            source = _source.from_bytes((SHARED_CORPUS / row["relpath"]).read_bytes())
        except digestparse.DigestParseError:
            continue
        if sniff(source) is not None:
            claimed.append(row["relpath"])
    assert claimed == []


# --------------------------------------------------------------------------- the sidecars

FIELDS = ("title", "authors", "authors_truncated", "published", "arxiv_id", "version", "link", "code_url")


def _expected(paper: Paper, row: SidecarRow, variant: str) -> dict[str, object]:
    """What the sidecar row says each field is, given the table's columns (manifest variant)."""
    del paper
    values: dict[str, object] = {name: getattr(row, name) for name in FIELDS}
    if row.third_is_abstract:
        values["abstract"] = row.abstract
    elif "|Code|Abstract" in variant:
        sixth = row.sixth or ""
        values["abstract"] = sixth[2:-2] if len(sixth) >= 4 and sixth[:2] == sixth[-2:] == "**" else sixth
    elif "|Code|摘要" in variant:
        values["abstract_zh"] = row.sixth.strip() if row.sixth is not None else None
    return values


def compare_with_sidecars() -> tuple[int, collections.Counter[str], collections.Counter[str], list[str]]:
    """(papers compared, agreements per field, fields compared, disagreements) over the corpus."""
    compared = 0
    agree: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    disagreements: list[str] = []
    for row in ROWS:
        path = SHARED_CORPUS / row["relpath"]
        sidecar = sidecar_path(path, row["notes"])
        if sidecar is None:
            continue
        third_is_abstract = "|Title|Abstract|" in row["variant"]
        rows = load_rows(sidecar, third_is_abstract)
        for paper in digestparse.load(path).papers:
            candidates = [
                c
                for c in rows.get((paper.section or "", str(paper.arxiv_id)), [])
                if isinstance(c, SidecarRow)
            ]
            if len(candidates) > 1:
                candidates = [c for c in candidates if c.version == paper.version] or candidates
            if not candidates:
                disagreements.append(f"{row['relpath']}:{paper.line}: no sidecar row")
                continue
            compared += 1
            for name, value in _expected(paper, candidates[0], row["variant"]).items():
                seen[name] += 1
                actual = getattr(paper, name)
                if (str(actual) if name == "arxiv_id" else actual) == value:
                    agree[name] += 1
                else:
                    disagreements.append(f"{row['relpath']}:{paper.line}: {name} {actual!r} != {value!r}")
    return compared, agree, seen, disagreements


@needs_corpus
def test_fields_agree_with_the_generators_json_sidecar() -> None:
    compared, agree, seen, disagreements = compare_with_sidecars()
    sidecar_papers = sum(
        int(r["entries"]) for r in ROWS if sidecar_path(SHARED_CORPUS / r["relpath"], r["notes"]) is not None
    )
    assert compared == sidecar_papers  # every paper of a file with a sidecar found its row
    for name in (*FIELDS, "abstract", "abstract_zh"):
        assert seen[name] > 0, name
        assert agree[name] / seen[name] >= 0.999, (name, agree[name], seen[name], disagreements[:5])


# --------------------------------------------------------------------------- edits


def _changed_lines(before: str, after: str) -> list[int]:
    """1-based numbers of the lines of ``before`` that an edit replaced or removed."""
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    changed: list[int] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            changed.extend(range(i1 + 1, max(i2, i1 + 1) + 1))
    return changed


EDITS: dict[str, object] = {
    "title": "An Edited Title with | a bar and $x^2$",
    "authors": ["Ada Lovelace", "Alan Turing"],
    "authors_truncated": False,
    "published": datetime.date(2001, 2, 3),
    "version": 7,
    "code_url": "https://github.com/example/edited",
    "abstract": "An edited abstract.",
    "abstract_zh": "编辑后的摘要",
}

EDIT_FILES = [
    "monologg/2023-01-18_5d149a2/docs/index.md",
    "hujiaming11/2026-05-06_dd1b37c/docs/index.md",
    "badlooop/2025-09-25_5682f59/README.md",
    "badlooop/2026-01-24_4b878c6/README.md",
    "guanr98/2024-09-08_8ba0d90/README.md",
    "jawatech/2026-03-17_658aa7d/docs/AI/Medical.md",
    "len-li/2025-09-03_1b43f8d/README.md",
    "monologg/2026-04-26_143eaa7/docs/archive-web/2018-01.md",
]


def _writable(digest: digestparse.Digest, paper: Paper, field: str) -> bool:
    """Whether the entry's table (or list item) has a place for ``field``."""
    layout = digest._layout
    source = layout.source_of(paper) if layout is not None else None
    style = source.facts.style if source is not None else None
    columns = style.columns if isinstance(style, RowStyle) else ("abstract",)
    needs = {"authors": "authors", "authors_truncated": "authors", "code_url": "code"}
    needs.update(abstract="abstract", abstract_zh="abstract_zh")
    return field not in needs or needs[field] in columns


@needs_corpus
@pytest.mark.parametrize("relpath", EDIT_FILES)
@pytest.mark.parametrize("field", list(EDITS))
def test_an_edit_changes_only_its_own_entry_and_reads_back(relpath: str, field: str) -> None:
    path = SHARED_CORPUS / "cv-daily" / relpath
    text = path.read_text(encoding="utf-8")
    digest = digestparse.loads(text)
    paper = digest.papers[len(digest.papers) // 2]
    writable = _writable(digest, paper, field)
    same = getattr(paper, field) == EDITS[field]
    setattr(paper, field, EDITS[field])
    if same:
        assert digestparse.dumps(digest) == text
        return
    if not writable:  # a value for a column the table does not have: refused, never dropped
        with pytest.raises(digestparse.UnrepresentableError, match=field):
            digestparse.dumps(digest)
        return
    written = digestparse.dumps(digest)
    changed = _changed_lines(text, written)
    assert changed and set(changed) <= set(range(paper.line, paper.end_line + 1))
    again = digestparse.loads(written).papers[len(digest.papers) // 2]
    assert getattr(again, field) == EDITS[field]
    assert again.arxiv_id == paper.arxiv_id


@needs_corpus
def test_removing_and_adding_papers_touches_only_their_rows() -> None:
    path = SHARED_CORPUS / "cv-daily/hujiaming11/2026-03-19_d8f0859/README.md"
    text = path.read_text(encoding="utf-8")
    digest = digestparse.loads(text)
    removed = digest.papers.pop(3)
    written = digestparse.dumps(digest)
    assert _changed_lines(text, written) == [removed.line]
    new = Paper(
        arxiv_id="2601.00001",
        title="A New Paper",
        authors=["New Author"],
        authors_truncated=True,
        link="http://arxiv.org/abs/2601.00001",
        published=datetime.date(2026, 1, 1),
    )
    digest.papers.insert(3, new)
    again = digestparse.dumps(digest)
    lines = again.split("\n")
    assert lines[removed.line - 1] == (
        "|**2026-01-01**|**A New Paper**|New Author et.al.|[2601.00001](http://arxiv.org/abs/2601.00001)|null|"
    )
    assert len(lines) == len(text.split("\n"))
    reread = digestparse.loads(again)
    assert reread.papers[3].title == "A New Paper" and reread.papers[3].section == removed.section


@needs_corpus
def test_a_new_row_takes_its_tables_columns() -> None:
    path = SHARED_CORPUS / "cv-daily/hujiaming11/2026-05-06_dd1b37c/docs/index.md"
    digest = digestparse.load(path)
    new = Paper(
        arxiv_id="2601.00002", title="T", abstract_zh="摘要文本", link="http://arxiv.org/abs/2601.00002"
    )
    digest.papers.insert(1, new)
    reread = digestparse.loads(digestparse.dumps(digest))
    assert reread.papers[1].abstract_zh == "摘要文本" and reread.papers[1].code_url is None


@needs_corpus
def test_editing_the_date_changes_only_the_updated_line() -> None:
    path = SHARED_CORPUS / "cv-daily/ultraclr/2025-10-14_3c0ffb8/README.md"
    text = path.read_text(encoding="utf-8")
    digest = digestparse.loads(text)
    digest.date = datetime.date(2030, 12, 31)
    written = digestparse.dumps(digest)
    assert _changed_lines(text, written) == [2]
    assert written.split("\n")[1] == "### Automatically Updated on 2030.12.31"


@needs_corpus
def test_papers_added_to_an_empty_table_go_into_it() -> None:
    path = SHARED_CORPUS / "cv-daily/jawatech/2024-07-11_3619989/docs/AI/Medical.md"
    digest = digestparse.load(path)
    digest.papers.append(
        Paper(arxiv_id="2601.00003", title="Into the Table", link="http://arxiv.org/abs/2601.00003")
    )
    written = digestparse.dumps(digest)
    lines = written.split("\n")
    assert lines[4].startswith("|****|**Into the Table**|")
    reread = digestparse.loads(written)
    assert [p.title for p in reread.papers] == ["Into the Table"] and reread.papers[0].section == "Medical"


def test_papers_added_to_a_digest_without_a_table_get_one() -> None:
    text = "## Updated on 2026.01.01\n> Usage instructions: [here](./docs/README.md#usage)\n"
    digest = digestparse.loads(text)
    assert digest.format == "paper-table" and digest.papers == []
    digest.papers.append(
        Paper(
            arxiv_id="2601.00004", title="Tabled", section="New Topic", link="http://arxiv.org/abs/2601.00004"
        )
    )
    written = digestparse.dumps(digest)
    assert written.startswith(text + "\n## New Topic\n\n|Publish Date|Title|Authors|PDF|Code|\n")
    reread = digestparse.loads(written)
    assert [(p.title, p.section) for p in reread.papers] == [("Tabled", "New Topic")]


@needs_corpus
def test_a_new_list_item_goes_after_its_predecessor_with_a_blank_line() -> None:
    path = SHARED_CORPUS / "cv-daily/badlooop/2026-01-24_4b878c6/README.md"
    text = path.read_text(encoding="utf-8")
    digest = digestparse.loads(text)
    first = digest.papers[0]
    new = Paper(
        arxiv_id="2601.00005",
        title="Listed",
        abstract="摘要",
        link="http://arxiv.org/abs/2601.00005",
        published=datetime.date(2026, 1, 23),
    )
    digest.papers.insert(1, new)
    written = digestparse.dumps(digest).split("\n")
    assert written[first.end_line : first.end_line + 4] == [
        "",
        "- **2026-01-23** **Listed** [2601.00005](http://arxiv.org/abs/2601.00005)",
        "  > 摘要",
        "",
    ]
    reread = digestparse.loads("\n".join(written))
    assert len(reread.papers) == len(digest.papers) and reread.papers[1].abstract == "摘要"
    assert [p.title for p in reread.papers[2:]] == [p.title for p in digest.papers[2:]]


@needs_corpus
def test_clearing_the_title_removes_only_its_line() -> None:
    path = SHARED_CORPUS / "cv-daily/jawatech/2022-03-25_73a6c1e/README.md"
    text = path.read_text(encoding="utf-8")
    digest = digestparse.loads(text)
    digest.title = None
    assert digestparse.dumps(digest) == text.split("\n", 1)[1]


# --------------------------------------------------------------------------- honesty

HEADER = "## Topic\n\n|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n"
GOOD = "|**2026-01-02**|**Good**|A et.al.|[2601.00010](http://arxiv.org/abs/2601.00010)|null|\n"


def test_a_broken_row_with_an_arxiv_link_is_a_problem_and_kept() -> None:
    broken = "|**2026-01-02**|**No close|A et.al.|[2601.00011](http://arxiv.org/abs/2601.00011)|null|\n"
    text = HEADER + GOOD + broken + GOOD.replace("2601.00010", "2601.00012")
    digest = digestparse.loads(text)
    assert [p.arxiv_id for p in digest.papers] == ["2601.00010", "2601.00012"]
    assert [(p.code, p.line) for p in digest.problems] == [("DP101", 6)]
    assert digestparse.dumps(digest) == text


def test_a_non_arxiv_row_is_trivia_without_a_problem() -> None:
    doi = "|**1970-01-01**|**A DOI paper**|B et.al.|[10.1000/x](https://doi.org/10.1000/x)|null|\n"
    text = HEADER + GOOD + doi
    digest = digestparse.loads(text)
    assert [p.arxiv_id for p in digest.papers] == ["2601.00010"] and digest.problems == []
    assert digestparse.dumps(digest) == text


def test_a_file_of_near_entries_is_refused_with_the_line() -> None:
    text = HEADER + "|**2026-01-02**|**Never closed|A|[2601.00011](http://arxiv.org/abs/2601.00011)|null|\n"
    with pytest.raises(digestparse.NotADigestError) as info:
        digestparse.loads(text, path="near.md")
    assert info.value.line == 5
    assert "looks like a paper-table row but its title has no closing `**|`" in str(info.value)


def test_row_cells_keep_bars_in_titles_and_abstracts() -> None:
    header = "## T\n\n|Publish Date|Title|Authors|PDF|Code|Abstract|\n|---|---|---|---|---|---|\n"
    row = (
        "|**2026-01-02**|**A | B**|X et.al.|[2601.00010v2](http://arxiv.org/abs/2601.00010v2)"
        "|[code](https://g.io/x)|p | q|\n"
    )
    paper = digestparse.loads(header + row).papers[0]
    assert (paper.title, paper.abstract, paper.version) == ("A | B", "p | q", 2)
    assert paper.code_url == "https://g.io/x"


def test_invalid_date_cell_is_reported_and_the_paper_kept() -> None:
    digest = digestparse.loads(HEADER + GOOD.replace("2026-01-02", "2026-13-45"))
    assert digest.papers[0].published is None
    assert [p.code for p in digest.problems] == ["DP103"]


# --------------------------------------------------------------------------- writing and converting


def test_render_document_reads_back() -> None:
    papers = [
        Paper(
            arxiv_id="2601.00020",
            version=2,
            title="First $x$",
            authors=["A", "B"],
            link="https://arxiv.org/abs/2601.00020v2",
            section="Topic One",
            published=datetime.date(2026, 1, 5),
            code_url="https://github.com/a/b",
            abstract="Line one\nline two | bar",
            abstract_zh="中文 | 摘要",
        ),
        Paper(
            arxiv_id="2601.00021", title="Second", authors=["C"], authors_truncated=True, section="Topic Two"
        ),
    ]
    digest = digestparse.Digest(format="paper-table", date=datetime.date(2026, 1, 6), papers=papers)
    text = FORMAT.render_document(digest)
    assert text.startswith("## Updated on 2026.01.06\n")
    reread = digestparse.loads(text)
    assert reread.format == "paper-table" and reread.date == datetime.date(2026, 1, 6)
    first, second = reread.papers
    assert (first.title, first.version, first.code_url, first.section) == (
        "First $x$",
        2,
        "https://github.com/a/b",
        "Topic One",
    )
    assert first.abstract == "Line one line two | bar" and first.abstract_zh == "中文 | 摘要"
    assert first.authors == ["A", "B"] and not first.authors_truncated
    assert (
        second.authors == ["C"]
        and second.authors_truncated
        and second.link == "http://arxiv.org/abs/2601.00021"
    )
    assert digestparse.dumps(reread) == text


def test_empty_document_is_an_empty_paper_table_digest() -> None:
    text = FORMAT.render_document(digestparse.Digest(format="paper-table"))
    digest = digestparse.loads(text)
    assert digest.format == "paper-table" and digest.papers == []


@pytest.mark.parametrize("seed", SEEDS[:2], ids=lambda p: Path(p).name)
def test_convert_into_paper_table_and_back(seed: Path) -> None:
    source = digestparse.load(seed)
    converted = digestparse.convert(source, "paper-table")
    assert converted.digest.format == "paper-table"
    assert [p.arxiv_id for p in converted.digest.papers] == [p.arxiv_id for p in source.papers]
    assert [p.title for p in converted.digest.papers] == [" ".join(p.title.split()) for p in source.papers]
    assert [p.authors for p in converted.digest.papers] == [p.authors for p in source.papers]
    lost = {loss.field for loss in converted.losses}
    if any(p.categories for p in source.papers):
        assert "categories" in lost
    back = digestparse.convert(converted.digest, source.format or "badge-list")
    assert [p.arxiv_id for p in back.digest.papers] == [p.arxiv_id for p in source.papers]


@needs_corpus
@pytest.mark.parametrize("target", ["badge-list", "sections"])
def test_convert_out_of_paper_table_reports_losses(target: str) -> None:
    path = SHARED_CORPUS / "cv-daily/guanr98/2024-09-08_8ba0d90/README.md"
    source = digestparse.load(path)
    converted = digestparse.convert(source, target)
    lost = {loss.field for loss in converted.losses}
    assert {"published", "code_url"} <= lost
    if target == "sections":
        assert {"authors_truncated", "date"} <= lost
    assert [p.arxiv_id for p in converted.digest.papers] == [p.arxiv_id for p in source.papers]
    back = digestparse.convert(converted.digest, "paper-table")
    assert [p.arxiv_id for p in back.digest.papers] == [p.arxiv_id for p in source.papers]


# --------------------------------------------------------------------------- linear time

_ROW_LINK = "|[2601.00010](http://arxiv.org/abs/2601.00010)|null|"
ADVERSARIAL = {
    "stars in a title": lambda n: HEADER + f"|**2026-01-02**|**{'*' * n}**|A et.al.{_ROW_LINK}\n",
    "bars in a title": lambda n: HEADER + f"|**2026-01-02**|**{'|' * n}**|A et.al.{_ROW_LINK}\n",
    "bars in a 摘要 cell": lambda n: (
        "## T\n\n|Publish Date|Title|Authors|PDF|Code|摘要|\n|---|---|---|---|---|---|\n"
        + f"|**2026-01-02**|**T**|A et.al.{_ROW_LINK}{'|' * n}|\n"
    ),
    "closing marks in a bold Abstract before 摘要": lambda n: (
        "## T\n\n|Publish Date|Title|Authors|PDF|Code|Abstract|摘要|\n|---|---|---|---|---|---|---|\n"
        + f"|**2026-01-02**|**T**|A et.al.{_ROW_LINK}**{'*|' * (n // 2)}|x|\n"
    ),
    "a header of many free columns, then rows": lambda n: (
        "## T\n\n|Publish Date|Title|"
        + "Abstract|" * (n // 18)
        + "\n"
        + f"|**2026-01-02**|**T**|a|b{_ROW_LINK}\n" * (n // 120)
    ),
    "many short broken rows": lambda n: "|**\n" * (n // 4),
    "many list heads": lambda n: "- **2026-01-02** **x\n" * (n // 21),
    "one row of many cells": lambda n: (
        HEADER + f"|**2026-01-02**|**T**|A et.al.{_ROW_LINK}" + "x|" * (n // 2) + "\n"
    ),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_rows_read_in_linear_time(name: str) -> None:
    """4x the input at most 5x the time (CPU time, best of alternating runs: the measure every
    linear-time test uses, which a loaded machine does not fail)."""
    from tests.test_linear_time import assert_linear

    def round_trip(text: str) -> None:
        try:
            digest = digestparse.loads(text)
        except digestparse.DigestParseError:
            return
        assert digestparse.dumps(digest) == text

    assert_linear(ADVERSARIAL[name], round_trip, 5_000)
