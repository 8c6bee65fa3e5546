"""Benchmark: the paper index over a large synthetic git history. Prints numbers; not a test.

Run::

    python tests/benchmarks/bench_index.py [--tellings 1000000] [--topics 10] [--keep DIR]

It writes a git repository with ``git fast-import`` (no working tree): ``--topics`` badge-list
files, each rewritten once a day with the latest 30 papers of its topic (three new ones a day),
as a README table that keeps the latest papers is; every 40th paper has one figure changed on a
later day. Then it measures:

* reading blobs: one ``git cat-file --batch`` process against one ``git cat-file -p`` per blob;
* the first ``index`` run: seconds, tellings/s, database size and bytes per telling;
* a re-run with nothing new (and its share of the first run), and one with a new commit;
* ``search`` (rare and common words, author, category, path and date filters) and ``history``
  latency at that size: the median of several runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from digestparse.index import (  # noqa: E402
    SearchFilters,
    build_index,
    earlier_tellings,
    history,
    open_index,
    search,
)
from digestparse.index.gitreader import BlobReader, Repository  # noqa: E402
from tests.benchmarks.synthetic import _entry  # noqa: E402
from tests.builders import Entry, badge_digest  # noqa: E402

PER_FILE = 30
NEW_PER_DAY = 3


_SYLLABLES = ("ka", "lo", "mi", "nu", "re", "sa", "ti", "vo", "ze", "qu", "ph", "or", "ex", "an", "ly")


def _word(rng: random.Random) -> str:
    """A word of a vocabulary of about 50,000, Zipf-like: real abstracts have rare words."""
    rank = min(int(rng.paretovariate(1.1)), 50_000)
    letters = []
    while True:
        rank, digit = divmod(rank, len(_SYLLABLES))
        letters.append(_SYLLABLES[digit])
        if rank == 0:
            return "".join(letters)


@functools.lru_cache(maxsize=4096)
def _paper(number: int) -> Entry:
    entry = _entry(number, zh=False)
    rng = random.Random(-number)
    title = entry.title + " " + " ".join(_word(rng).title() for _ in range(2))
    abstract = entry.abstract + " " + " ".join(_word(rng) for _ in range(40)) + "."
    return Entry(
        **{
            **entry.__dict__,
            "arxiv_id": f"25{number % 12 + 1:02d}.{number:05d}",
            "title": title,
            "abstract": abstract,
        }
    )


def _told(number: int, day: int, born: int) -> Entry:
    """A paper as told on ``day``: every 40th paper's first figure changes a week after it came."""
    entry = _paper(number)
    if number % 40 == 0 and day - born >= 7:
        abstract = entry.abstract.replace("\\%", "1\\%", 1)
        return Entry(**{**entry.__dict__, "abstract": abstract})
    return entry


