"""Properties over generated digests: round trip, faithful fields, safe failure, conversion."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digestparse
from tests.builders import Entry
from tests.property.strategies import badge_digests, encodings, sections_digests

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fields_match(entry: Entry, paper: digestparse.Paper) -> None:
    assert str(paper.arxiv_id) == entry.arxiv_id
    assert paper.title == entry.title
    assert paper.authors == list(entry.authors)
    assert paper.authors_truncated == entry.truncated
    assert paper.categories == list(entry.categories)
    assert paper.abstract == entry.abstract
    assert paper.title_zh == entry.title_zh and paper.abstract_zh == entry.abstract_zh


@FAST
@given(st.one_of(badge_digests, sections_digests), st.data())
def test_both_formats_round_trip_and_read_every_field(
    generated: tuple[list[Entry], str], data: st.DataObject
) -> None:
    entries, text = generated
    raw = data.draw(encodings(text))
    digest = digestparse.loads(raw)
    assert digestparse.dumps(digest).encode("utf-8") == raw
    assert digest.problems == [] and len(digest.papers) == len(entries)
    for entry, paper in zip(entries, digest.papers, strict=True):
        _fields_match(entry, paper)


@FAST
@given(
    st.one_of(
        st.text(max_size=400),
        st.binary(max_size=400),
        badge_digests.map(lambda g: g[1][: len(g[1]) // 2]),
        sections_digests.map(lambda g: g[1][: len(g[1]) // 3]),
    )
)
def test_any_input_parses_or_raises_a_digestparse_error(data: str | bytes) -> None:
    try:
        digest = digestparse.loads(data)
    except digestparse.DigestParseError as exc:
        assert exc.line is None or exc.line >= 1
        return
    out = digestparse.dumps(digest)
    expected = data if isinstance(data, str) else data.decode("utf-8")
    assert out == expected


@FAST
@given(badge_digests)
def test_badge_list_to_sections_and_back_keeps_shared_fields(generated: tuple[list[Entry], str]) -> None:
    _, text = generated
    digest = digestparse.loads(text)
    back = digestparse.convert(digestparse.convert(digest, "sections").digest, "badge-list").digest
    for a, b in zip(digest.papers, back.papers, strict=True):
        assert (a.arxiv_id, a.version, a.title, a.authors, a.abstract, a.link) == (
            b.arxiv_id,
            b.version,
            b.title,
            b.authors,
            b.abstract,
            b.link,
        )


@FAST
@given(sections_digests)
def test_sections_to_badge_list_and_back_keeps_shared_fields(generated: tuple[list[Entry], str]) -> None:
    _, text = generated
    digest = digestparse.loads(text)
    result = digestparse.convert(digest, "badge-list")
    back = digestparse.convert(result.digest, "sections").digest
    lost = {(loss.arxiv_id, loss.field) for loss in result.losses}
    for a, b in zip(digest.papers, back.papers, strict=True):
        assert (a.arxiv_id, a.title, a.authors, a.link) == (b.arxiv_id, b.title, b.authors, b.link)
        if (str(a.arxiv_id), "abstract") not in lost:
            assert a.abstract == b.abstract
        if a.title_zh is not None:
            assert (str(a.arxiv_id), "title_zh") in lost
