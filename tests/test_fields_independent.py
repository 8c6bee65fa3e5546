"""Reader fields agree with an independent extraction for every paper of every digest."""

from __future__ import annotations

from pathlib import Path

import pytest

import digestparse
from tests.conftest import project_digest_files, shared_digest_files
from tests.independent import extract

FIELDS = (
    "arxiv_id",
    "title",
    "link",
    "categories",
    "authors",
    "authors_truncated",
    "abstract",
    "title_zh",
    "abstract_zh",
)


def _compare(path: Path) -> tuple[int, list[str]]:
    text = path.read_bytes().decode("utf-8")
    digest = digestparse.loads(text, path=str(path))
    if digest.format not in ("badge-list", "sections"):  # the formats tests/independent.py knows
        return 0, []
    expected = extract(text, digest.format)
    got = [p.model_dump(mode="json") for p in digest.papers]
    differences = []
    if len(expected) != len(got):
        differences.append(f"{path}: {len(got)} papers, independent extraction {len(expected)}")
    for mine, theirs in zip(got, expected, strict=False):
        for field in FIELDS:
            if mine[field] != theirs[field]:
                differences.append(
                    f"{path}:{mine['line']}: {field}: {mine[field]!r:.80} != {theirs[field]!r:.80}"
                )
    return len(got), differences


def test_every_field_of_every_paper_agrees() -> None:
    files = project_digest_files() + shared_digest_files()
    total = 0
    differences: list[str] = []
    for path in files:
        count, diffs = _compare(path)
        total += count
        differences.extend(diffs)
    assert total > 0
    assert differences == []


@pytest.mark.parametrize("path", project_digest_files()[:3], ids=lambda p: p.name)
def test_seed_papers_are_all_found(path: Path) -> None:
    count, diffs = _compare(path)
    assert count > 0 and diffs == []
