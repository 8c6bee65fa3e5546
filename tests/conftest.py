"""Shared test fixtures: where the corpora are.

The real-digest corpus lives outside the project, in ``../shared/corpus`` (CI has it beside the
checkout); tests that need it read it from there when the folder exists, and never copy it.
``DIGESTPARSE_SHARED`` points elsewhere.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("DIGESTPARSE_SHARED", ROOT.parent / "shared"))
SHARED_CORPUS = SHARED / "corpus"
SEEDS = sorted((PROJECT_CORPUS / "seeds").glob("*.md"))

# ``check`` keeps a cache (``.digestparse_cache`` in the current folder) unless told not to: the
# suite runs without it, so no test writes into the project or reads what another test left,
# and a test that replaces a function of stage 1 sees it called. tests/test_cache.py turns the
# cache on where it tests it; DIGESTPARSE_NO_CACHE=0 runs the whole suite through it.
os.environ.setdefault("DIGESTPARSE_NO_CACHE", "1")


def manifest_rows() -> list[dict[str, str]]:
    """The rows of ``../shared/corpus/MANIFEST.tsv`` (empty when the corpus is absent)."""
    manifest = SHARED_CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def shared_digest_files() -> list[Path]:
    """Every real digest in the shared corpus (index files excluded)."""
    return [SHARED_CORPUS / r["relpath"] for r in manifest_rows() if r["format"] in ("A", "B")]


def shared_index_files() -> list[Path]:
    """The index tables that live beside sections digests and are not digests (format ``other``).

    Rows of the table families (C, D, E) are digests of formats of their own, not index tables.
    """
    return [SHARED_CORPUS / r["relpath"] for r in manifest_rows() if r["format"] == "other"]


def shared_rows_of(*formats: str) -> list[dict[str, str]]:
    """The manifest rows of the given format letters (``"C"``, ``"D"``, ``"E"``, ...)."""
    return [r for r in manifest_rows() if r["format"] in formats]


def project_digest_files() -> list[Path]:
    """The project's own readable digests: seeds and generated ones."""
    return sorted((PROJECT_CORPUS / "seeds").glob("*.md")) + sorted(
        (PROJECT_CORPUS / "generated").rglob("*.md")
    )
