"""Benchmark: the paper-table reader's MB/s on the corpus family C against the badge-list reader's
MB/s on family A, measured in one run (a ratio, not a timed test). Run::

    python tests/benchmarks/bench_paper_table.py [--corpus ../shared/corpus] [--repeat 5]

Bytes are read first; each round decodes (``_source.from_bytes``) and reads every file of the
family with its format's reader, and the best round of ``--repeat`` counts. It prints both MB/s,
papers per second and the ratio (paper-table / badge-list; the target is >= 1).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from digestparse import _source  # noqa: E402
from digestparse.formats import badge_list  # noqa: E402
from digestparse.formats.paper_table import reader as paper_table  # noqa: E402
from digestparse.models import Digest  # noqa: E402


def family(corpus: Path, letter: str) -> list[bytes]:
    """The bytes of every manifest file of format ``letter``."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["format"] == letter]
    return [(corpus / r["relpath"]).read_bytes() for r in rows]


def best(datas: list[bytes], read: Callable[[_source.Source], Digest], repeat: int) -> tuple[float, int]:
    """(best seconds over ``repeat`` rounds, papers read per round)."""
    seconds = float("inf")
    papers = 0
    for _ in range(repeat):
        start = time.perf_counter()
        papers = sum(len(read(_source.from_bytes(data)).papers) for data in datas)
        seconds = min(seconds, time.perf_counter() - start)
    return seconds, papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parents[3] / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = {}
    for name, letter, read in (
        ("badge-list (A)", "A", badge_list.read),
        ("paper-table (C)", "C", paper_table.read),
    ):
        datas = family(args.corpus, letter)
        size = sum(len(d) for d in datas) / 1e6
        seconds, papers = best(datas, read, args.repeat)
        results[letter] = size / seconds
        rate = f"{size / seconds:7.1f} MB/s {papers / seconds:9.0f} papers/s"
        print(f"{name:16} {len(datas):4} files {size:7.2f} MB {rate}")
    print(f"ratio paper-table / badge-list: {results['C'] / results['A']:.2f}")


if __name__ == "__main__":
    main()
