"""Benchmark: the check cache (``digestparse check``'s incremental runs). Prints numbers; not a test.

Run::

    python tests/benchmarks/bench_cache.py [--corpus ../shared/corpus] [--archive-mb 1024]
                                           [--jobs N] [--repeat 3] [--keep DIR]

1. **Corpus.** ``check`` over every file of the corpus (or a generated one when it is absent)
   as the command line runs it: without the cache, then a first run into an empty cache and a
   second run over the unchanged files (the best of ``--repeat``, each first run into a new
   cache). The ratio first/second is the target (>= 10x); the output must be identical.
2. **Archive.** The corpus's digests copied again and again under a temporary folder, each copy
   with a distinct comment line appended (so no two files hold the same bytes), up to
   ``--archive-mb``; a first run fills the cache, then one new digest is added (a paper of an
   old digest told with one figure changed) and the incremental run is timed: it must read
   only that digest as a digest and report the figure conflict against the old one.

Runs go through :func:`digestparse.lint.runner.run` in this process (the command line adds its
start-up, about 0.3 s, to both). ``--jobs`` is for the first runs (default: all cores); the
second and incremental runs read nothing as a digest, so they use one job. Each time is
printed as wall-clock and CPU time (this process and its workers): on a machine shared with
other work, CPU time is the steadier measure.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import string
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

import digestparse  # noqa: E402
from digestparse.lint.cache import Cache  # noqa: E402
from digestparse.lint.corpus_index import telling_of  # noqa: E402
from digestparse.lint.runner import CheckResult, run  # noqa: E402
from tests.builders import Entry, badge_digest  # noqa: E402
from tests.conftest import SHARED_CORPUS  # noqa: E402


class Timing(NamedTuple):
    wall: float
    cpu: float  # this process and its worker processes

    def __str__(self) -> str:
        return f"{self.wall:8.2f} s  (CPU {self.cpu:7.2f} s)"


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: object) -> tuple[Timing, CheckResult]:
    """Wall-clock and CPU time of a run (on a shared machine, CPU time is the steadier one)."""
    assert callable(work)
    start, cpu = time.perf_counter(), _cpu()
    result = work()
    assert isinstance(result, CheckResult)
    return Timing(time.perf_counter() - start, _cpu() - cpu), result


def best(timings: list[Timing]) -> Timing:
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def corpus_root(corpus: Path, work: Path) -> Path:
    """The corpus, or a generated one written under ``work`` when it is absent."""
    if corpus.is_dir():
        return corpus
    from tests.benchmarks.synthetic import synthetic_corpus

    root = work / "generated-corpus"
    for relative, text in synthetic_corpus(megabytes=40):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def bench_corpus(root: Path, work: Path, repeat: int, jobs: int) -> None:
    megabytes = sum(p.stat().st_size for p in root.rglob("*.md")) / 1e6
    uncached, firsts, seconds = [], [], []
    for round_ in range(repeat):  # interleaved, so that a busy spell hits every kind alike
        timing, plain = timed(lambda: run([str(root)], jobs=jobs))
        uncached.append(timing)
        folder = work / f"cache-{round_}"
        first, cold = timed(lambda f=folder: run([str(root)], jobs=jobs, cache=Cache(f)))
        second, warm = timed(lambda f=folder: run([str(root)], jobs=1, cache=Cache(f)))
        assert cold.diagnostics == warm.diagnostics == plain.diagnostics, "the cache changed the output"
        assert warm.cached == warm.files + len(warm.skipped), (warm.cached, warm.files)
        firsts.append(first)
        seconds.append(second)
        size = _size(folder)
        shutil.rmtree(folder)
    none, first, second = best(uncached), best(firsts), best(seconds)
    shape = f"{plain.files} files, {plain.papers} papers, {megabytes:.1f} MB"
    print(f"corpus: {shape}, {jobs} job(s), best of {repeat}")
    print(f"  no cache          {none}")
    print(f"  first run         {first}  ({first.cpu / none.cpu:4.2f}x the CPU without: fills the cache)")
    print(f"  second run        {second}  (all {warm.cached} files from the cache)")
    print(f"  cache size        {size / 1e6:8.1f} MB")
    print(
        f"  first / second    {first.wall / second.wall:8.1f}x wall, {first.cpu / second.cpu:.1f}x CPU"
        " (target >= 10x); output identical"
    )


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _tag(number: int) -> str:
    """A distinct tag without digits (a digit would be a figure, and copies would conflict)."""
    letters = string.ascii_lowercase
    tag = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        tag = letters[rest] + tag
    return tag


def build_archive(corpus: Path, target: int, folder: Path) -> int:
    """Copies of the corpus's Markdown files under ``folder`` until ``target`` bytes."""
    texts = [(p.relative_to(corpus), p.read_bytes()) for p in sorted(corpus.rglob("*.md"))]
    written, copy = 0, 0
    while written < target:
        tag = _tag(copy)
        for relative, data in texts:
            path = folder / f"copy-{tag}" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            body = data + (b"" if data.endswith(b"\n") or not data else b"\n")
            body += f"\n<!-- archive copy {tag} -->\n".encode()
            path.write_bytes(body)
            written += len(body)
            if written >= target:
                break
        copy += 1
    return written


