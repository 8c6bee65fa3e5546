"""Benchmark: the ai-summary reader's MB/s against the badge-list reader's, in one run.

Not part of the test run (a timed test is flaky; a ratio measured in one process is not). Run::

    python tests/benchmarks/bench_ai_summary.py [--corpus ../shared/corpus] [--repeat 5]

(the corpus defaults to ``$DIGESTPARSE_SHARED/corpus``, else ``../shared/corpus``, as in the tests).

It reads the bytes of every manifest row of format D (ai-summary) and of format A
(badge-list) first, then times, best of ``--repeat`` rounds, decoding and reading each file
with its format's reader (``loads`` minus detection, so the two readers are compared and not
the sniffing of five formats), and prints both rates and their ratio (the brief asks for a
ratio of at least 1).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from digestparse import _source  # noqa: E402
from digestparse.formats import badge_list  # noqa: E402
from digestparse.formats.ai_summary import reader as ai_summary  # noqa: E402
from digestparse.models import Digest  # noqa: E402


def files_of(corpus: Path, letter: str) -> list[tuple[str, bytes]]:
    """(path, bytes) of every manifest row of format ``letter``."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["format"] == letter]
    return [(str(corpus / r["relpath"]), (corpus / r["relpath"]).read_bytes()) for r in rows]


def rate(files: list[tuple[str, bytes]], read: Callable[[_source.Source], Digest], repeat: int) -> float:
    """Best MB/s over ``repeat`` rounds of decoding and reading every file."""
    size = sum(len(data) for _path, data in files)
    best = float("inf")
    for _round in range(repeat):
        start = time.perf_counter()
        for path, data in files:
            read(_source.from_bytes(data, path))
        best = min(best, time.perf_counter() - start)
    return size / 1e6 / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    shared = Path(os.environ.get("DIGESTPARSE_SHARED", HERE.parents[3] / "shared"))
    parser.add_argument("--corpus", type=Path, default=shared / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ai_files = files_of(args.corpus, "D")
    badge_files = files_of(args.corpus, "A")
    ai = rate(ai_files, ai_summary.read, args.repeat)
    badge = rate(badge_files, badge_list.read, args.repeat)
    print(f"ai-summary  {len(ai_files):4d} files {ai:8.1f} MB/s")
    print(f"badge-list  {len(badge_files):4d} files {badge:8.1f} MB/s")
    print(f"ratio ai-summary / badge-list: {ai / badge:.2f}")


if __name__ == "__main__":
    main()
