"""``dumps(loads(b)) == b`` for every digest we have: the project's corpus, the seeds, and every
real digest of ``../shared/corpus`` when it is there (LibCST's and tomlkit's round-trip test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import digestparse
from tests.conftest import (
    SHARED_CORPUS,
    manifest_rows,
    project_digest_files,
    shared_digest_files,
    shared_index_files,
)

FILES = project_digest_files() + shared_digest_files()


def _id(path: Path) -> str:
    return "/".join(path.parts[-3:])


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_round_trip_is_byte_identical(path: Path) -> None:
    data = path.read_bytes()
    digest = digestparse.loads(data, path=str(path))
    assert digestparse.dumps(digest).encode("utf-8") == data


@pytest.mark.parametrize("path", shared_index_files(), ids=_id)
def test_index_tables_are_rejected_with_their_path(path: Path) -> None:
    with pytest.raises(digestparse.NotADigestError) as info:
        digestparse.load(path)
    assert str(path) in str(info.value)
    assert info.value.line == 1


def test_entry_counts_match_the_manifest() -> None:
    rows = [r for r in manifest_rows() if r["format"] in ("A", "B")]
    if not rows:
        pytest.skip("../shared/corpus is not present")
    wrong = []
    for row in rows:
        digest = digestparse.load(SHARED_CORPUS / row["relpath"])
        if len(digest.papers) != int(row["entries"]):
            wrong.append((row["relpath"], len(digest.papers), row["entries"]))
    assert wrong == []


def test_format_of_every_file_matches_the_manifest() -> None:
    expected = {"A": "badge-list", "B": "sections"}
    rows = [r for r in manifest_rows() if r["format"] in expected]
    if not rows:
        pytest.skip("../shared/corpus is not present")
    wrong = [
        r["relpath"]
        for r in rows
        if digestparse.load(SHARED_CORPUS / r["relpath"]).format != expected[r["format"]]
    ]
    assert wrong == []


# An entry of the table and AI-summary families that links no arXiv paper (a DOI, DVCon, IEEE
# or Semantic Scholar row of a multi-source fork) is the generator's text, not a paper: the
# manifest counts it as an entry, digestparse keeps it byte for byte as text. Found here by a
# plain pattern over the entry heads and rows, independent of the readers.
_ENTRY_URL = {
    "D": re.compile(r"### (?:\[\d+\] )?\[.*\]\((?P<url>[^)]*)\)"),
    "E": re.compile(r"\|.*?\*\*\[.*?\]\((?P<url>[^)]*)\)\*\*"),
}


def test_every_manifest_entry_is_a_paper_a_problem_or_a_non_arxiv_entry() -> None:
    rows = [r for r in manifest_rows() if r["format"] in ("A", "B", "C", "D", "E")]
    if not rows:
        pytest.skip("../shared/corpus is not present")
    wrong = []
    for row in rows:
        text = (SHARED_CORPUS / row["relpath"]).read_text(encoding="utf-8")
        digest = digestparse.loads(text, path=str(SHARED_CORPUS / row["relpath"]))
        pattern = _ENTRY_URL.get(row["format"])
        elsewhere = 0
        if pattern is not None:
            for line in text.split("\n"):
                match = pattern.match(line)
                if match and match["url"] and "arxiv.org" not in match["url"].lower():
                    elsewhere += 1
        broken = sum(1 for p in digest.problems if p.code == "DP101")
        if len(digest.papers) + elsewhere + broken != int(row["entries"]):
            wrong.append((row["relpath"], row["entries"], len(digest.papers), elsewhere, broken))
    assert wrong == []
