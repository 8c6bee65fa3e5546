"""Fingerprints are normalised only where a comparison needs them (``lint/corpus_index.py``):
a telling written as an earlier one was is found without normalising it, and figures are
computed only for abstracts written differently. These tests make sure the shortcuts hide no
finding: ``check`` over real digests finds exactly what an eager fingerprinting finds, and the
same with worker processes (whose results reach the parent pickled)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import digestparse
from digestparse.lint import runner
from digestparse.lint.corpus_index import MAX_VARIANTS, CorpusIndex, Telling, _key, telling_of
from digestparse.lint.rules import corpus
from digestparse.models import Paper
from digestparse.normalize.figures import Figure, conflicts, figures

from .builders import Entry, badge_digest
from .conftest import SHARED_CORPUS
from .test_linear_time import assert_linear


def _sample() -> list[Path]:
    """Real digests that tell the same papers differently: every cross-digest rule (DP401 to
    DP406) has findings among them."""
    names = ("MLLM.md", "Multimodal_related_papers.md")
    chosen = [p for p in SHARED_CORPUS.rglob("*.md") if p.name in names]
    for family in ("dailyarxiv/jyyang621", "ai-enhanced/stringsli"):
        chosen += (SHARED_CORPUS / family).rglob("*.md")
    return sorted(chosen)


class _EagerIndex(CorpusIndex):
    """The index as it was before laziness: every telling normalised as it arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, tuple[object, ...]]] = set()

    def add(self, arxiv_id: str, telling: Telling) -> bool:
        if len(telling.title.split()) >= 4:  # the titles DP406 compares, as CorpusIndex.add keeps them
            self.titles.setdefault(telling.title_key, (arxiv_id, telling.path, telling.line))
        key = (arxiv_id, telling.identity)
        if key in self.seen:
            return False
        self.seen.add(key)
        known = self.tellings.setdefault(arxiv_id, [])
        if len(known) < MAX_VARIANTS:
            known.append(telling)
        return True


def _eager_conflicts(old: Telling, new: Telling) -> list[tuple[Figure, Figure]]:
    return conflicts(figures(old.abstract), figures(new.abstract))


def _findings(result: runner.CheckResult) -> list[dict[str, object]]:
    return [d.as_dict() for d in result.diagnostics]


def test_lazy_fingerprints_find_what_eager_ones_find(monkeypatch: pytest.MonkeyPatch) -> None:
    files = _sample()
    assert len(files) > 50
    lazy = _findings(runner.run(files, select=["ALL"]))
    with monkeypatch.context() as patched:
        patched.setattr(runner, "CorpusIndex", _EagerIndex)
        patched.setattr(corpus, "figure_conflicts", _eager_conflicts)
        eager = _findings(runner.run(files, select=["ALL"]))
    assert {"DP401", "DP402", "DP403", "DP404", "DP405", "DP406"} <= {d["code"] for d in eager}
    assert lazy == eager
    assert _findings(runner.run(files, select=["ALL"], jobs=2)) == lazy


def _telling(
    abstract: str, title: str = "A Study of Things", authors: tuple[str, ...] = ("Ann Lee",)
) -> Telling:
    paper = Paper(arxiv_id="2501.00001", title=title, authors=list(authors), abstract=abstract, line=1)
    return telling_of(paper, "a.md", 2)


def test_a_telling_written_differently_but_saying_the_same_is_not_new() -> None:
    index = CorpusIndex()
    assert index.add("2501.00001", _telling("We gain 5\\% on  $19.1$ tasks."))
    assert not index.add("2501.00001", _telling("We gain 5\\% on  $19.1$ tasks."))  # written alike
    assert not index.add("2501.00001", _telling("We gain 5% on 19.1 tasks."))  # says the same
    assert not index.add("2501.00001", _telling("We gain 5% on 19.1 tasks.", authors=("Ann  Lee",)))
    assert index.add("2501.00001", _telling("We gain 6% on 19.1 tasks."))
    assert index.add("2501.00001", _telling("We gain 5% on 19.1 tasks.", title="Another Study of Things"))
    assert len(index.earlier("2501.00001")) == 3


def test_figures_are_compared_only_where_abstracts_are_written_differently() -> None:
    old = _telling("We gain 5\\% on 19 tasks.")
    assert corpus.figure_conflicts(old, _telling("We gain 5\\% on 19 tasks.")) == []
    pairs = corpus.figure_conflicts(old, _telling("We gain 7% on 19 tasks."))
    assert [(a.value, b.value) for a, b in pairs] == [("5", "7")]
    message = corpus.compare_figures("2501.00001", _telling("We gain 7% on 19 tasks."), old)
    assert message is not None and "figure 7 here" in message


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_the_ascii_key_is_the_general_one(text: str) -> None:
    """Titles and names in ASCII are keyed by a byte translation, the others by a regex: the
    same key either way."""
    general = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKD", text).casefold())
    assert _key(text, plain=True) == general


def test_one_identifier_told_many_times_with_only_its_abstract_changed() -> None:
    """Tellings that differ only in their abstracts share an outline: each is still compared
    with the earlier ones in linear time (their abstracts' hashes are kept in a set)."""

    def make(n: int) -> digestparse.Digest:
        told = [Entry(abstract=f"We study things and find {i} of them.") for i in range(n)]
        return digestparse.loads(badge_digest(told))

    assert_linear(make, lambda digest: digestparse.check(digest, select=["DP4"]), 100)