def make_history(repo: Path, tellings: int, topics: int) -> tuple[int, int]:
    """A repository whose digests hold about ``tellings`` tellings; returns (commits, blobs)."""
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    days = max(1, tellings // (topics * PER_FILE))
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    importer = subprocess.Popen(
        ["git", "-C", str(repo), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE, env=env
    )
    assert importer.stdin is not None
    write = importer.stdin.write
    start = 1_735_689_600  # 2025-01-01
    blobs = 0
    for day in range(days):
        stamp = start + day * 86_400
        date = time.strftime("%Y-%m-%d", time.gmtime(stamp))
        write(b"commit refs/heads/main\n")
        write(f"committer Bench <bench@example.org> {stamp} +0000\n".encode())
        message = f"digest {date}\n".encode()
        write(b"data %d\n%s\n" % (len(message), message))
        for topic in range(topics):
            newest = (day + 1) * NEW_PER_DAY
            numbers = [
                (n * topics + topic + 1, n // NEW_PER_DAY) for n in range(max(0, newest - PER_FILE), newest)
            ]
            entries = [_told(number, day, born) for number, born in reversed(numbers)]
            text = badge_digest(entries, topic=f"T{topic}", date=date).encode("utf-8")
            write(f"M 100644 inline hot_topic/T{topic}.md\n".encode())
            write(b"data %d\n%s\n" % (len(text), text))
            blobs += 1
        write(b"\n")
    write(b"done\n")
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    return days, blobs


def _median_ms(action: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_blob_reading(repo: Path, sample: int) -> None:
    listing = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--objects", "--all"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    blobs = [line.split()[0] for line in listing if line.endswith(".md")][:sample]
    started = time.perf_counter()
    with BlobReader(Repository(repo)) as reader:
        size = sum(len(reader.read(blob)) for blob in blobs)
    batch = time.perf_counter() - started
    started = time.perf_counter()
    for blob in blobs:
        subprocess.run(["git", "-C", str(repo), "cat-file", "-p", blob], capture_output=True, check=True)
    single = time.perf_counter() - started
    print(
        f"blob reading ({len(blobs)} blobs, {size / 1e6:.1f} MB): cat-file --batch {len(blobs) / batch:,.0f} "
        f"blobs/s, cat-file -p per blob {len(blobs) / single:,.0f} blobs/s ({single / batch:.0f}x slower)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tellings", type=int, default=1_000_000)
    parser.add_argument("--topics", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder and keep it.")
    parser.add_argument(
        "--reuse", action="store_true", help="With --keep: time search and history on the kept index."
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="digestparse-bench-index-"))
    work.mkdir(parents=True, exist_ok=True)
    repo, db_path = work / "history.git", work / "index.sqlite"
    try:
        if not repo.exists():
            started = time.perf_counter()
            commits, blobs = make_history(repo, args.tellings, args.topics)
            print(f"history: {commits} commits, {blobs} blobs, made in {time.perf_counter() - started:.1f}s")
        if args.reuse and db_path.exists():
            db = open_index(db_path, write=True)
        else:
            bench_blob_reading(repo, 300)
            if db_path.exists():
                db_path.unlink()
            db = open_index(db_path, write=True)
            first = build_index(db, git=repo, rev="main")
            db.close()
            size = db_path.stat().st_size
            print(
                f"first run: {first.tellings:,} tellings from {first.blobs_read:,} blobs "
                f"in {first.seconds:.1f}s "
                f"= {first.tellings / first.seconds:,.0f} tellings/s; database {size / 1e6:.0f} MB "
                f"= {size / max(1, first.tellings):.0f} bytes/telling"
            )
            db = open_index(db_path, write=True)
            started = time.perf_counter()
            again = build_index(db, git=repo, rev="main")
            seconds = time.perf_counter() - started
            print(
                f"re-run, nothing new: {seconds:.2f}s "
                f"({100 * seconds / first.seconds:.1f}% of the first run, "
                f"{again.blobs_read} blobs read)"
            )
        counts = (
            db.execute("SELECT count(*) FROM papers").fetchone()[0],
            db.execute("SELECT count(*) FROM contents").fetchone()[0],
        )
        print(f"papers: {counts[0]:,}; distinct tellings (contents): {counts[1]:,}")
        rng = random.Random(1)
        ids = [row[0] for row in db.execute("SELECT arxiv_id FROM papers ORDER BY random() LIMIT 50")]
        author = json.loads(
            db.execute("SELECT authors FROM contents WHERE arxiv_id = ?", (ids[0],)).fetchone()[0]
        )[0]
        rare = (
            db.execute("SELECT title FROM contents WHERE arxiv_id = ?", (ids[1],)).fetchone()[0].split()[-1]
        )
        queries: list[tuple[str, Callable[[], object]]] = [
            (f"rare word {rare!r}", lambda: search(db, rare)),
            ("two common words 'robot diffusion'", lambda: search(db, "robot diffusion")),
            ("common word 'model'", lambda: search(db, "model")),
            (f"author {author!r}", lambda: search(db, "", SearchFilters(author=author))),
            ("category", lambda: search(db, "reasoning", SearchFilters(category="cs.RO"))),
            ("path", lambda: search(db, "robot", SearchFilters(path="hot_topic/T3.md"))),
            (
                "dates",
                lambda: search(db, "agent", SearchFilters(since=datetime.date(2025, 3, 1))),
            ),
        ]
        for name, action in queries:
            found = len(action())  # type: ignore[arg-type]
            print(f"search ({name}): {_median_ms(action):.1f} ms ({found} results)")
        print(
            f"history (50 random papers): {_median_ms(lambda: history(db, rng.choice(ids)), 50):.1f} ms each"
        )
        print(
            "check --index feed (30 papers): "
            f"{_median_ms(lambda: earlier_tellings(db, rng.sample(ids, 30)), 5):.1f} ms"
        )
        db.close()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sqlite3.enable_callback_tracebacks(True)
    main()
