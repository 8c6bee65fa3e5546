"""``dumps(loads(b)) == b`` for every digest we have: the project's corpus, the seeds, and every
real digest of ``../shared/corpus`` when it is there (LibCST's and tomlkit's round-trip test)."""

from __future__ import annotations

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
