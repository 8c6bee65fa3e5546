"""Benchmark: the paper-table reader's MB/s on the corpus family C against the badge-list reader's
MB/s on family A, measured in one run (a ratio, not a timed test). Run::

    python tests/benchmarks/bench_paper_table.py [--corpus ../shared/corpus] [--repeat 5]

Bytes are read first; each round decodes (``_source.from_bytes``) and reads every file of the
family with its format's reader; the two families' rounds alternate and the best round of
``--repeat`` counts for each. It prints both MB/s,
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


def one_round(datas: list[bytes], read: Callable[[_source.Source], Digest]) -> tuple[float, int]:
    """(seconds, papers) of decoding and reading every file once."""
    start = time.perf_counter()
    papers = sum(len(read(_source.from_bytes(data)).papers) for data in datas)
    return time.perf_counter() - start, papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parents[3] / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    families = (
        ("badge-list (A)", family(args.corpus, "A"), badge_list.read),
        ("paper-table (C)", family(args.corpus, "C"), paper_table.read),
    )
    best = {name: (float("inf"), 0) for name, _, _ in families}
    for _ in range(args.repeat):  # the two families alternate, so machine load slows both alike
        for name, datas, read in families:
            seconds, papers = one_round(datas, read)
            best[name] = min(best[name], (seconds, papers))
    rates = {}
    for name, datas, _ in families:
        seconds, papers = best[name]
        size = sum(len(d) for d in datas) / 1e6
        rates[name] = size / seconds
        rate = f"{size / seconds:7.1f} MB/s {papers / seconds:9.0f} papers/s"
        print(f"{name:16} {len(datas):4} files {size:7.2f} MB {rate}")
    ratio = rates["paper-table (C)"] / rates["badge-list (A)"]
    print(f"ratio paper-table / badge-list: {ratio:.2f}")


if __name__ == "__main__":
    main()
