"""Records survive copying and editing: each defect found by using the records as a tool author
would is reproduced here (issue: records, typed seams and speed)."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import digestparse
from digestparse import Paper
from tests.builders import Entry, badge_digest, sections_digest
from tests.conftest import SEEDS

SEED_001 = next(p for p in SEEDS if p.name.startswith("001"))
TWO = [Entry(), Entry(arxiv_id="2504.00595", title="Another Study")]


@pytest.mark.parametrize(
    "copier",
    [
        copy.deepcopy,
        lambda d: d.model_copy(deep=True),
        lambda d: pickle.loads(pickle.dumps(d)),
    ],
    ids=["deepcopy", "model_copy", "pickle"],
)
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_copies_write_back_byte_for_byte(copier: object, path: Path) -> None:
    data = path.read_bytes()
    digest = digestparse.load(path)
    copied = copier(digest)  # type: ignore[operator]
    assert digestparse.dumps(copied).encode("utf-8") == data
    first = copied.papers[0]
    first.title = "Edited"
    before, after = data.decode("utf-8").split("\n"), digestparse.dumps(copied).split("\n")
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True), start=1) if a != b]
    assert changed and all(first.line <= n <= first.end_line for n in changed)  # only its entry


def test_format_is_frozen() -> None:
    digest = digestparse.load(SEED_001)
    with pytest.raises(ValidationError):
        digest.format = "sections"


def test_check_sees_the_digest_as_it_is_now() -> None:
    digest = digestparse.load(SEED_001)
    before = [d for d in digestparse.check(digest) if d.code == "DP301"]
    in_entries = [d for d in before if any(p.line <= d.line <= p.end_line for p in digest.papers)]
    assert in_entries
    digest.papers.clear()
    after = [d for d in digestparse.check(digest) if d.code == "DP301"]
    assert len(after) == len(before) - len(in_entries)
    fresh = digestparse.loads(badge_digest(TWO))
    fresh.papers[0].abstract = "A bell \x07 rings."
    assert any(d.code == "DP302" for d in digestparse.check(fresh))


@pytest.mark.parametrize("item", ["a string", None])
def test_appending_a_non_paper_is_an_error_naming_it(item: object) -> None:
    digest = digestparse.loads(badge_digest(TWO))
    digest.papers.append(item)  # type: ignore[arg-type]
    with pytest.raises(digestparse.DigestParseError, match=r"papers\[2\] is a"):
        digestparse.dumps(digest)


def test_the_same_paper_twice_is_written_twice() -> None:
    digest = digestparse.loads(badge_digest(TWO))
    digest.papers.append(digest.papers[0])
    back = digestparse.loads(digestparse.dumps(digest))
    assert [str(p.arxiv_id) for p in back.papers] == ["2504.01089", "2504.00595", "2504.01089"]


def test_a_digest_without_format_does_not_write_its_papers_as_nothing() -> None:
    digest = digestparse.Digest(format=None, papers=[Paper(arxiv_id=None, title="x")])
    with pytest.raises(digestparse.DigestParseError, match="no format"):
        digestparse.dumps(digest)


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", "A\n\n---\n# Injected"),
        ("abstract", "Text.\n\n---\n# X\n\n**Authors**: Y"),
        ("version", 3),
        ("arxiv_id", "2504.99999"),
        ("authors_truncated", True),
        ("authors", ["Smith, John"]),
        ("categories", ["cs.CV"]),
    ],
)
def test_sections_edits_that_cannot_be_written_are_refused(field: str, value: object) -> None:
    digest = digestparse.loads(sections_digest(TWO))
    setattr(digest.papers[0], field, value)
    with pytest.raises(digestparse.UnrepresentableError, match=field):
        digestparse.dumps(digest)


def test_badge_list_category_with_a_backtick_is_refused() -> None:
    digest = digestparse.loads(badge_digest(TWO))
    digest.papers[0].categories = ["cs`CV"]
    with pytest.raises(digestparse.UnrepresentableError, match="categories"):
        digestparse.dumps(digest)


_TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]) | st.sampled_from("\n*`|[]()#-_$\\"),
    max_size=40,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from(["badge-list", "sections"]),
    st.sampled_from(["title", "abstract", "authors", "categories", "title_zh", "abstract_zh"]),
    _TEXT,
)
def test_every_edit_dumps_accepts_reads_back(fmt: str, field: str, text: str) -> None:
    source = badge_digest(TWO) if fmt == "badge-list" else sections_digest(TWO)
    digest = digestparse.loads(source)
    value: object = [text] if field in ("authors", "categories") else text
    try:
        setattr(digest.papers[0], field, value)
        written = digestparse.dumps(digest)
    except (digestparse.DigestParseError, ValidationError):
        return
    back = digestparse.loads(written).papers[0]
    assert getattr(back, field) == getattr(digest.papers[0], field)


# ------------------------------------------------------------------ cheap retained records


def test_a_read_entry_keeps_offsets_into_the_shared_text_not_a_copy() -> None:
    """Every entry of a digest slices the one text it was read from (no copy per entry), and
    the slices are the exact lines the entry was read from."""
    from digestparse.formats.layout import layout_of

    data = SEED_001.read_text(encoding="utf-8")
    digest = digestparse.loads(data)
    layout = layout_of(digest)
    assert layout is not None
    lines = data.split("\n")
    texts = {id(source._text) for source in layout.sources}
    assert len(texts) == 1 and len(layout.sources) == len(digest.papers) > 5
    for source in layout.sources:
        expected = "\n".join(lines[source.line - 1 : source.end_line]) + "\n"
        assert source.raw == expected


def test_retained_records_give_the_collector_little_to_rescan() -> None:
    """The snapshot a layout keeps per entry holds only built-in immutable values, so the
    garbage collector stops tracking it; the records share one fields-set, and an edit or a
    copy still behaves as pydantic documents."""
    import gc

    from digestparse.formats.layout import layout_of

    digest = digestparse.load(SEED_001)
    layout = layout_of(digest)
    assert layout is not None
    gc.collect()
    gc.collect()  # the first untracks the inner tuples (authors, categories), the second the outer
    assert not any(gc.is_tracked(source.snapshot) for source in layout.sources)
    first, second = digest.papers[0], digest.papers[1]
    assert first.model_fields_set is second.model_fields_set == set(Paper.model_fields)
    first.title = "Edited"
    assert second.title != "Edited" and second.model_fields_set == set(Paper.model_fields)
    copied = first.model_copy(update={"title": "Copied"})
    assert copied.model_fields_set is not first.model_fields_set
    assert copy.deepcopy(first).model_fields_set is not first.model_fields_set
