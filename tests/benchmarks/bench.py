"""Benchmark: digestparse against mistune and markdown-it-py, in one process, on the same texts.

Not part of the test run (a timed test is flaky; a ratio measured in one run is not). Run::

    pip install -e ".[bench]"
    python tests/benchmarks/bench.py [--corpus ../shared/corpus] [--repeat 3] [--scale]

It reads every ``*.md`` digest of the corpus (or, when absent, a generated corpus of the same
shape), then times, taking the best of ``--repeat`` rounds: ``loads`` into typed records,
``dumps``, ``check`` with every rule (cross-digest ones included) over the in-memory digests
and over the files as the command line runs it (one job and all cores), mistune 3's AST parse
and markdown-it-py's token parse, both ways a caller uses a parser: each result dropped at once
(streaming) and all results kept in a list. It prints MB/s, papers/s, each format's reading
speed against badge-list's, the ratios with their targets, the memory each retained paper
holds and the peak memory. ``--scale`` also times ``loads`` over 1x, 4x and 16x the corpus to show
that the cost is linear.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

import digestparse  # noqa: E402
from digestparse.lint.runner import run  # noqa: E402


def load_texts(corpus: Path | None) -> list[tuple[str, str]]:
    """(path, text) of every readable digest of the corpus, or of a generated one (written to a
    temporary folder, so that ``check`` can read the files as the command line does)."""
    if corpus is not None and corpus.is_dir():
        texts = []
        for path in sorted(corpus.rglob("*.md")):
            try:
                text = path.read_bytes().decode("utf-8", errors="strict")
                digestparse.loads(text, path=str(path))
            except (UnicodeDecodeError, digestparse.DigestParseError):
                continue
            texts.append((str(path), text))
        return texts
    from tests.benchmarks.synthetic import synthetic_corpus

    root = Path(tempfile.mkdtemp(prefix="digestparse-bench-"))
    written = []
    for relative, text in synthetic_corpus(megabytes=40):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append((str(path), text))
    return written


def each(function: Callable[..., object], texts: list[tuple[str, str]], with_path: bool = False) -> None:
    """Run ``function`` on every text and drop each result at once, as a streaming caller
    does. (Keeping 20,000 parsed records alive makes the garbage collector rescan them again
    and again; that cost belongs to the caller's choice, not to any parser, so no parser here
    keeps its results.)"""
    for path, text in texts:
        function(text, path=path) if with_path else function(text)


def read_each(paths: list[str]) -> None:
    """Read every file from disk (``digestparse.load``), dropping each result: the reading
    that ``check`` does, which issue 10 compares it with."""
    for path in paths:
        digestparse.load(path)


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeat`` timed runs (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def kept(
    function: Callable[..., object], texts: list[tuple[str, str]], with_path: bool = False
) -> list[object]:
    """Run ``function`` on every text and keep every result, as a caller building a list does
    (``[loads(t) for t in texts]``): the garbage collector's cost over retained records counts."""
    return [function(text, path=path) if with_path else function(text) for path, text in texts]


