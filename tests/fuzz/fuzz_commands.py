"""Fuzz the command paths (check, fix, convert, export, parse, merge) on mutated digests.

Each execution writes one or two mutated digests to a temporary folder, runs one command path
in-process through ``digestparse.cli.main`` and checks the invariants of
``tests/fuzz/commands.py`` (exit code 0/1/2 and no traceback, machine outputs that parse,
escaped human outputs, every paper in every output, ``--diff`` equal to what ``--fix`` writes,
byte-exact round trip, no output or temporary file left on exit 2). An execution slower than
two seconds is a finding too. Not part of the test run (``tests/test_fuzz_commands.py`` runs the
same invariants with a short Hypothesis budget). Offline::

    python tests/fuzz/fuzz_commands.py --runs 100000 --seed 1 --findings /tmp/findings-1
    python tests/fuzz/fuzz_commands.py --replay /tmp/findings-1/<finding>/first
    python tests/fuzz/fuzz_commands.py --minimise /tmp/findings-1/<finding>/smallest

    pip install atheris   # coverage-guided, same executions and invariants
    python tests/fuzz/fuzz_commands.py --atheris -atheris_runs=100000 corpus/seeds corpus/generated

Seeds: ``corpus/seeds``, ``corpus/generated`` and, when present, every file of the shared corpus
(``../shared/corpus`` or ``--shared DIR``), cut to 200 lines at run time. Each finding is saved
under ``--findings`` (one folder per distinct bug: its first and its smallest input, with the
command path); a minimised input goes to ``tests/fuzz/crashes/`` or a regression test.
"""

from __future__ import annotations

import argparse
import atexit
import json
import math
import random
import re
import shutil
import signal
import sys
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

if __package__ in (None, ""):  # run as a script: make ``tests`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

if TYPE_CHECKING:
    from tests.fuzz.commands import Case
    from tests.fuzz.mutate import Mutator, Seed

SLOW_SECONDS = 2.0
HANG_SECONDS = 60.0
# where a libFuzzer input is put (atheris mode): the file names of every family of digest
ATHERIS_PATHS = (
    "7-Apr-2025/topic/LLM_related_papers.md",
    "18-Dec-2024/ai_papers.md",
    "hot_topic/MLLM.md",
    "data/2025-11-20.md",
    "docs/index.md",
    "README.md",
    "github/ISSUE_TEMPLATE.md",
)


class Hang(BaseException):
    """An execution ran past ``HANG_SECONDS`` (a BaseException: ``main`` must not catch it)."""


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise Hang()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcome(case: Case, root: Path) -> tuple[str | None, str, float]:
    """Run one case: (finding key or None, details, seconds). Slow runs are timed twice."""
    from tests.fuzz.commands import Violation, execute

    def once() -> tuple[str | None, str, float]:
        started = time.perf_counter()
        try:
            with watchdog(HANG_SECONDS):
                execute(case, root)
        except Violation as exc:
            return exc.key, f"{exc.invariant}: {exc.detail}", time.perf_counter() - started
        except Hang:
            return f"hang {case.kind}", f"no result after {HANG_SECONDS:.0f} s", HANG_SECONDS
        except Exception as exc:  # the oracle itself failed on an output: look at it
            frames = traceback.extract_tb(exc.__traceback__)
            key = f"oracle {type(exc).__name__} at {Path(frames[-1].filename).name}:{frames[-1].lineno}"
            return key, "".join(traceback.format_exception(exc)), time.perf_counter() - started
        return None, "", time.perf_counter() - started

    key, detail, seconds = once()
    if key is None and seconds > SLOW_SECONDS:
        key, detail, again = once()
        seconds = min(seconds, again)
        if key is None and seconds > SLOW_SECONDS:
            key, detail = f"slow {case.kind}", f"{seconds:.2f} s (twice over {SLOW_SECONDS} s)"
    return key, detail, seconds


