"""Property tests for paper-table: any drawn digest round-trips, reads back every field it
states (by the fast and the general path alike), and survives edits and re-rendering."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digestparse
from digestparse import _source
from digestparse.formats.paper_table import FORMAT, reader
from tests.formats.strategies_paper_table import Row, byte_variants, documents

FEW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _values(paper: digestparse.Paper) -> dict[str, object]:
    return {
        "published": paper.published,
        "title": paper.title,
        "arxiv_id": None if paper.arxiv_id is None else str(paper.arxiv_id),
        "version": paper.version,
        "link": paper.link,
        "authors": paper.authors,
        "authors_truncated": paper.authors_truncated,
        "code_url": paper.code_url,
        "abstract": paper.abstract,
        "abstract_zh": paper.abstract_zh,
        "section": paper.section,
    }


def _expected(row: Row) -> dict[str, object]:
    return dict(vars(row))


@FEW
@given(st.data())
def test_drawn_documents_round_trip_and_read_every_field(data: st.DataObject) -> None:
    text, rows, date = data.draw(documents())
    raw = data.draw(byte_variants(text))
    digest = digestparse.loads(raw)
    assert digest.format == "paper-table"
    assert digestparse.dumps(digest).encode("utf-8") == raw
    assert digest.problems == []
    assert digest.date == date
    assert [_values(p) for p in digest.papers] == [_expected(r) for r in rows]
    general = reader.read(_source.from_bytes(raw), fast=False)
    assert [_values(p) for p in general.papers] == [_values(p) for p in digest.papers]


@FEW
@given(st.data())
def test_an_edit_changes_one_entry_and_reads_back(data: st.DataObject) -> None:
    text, rows, _date = data.draw(documents())
    digest = digestparse.loads(text)
    if not digest.papers:
        return
    index = data.draw(st.integers(0, len(digest.papers) - 1))
    paper = digest.papers[index]
    paper.title = "Edited | title $x$ 中文"
    paper.published = datetime.date(2001, 2, 3)
    paper.version = 4
    before = text.split("\n")
    after = digestparse.dumps(digest).split("\n")
    assert len(before) == len(after)
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True), start=1) if a != b]
    assert changed and set(changed) <= set(range(paper.line, paper.end_line + 1))
    again = digestparse.loads("\n".join(after)).papers[index]
    assert (again.title, again.published, again.version) == (paper.title, paper.published, 4)
    assert [_values(p) for i, p in enumerate(digestparse.loads("\n".join(after)).papers) if i != index] == [
        _expected(r) for i, r in enumerate(rows) if i != index
    ]


@FEW
@given(st.data())
def test_render_document_reads_back_the_same_papers(data: st.DataObject) -> None:
    text, _rows, _date = data.draw(documents())
    digest = digestparse.loads(text)
    rendered = FORMAT.render_document(digest)
    again = digestparse.loads(rendered)
    assert again.format == "paper-table" and digestparse.dumps(again) == rendered
    assert again.date == digest.date
    by_section = sorted(digest.papers, key=lambda p: [s.section for s in digest.papers].index(p.section))
    for one, other in zip(by_section, again.papers, strict=True):
        expected = _values(one)
        got = _values(other)
        expected["section"] = expected["section"] or "Papers"
        assert got == expected