def retained_bytes_per_paper(texts: list[tuple[str, str]], papers: int) -> float:
    """Memory the retained digests hold (tracemalloc, texts excluded), per paper."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    digests = kept(digestparse.loads, texts, with_path=True)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del digests
    return (after - before) / max(papers, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parents[3] / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="also time 1x, 4x, 16x the corpus")
    args = parser.parse_args()

    import markdown_it
    import mistune

    texts = load_texts(args.corpus)
    megabytes = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    by_format: dict[str, list[tuple[str, str]]] = {}
    papers = 0
    for path, text in texts:
        digest = digestparse.loads(text, path=path)
        papers += len(digest.papers)
        by_format.setdefault(digest.format or "empty", []).append((path, text))
    print(f"corpus: {len(texts)} digests, {papers} papers, {megabytes:.1f} MB")

    ast_parser = mistune.create_markdown(renderer=None)
    md = markdown_it.MarkdownIt()
    paths = [p for p, _ in texts]
    cores = os.cpu_count() or 1
    # Everything that streams is timed before any parsed records are kept alive (see each()).
    timings = {
        "digestparse loads": best_of(args.repeat, lambda: each(digestparse.loads, texts, with_path=True)),
        "read files (load)": best_of(args.repeat, lambda: read_each(paths)),
        "check files, 1 job": best_of(args.repeat, lambda: run(paths, select=["ALL"], jobs=1)),
        "check files, default": best_of(args.repeat, lambda: run(paths, jobs=1)),
        f"check files, {cores} jobs": best_of(args.repeat, lambda: run(paths, select=["ALL"], jobs=cores)),
        "mistune AST parse": best_of(args.repeat, lambda: each(ast_parser, texts)),
        "markdown-it parse": best_of(args.repeat, lambda: each(md.parse, texts)),
        "loads, all kept": best_of(args.repeat, lambda: kept(digestparse.loads, texts, with_path=True)),
        "mistune AST, all kept": best_of(args.repeat, lambda: kept(ast_parser, texts)),
    }
    digests = [digestparse.loads(t, path=p) for p, t in texts]
    timings["digestparse dumps"] = best_of(args.repeat, lambda: [digestparse.dumps(d) for d in digests])
    timings["check (in memory)"] = best_of(args.repeat, lambda: run(digests=digests, select=["ALL"]))
    digests.clear()  # free them before the per-format and scale runs
    for name, seconds in timings.items():
        print(
            f"{name:<22} {seconds:8.3f} s  {megabytes / seconds:8.1f} MB/s  {papers / seconds:10.0f} papers/s"
        )
    print("loads per format (each result dropped, MB/s):")
    speeds = {}
    for fmt, group in sorted(by_format.items()):
        size = sum(len(t.encode("utf-8")) for _, t in group) / 1e6
        seconds = best_of(args.repeat, lambda g=group: each(digestparse.loads, g, with_path=True))
        speeds[fmt] = size / seconds
        print(f"  {fmt:<16} {len(group):5d} files {size:7.1f} MB {speeds[fmt]:8.1f} MB/s")
    reference = speeds.get("badge-list")
    if reference:
        for fmt, speed in sorted(speeds.items()):
            print(f"  {fmt:<16} {speed / reference:5.2f}x badge-list's MB/s (target >= 1)")
    loads, dumps = timings["digestparse loads"], timings["digestparse dumps"]
    check_one, check_all = timings["check files, 1 job"], timings[f"check files, {cores} jobs"]
    mistune_s, markdown_it_s = timings["mistune AST parse"], timings["markdown-it parse"]
    print(f"loads vs mistune AST, dropped: {mistune_s / loads:6.1f}x faster (target >= 20x)")
    kept_ratio = timings["mistune AST, all kept"] / timings["loads, all kept"]
    print(f"loads vs mistune AST, kept:    {kept_ratio:6.1f}x faster (target >= 15x)")
    print(f"loads vs markdown-it:          {markdown_it_s / loads:6.1f}x faster")
    print(f"dumps vs mistune AST:          {mistune_s / dumps:6.1f}x faster (target >= 30x)")
    print(f"check / loads, 1 job:          {check_one / loads:6.2f}   (target <= 2)")
    print(f"check / loads, {cores} jobs:         {check_all / loads:6.2f}   (target <= 2)")
    print(f"check 1 job / {cores} jobs:           {check_one / check_all:6.2f}x   (target >= 1.6x)")
    check_default = timings["check files, default"] / timings["read files (load)"]
    print(f"check default / read files:    {check_default:6.2f}   (target <= 2.5)")
    per_paper = retained_bytes_per_paper(texts, papers) / 1024
    print(f"memory per retained paper:     {per_paper:6.1f} KB (target <= 4)")
    if args.scale:
        base = None
        for factor in (1, 4, 16):
            bigger = texts * factor
            seconds = best_of(1, lambda b=bigger: each(digestparse.loads, b, with_path=True))
            base = base or seconds
            ratio = seconds / base / factor
            print(f"loads {factor:>2}x corpus: {seconds:7.3f} s  ({ratio:5.2f} of proportional)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