class Findings:
    """Distinct findings in a folder: per key, the first and the smallest case, and a count."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.counts: Counter[str] = Counter()
        self.smallest: dict[str, int] = {}

    def add(self, key: str, detail: str, case: Case, note: str) -> None:
        self.counts[key] += 1
        size = sum(len(data) for _, data in case.files)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")[:80] + "-" + f"{zlib.crc32(key.encode()):08x}"
        where = self.folder / slug
        for name in ("first", "smallest"):
            if name == "first" and self.counts[key] > 1:
                continue
            if name == "smallest" and size >= self.smallest.get(key, math.inf):
                continue
            shutil.rmtree(where / name, ignore_errors=True)
            case.save(where / name)
            (where / name / "finding.txt").write_text(f"{key}\n{note}\n\n{detail}\n", encoding="utf-8")
        self.smallest[key] = min(size, self.smallest.get(key, size))
        self.save()

    def save(self) -> None:
        (self.folder / "counts.json").write_text(
            json.dumps(dict(self.counts), indent=2) + "\n", encoding="utf-8"
        )


def seeds(shared: Path | None) -> list[Seed]:
    from tests.fuzz.mutate import SHARED_CORPUS, project_seeds, shared_seeds

    return project_seeds() + shared_seeds(shared or SHARED_CORPUS)


def make_case(rng: random.Random, families: dict[str, list[Seed]], mutator: Mutator, kind: str) -> Case:
    """A case from one or two seeds, mutated, and the options of the command path."""
    from tests.fuzz.commands import Case

    family = rng.choice(sorted(families))
    first = rng.choice(families[family])
    draw = rng.random()  # mostly any mutation; a quarter only inside lines; a few seeds as they are
    data = mutator.mutate(first.data, rng, gentle=draw < 0.25) if draw < 0.93 else first.data
    files = [(first.relpath, data)]
    if rng.random() < 0.35:  # a second digest: the same one told otherwise, or any other
        other = first if rng.random() < 0.5 else rng.choice(families[rng.choice(sorted(families))])
        relpath = other.relpath if other.relpath != first.relpath else "b/" + other.relpath
        files.append((relpath, mutator.mutate(other.data, rng)))
    return Case(
        files=tuple(files),
        kind=kind,
        to_file=rng.random() < 0.7,
        sentinel=rng.random() < 0.3,
        strict=rng.random() < 0.3,
        quiet=rng.random() < 0.7,
        named=rng.random() < 0.3,
    )


class Tally:
    """Executions, their command paths and the slowest, written to ``summary.json`` as the
    run goes (a run stopped by a signal, or libFuzzer's, still says what it did)."""

    def __init__(self, findings: Findings, seed: int | None, pool: Sequence[Seed]) -> None:
        self.findings = findings
        self.seed = seed
        self.families = Counter(item.family for item in pool)
        self.started = self.last = time.monotonic()
        self.executions = 0
        self.by_kind: Counter[str] = Counter()
        self.slowest = 0.0

    def count(self, case: Case, key: str | None, detail: str, seconds: float) -> None:
        self.executions += 1
        self.by_kind[case.kind] += 1
        self.slowest = max(self.slowest, seconds)
        if key is not None:
            self.findings.add(key, detail, case, f"seed {self.seed}, execution {self.executions}")
        if time.monotonic() - self.last > 15:
            self.report()

    def report(self) -> dict[str, object]:
        from tests.fuzz.commands import STATS

        self.last = time.monotonic()
        elapsed = self.last - self.started
        summary: dict[str, object] = {
            "executions": self.executions,
            "seconds": round(elapsed, 1),
            "per_second": round(self.executions / max(elapsed, 1e-9), 1),
            "seed": self.seed,
            "seeds": dict(sorted(self.families.items())),
            "slowest_seconds": round(self.slowest, 2),
            "findings": dict(self.findings.counts),
            "kinds": dict(self.by_kind),
            "reached": dict(sorted(STATS.items())),
        }
        text = json.dumps(summary, indent=2) + "\n"
        (self.findings.folder / "summary.json").write_text(text, encoding="utf-8")
        print(
            f"{self.executions} executions in {elapsed:.0f} s, {summary['per_second']}/s, "
            f"{len(self.findings.counts)} distinct findings",
            flush=True,
        )
        return summary


def fuzz(
    runs: int, seed: int, findings: Findings, minutes: float | None, shared: Path | None
) -> dict[str, object]:
    """The built-in mutation loop: ``runs`` executions, the command path taken in turn."""
    from tests.fuzz.commands import kinds, scratch
    from tests.fuzz.mutate import Mutator

    pool = seeds(shared)
    families: dict[str, list[Seed]] = {}
    for item in pool:
        families.setdefault(item.family, []).append(item)
    mutator = Mutator(pool)
    rng = random.Random(seed)
    root = scratch("fuzz-commands-")
    tally = Tally(findings, seed, pool)
    stopping: list[int] = []
    handlers = {
        number: signal.signal(number, lambda signum, _frame: stopping.append(signum))
        for number in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        for number in range(1, runs + 1):
            kind_list = kinds()
            case = make_case(rng, families, mutator, kind_list[number % len(kind_list)])
            key, detail, seconds = outcome(case, root)
            tally.count(case, key, detail, seconds)
            if stopping or (minutes is not None and time.monotonic() - tally.started > minutes * 60):
                break
    finally:
        for number, previous in handlers.items():
            signal.signal(number, previous)
        shutil.rmtree(root, ignore_errors=True)
    return tally.report()


# minimising --------------------------------------------------------------------------------


def _reduce(units: list[bytes], keeps: Callable[[list[bytes]], bool]) -> list[bytes]:
    """Delta debugging (Zeller's ddmin, complements only): drop chunks while ``keeps`` holds."""
    chunks = 2
    while len(units) >= 2:
        size = math.ceil(len(units) / chunks)
        for start in range(0, len(units), size):
            candidate = units[:start] + units[start + size :]
            if keeps(candidate):
                units, chunks = candidate, max(chunks - 1, 2)
                break
        else:
            if chunks >= len(units):
                break
            chunks = min(chunks * 2, len(units))
    return units


def minimise(folder: Path) -> Path:
    """The smallest case found that still gives the same finding; saved beside as ``min/``."""
    from dataclasses import replace

    from tests.fuzz.commands import Case, scratch

    case = Case.load(folder)
    root = scratch("fuzz-minimise-")
    target, _, _ = outcome(case, root)
    if target is None:
        raise SystemExit(f"{folder}: does not reproduce")
    print(f"minimising {target!r}", flush=True)

    def same(candidate: Case) -> bool:
        return outcome(candidate, root)[0] == target

    simpler: list[Callable[[Case], Case]] = [
        lambda c: replace(c, to_file=True),
        lambda c: replace(c, sentinel=False),
        lambda c: replace(c, strict=False),
        lambda c: replace(c, quiet=True),
    ]
    for simplify in simpler:
        candidate = simplify(case)
        if candidate != case and same(candidate):
            case = candidate
    if len(case.files) > 1:
        for index in range(len(case.files)):
            candidate = replace(case, files=case.files[:index] + case.files[index + 1 :])
            if same(candidate):
                case = candidate
                break
    for index in range(len(case.files)):
        relpath, data = case.files[index]

        def keeps(units: list[bytes], index: int = index, relpath: str = relpath, base: Case = case) -> bool:
            files = list(base.files)
            files[index] = (relpath, b"".join(units))
            return same(replace(base, files=tuple(files)))

        units = _reduce(data.splitlines(keepends=True), keeps)
        data = b"".join(units)
        step = max(1, len(data) // 512)
        pieces = [data[i : i + step] for i in range(0, len(data), step)]
        data = b"".join(_reduce(pieces, keeps))
        if step > 1:
            data = b"".join(_reduce([bytes([b]) for b in data], keeps))
        files = list(case.files)
        files[index] = (relpath, data)
        case = replace(case, files=tuple(files))
    shutil.rmtree(root, ignore_errors=True)
    out = folder / "min"
    shutil.rmtree(out, ignore_errors=True)
    case.save(out)
    print(f"{out}: {[(rel, len(data)) for rel, data in case.files]} {case.kind}", flush=True)
    return out


# atheris -----------------------------------------------------------------------------------


def run_atheris(argv: Sequence[str], shared: Path | None, findings: Findings, crash: bool) -> None:
    """libFuzzer drives the bytes of the first digest; a hash of them picks path and options.

    Findings are saved as in the built-in loop and the run goes on; with ``crash`` a finding
    ends the run as a libFuzzer crash instead (``crash-*`` file)."""
    import atheris

    with atheris.instrument_imports(include=["digestparse"]):
        from tests.fuzz.commands import Case, Violation, kinds, scratch
        from tests.fuzz.mutate import Mutator
    pool = seeds(shared)
    mutator = Mutator(pool)
    root = scratch("fuzz-atheris-")
    tally = Tally(findings, None, pool)
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    atexit.register(tally.report)

    def one_input(data: bytes) -> None:
        digest = zlib.crc32(data)
        kind_list = kinds()
        files = [(ATHERIS_PATHS[(digest >> 8) % len(ATHERIS_PATHS)], data)]
        if digest & 0x30000 == 0:
            other = pool[(digest >> 20) % len(pool)]
            files.append(("b/" + other.relpath, other.data))
        bits = digest >> 24
        case = Case(
            tuple(files),
            kind_list[digest % len(kind_list)],
            bool(bits & 1),
            bool(bits & 2),
            bool(bits & 4),
            bool(bits & 8),
            bool(bits & 16),
        )
        key, detail, seconds = outcome(case, root)
        tally.count(case, key, detail, seconds)
        if key is not None and crash:
            raise Violation(key, detail)

    def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.5:
            return bytes(atheris.Mutate(data, max_size))
        return mutator.mutate(data, rng)[:max_size]

    atheris.Setup(list(argv), one_input, custom_mutator=custom_mutator)
    atheris.Fuzz()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000, help="executions (built-in loop)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the built-in loop")
    parser.add_argument("--minutes", type=float, default=None, help="stop after this long")
    parser.add_argument("--findings", type=Path, default=Path("fuzz-findings"), help="where findings go")
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared corpus (default ../shared/corpus)"
    )
    parser.add_argument("--replay", type=Path, help="run one saved case and print its outcome")
    parser.add_argument("--minimise", type=Path, help="shrink one saved case to min/")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided: the rest goes to libFuzzer")
    parser.add_argument("--crash", action="store_true", help="atheris: stop at the first finding")
    args, rest = parser.parse_known_args(argv)
    if args.atheris:
        run_atheris([sys.argv[0], *rest], args.shared, Findings(args.findings), args.crash)
        return 0
    if rest:
        parser.error(f"unknown arguments: {rest}")
    if args.replay:
        from tests.fuzz.commands import Case, scratch

        root = scratch("fuzz-replay-")
        try:
            key, detail, seconds = outcome(Case.load(args.replay), root)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        print(f"{key or 'no finding'} ({seconds:.2f} s)\n{detail}")
        return 1 if key else 0
    if args.minimise:
        minimise(args.minimise)
        return 0
    summary = fuzz(args.runs, args.seed, Findings(args.findings), args.minutes, args.shared)
    print(json.dumps(summary, indent=2))
    return 1 if summary["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