_NUMBER = re.compile(r"(?<=[a-z] )(\d{2,4})(?= [a-z])")


def new_digest(archive: Path) -> tuple[Path, str]:
    """A new digest telling a paper of an old one with one figure changed: (path, arXiv ID)."""
    for path in sorted(archive.rglob("*.md")):
        try:
            digest = digestparse.loads(path.read_bytes(), path=str(path))
        except digestparse.DigestParseError:
            continue
        for paper in digest.papers:
            match = _NUMBER.search(paper.abstract)
            if paper.arxiv_id is None or match is None or not paper.title or not paper.authors:
                continue
            if not telling_of(paper, str(path), 1).figures:
                continue
            changed = str(int(match.group(1)) + 1)
            abstract = paper.abstract[: match.start()] + changed + paper.abstract[match.end() :]
            entry = Entry(
                arxiv_id=str(paper.arxiv_id),
                title=paper.title,
                authors=tuple(paper.authors),
                categories=tuple(paper.categories) or ("cs.CL",),
                abstract=abstract.replace("\n", " "),
            )
            target = archive / "new" / "2099-01-01.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(badge_digest([entry], date="2099-01-01"), encoding="utf-8")
            return target, str(paper.arxiv_id)
    raise SystemExit("no paper with a figure to change in the archive")


def bench_archive(corpus: Path, work: Path, megabytes: int, jobs: int) -> None:
    archive = work / "archive"
    started = time.perf_counter()
    size = build_archive(corpus, megabytes * 1_000_000, archive)
    files = sum(1 for _ in archive.rglob("*.md"))
    print(f"archive: {files} files, {size / 1e6:.0f} MB (written in {time.perf_counter() - started:.0f} s)")
    cache = work / "archive-cache"
    first, cold = timed(lambda: run([str(archive)], jobs=jobs, cache=Cache(cache)))
    print(f"  first run         {first}  ({cold.files} files, {cold.papers} papers, {jobs} job(s))")
    print(f"  cache size        {_size(cache) / 1e6:8.0f} MB")
    again, warm = timed(lambda: run([str(archive)], jobs=1, cache=Cache(cache)))
    assert warm.diagnostics == cold.diagnostics and warm.cached == warm.files + len(warm.skipped)
    print(f"  unchanged re-run  {again}  ({first.cpu / again.cpu:.0f}x less CPU)")
    path, arxiv_id = new_digest(archive)
    step, result = timed(lambda: run([str(archive)], jobs=1, cache=Cache(cache)))
    assert result.files == cold.files + 1 and result.cached == warm.cached, (result.files, result.cached)
    found = [d for d in result.diagnostics if d.path == str(path) and d.code == "DP401"]
    assert found and found[0].arxiv_id == arxiv_id, "the new digest's figure conflict was not reported"
    print(f"  one new digest    {step}  (1 file read as a digest, {result.cached} from the cache)")
    print(f"    DP401 on the new digest, against {found[0].related[0][0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    parser.add_argument("--archive-mb", type=int, default=1024, help="0: skip the archive")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="digestparse-bench-cache-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = corpus_root(args.corpus, work)
        bench_corpus(corpus, work, args.repeat, args.jobs)
        if args.archive_mb:
            bench_archive(corpus, work, args.archive_mb, args.jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
