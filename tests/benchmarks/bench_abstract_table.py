"""Benchmark: the abstract-table reader's MB/s on the E family against badge-list's on the A files.

Not part of the test run (a timed test is flaky; a ratio measured in one run is not). Run::

    python tests/benchmarks/bench_abstract_table.py [--corpus ../shared/corpus] [--repeat 15]

Both families' bytes are read into memory first; each round decodes and reads every file of
a family with ``digestparse.loads`` (detection included, as users call it). Rounds alternate
between the families, so that a busy machine slows both alike, and the best of ``--repeat``
rounds of each is kept. It prints both rates and their ratio (abstract-table / badge-list;
the goal is >= 1).
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

import digestparse  # noqa: E402


def family(corpus: Path, letter: str) -> list[tuple[str, bytes]]:
    """(path, bytes) of every manifest file of format ``letter``."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["format"] == letter]
    return [(str(corpus / r["relpath"]), (corpus / r["relpath"]).read_bytes()) for r in rows]


def one_round(files: list[tuple[str, bytes]]) -> tuple[float, int]:
    """Seconds to read every file once, and the papers read."""
    gc.collect()
    start = time.perf_counter()
    papers = sum(len(digestparse.loads(data, path=path).papers) for path, data in files)
    return time.perf_counter() - start, papers


def best_rates(
    first: list[tuple[str, bytes]], second: list[tuple[str, bytes]], repeat: int
) -> tuple[tuple[float, int], tuple[float, int]]:
    """Best MB/s of each family over ``repeat`` rounds, the rounds interleaved (first, second,
    first, …) so that both families meet the same machine load, and the papers per round."""
    best = [float("inf"), float("inf")]
    papers = [0, 0]
    for _ in range(repeat):
        for slot, files in enumerate((first, second)):
            seconds, papers[slot] = one_round(files)
            best[slot] = min(best[slot], seconds)
    sizes = [sum(len(data) for _path, data in files) for files in (first, second)]
    return (sizes[0] / best[0] / 1e6, papers[0]), (sizes[1] / best[1] / 1e6, papers[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(os.environ.get("DIGESTPARSE_SHARED", HERE.parents[3] / "shared")) / "corpus"
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.tsv").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    tables = family(args.corpus, "E")
    badges = family(args.corpus, "A")
    one_round(tables)  # warm up: imports, compiled patterns, the category table
    one_round(badges)
    (table_rate, table_papers), (badge_rate, badge_papers) = best_rates(tables, badges, args.repeat)
    print(f"abstract-table: {len(tables)} files, {table_papers} papers, {table_rate:.1f} MB/s")
    print(f"badge-list:     {len(badges)} files, {badge_papers} papers, {badge_rate:.1f} MB/s")
    print(f"ratio abstract-table / badge-list: {table_rate / badge_rate:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
