"""Benchmark: the ai-summary reader's MB/s against the badge-list reader's, in one run.

Not part of the test run (a timed test is flaky; a ratio measured in one process is not). Run::

    python tests/benchmarks/bench_ai_summary.py [--corpus ../shared/corpus] [--repeat 5]

(the corpus defaults to ``$DIGESTPARSE_SHARED/corpus``, else ``../shared/corpus``, as in the tests).

It reads the bytes of every manifest row of format D (ai-summary) and of format A
(badge-list) first, then times, best of ``--repeat`` rounds alternating the two, decoding and
reading each file with its format's reader (``loads`` minus detection, so the two readers are
compared and not the sniffing of every format), and the reader alone on decoded text, and prints
the rates and their ratios (the brief asks for at least 1). On a busy machine the ratio moves by
±0.1 between runs: repeat it.
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


def seconds(files: list[tuple[str, bytes]], read: Callable[[_source.Source], Digest], decode: bool) -> float:
    """One round over every file: decoding and reading, or reading already decoded text."""
    sources = None if decode else [_source.from_bytes(data, path) for path, data in files]
    start = time.perf_counter()
    if sources is None:
        for path, data in files:
            read(_source.from_bytes(data, path))
    else:
        for source in sources:
            read(source)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    shared = Path(os.environ.get("DIGESTPARSE_SHARED", HERE.parents[3] / "shared"))
    parser.add_argument("--corpus", type=Path, default=shared / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ai_files = files_of(args.corpus, "D")
    badge_files = files_of(args.corpus, "A")
    ai_size = sum(len(data) for _path, data in ai_files) / 1e6
    badge_size = sum(len(data) for _path, data in badge_files) / 1e6
    for decode in (True, False):
        ai = badge = float("inf")
        for _round in range(args.repeat):
            ai = min(ai, seconds(ai_files, ai_summary.read, decode))
            badge = min(badge, seconds(badge_files, badge_list.read, decode))
        what = "decode + read" if decode else "read        "
        print(
            f"{what}  ai-summary {len(ai_files)} files {ai_size / ai:6.1f} MB/s, "
            f"badge-list {len(badge_files)} files {badge_size / badge:6.1f} MB/s, "
            f"ratio {badge / ai * ai_size / badge_size:.2f}"
        )


if __name__ == "__main__":
    main()
