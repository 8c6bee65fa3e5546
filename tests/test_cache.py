"""The check cache: a run over unchanged files reads none of them as a digest and prints what a
run without the cache prints; an added digest is the only file read and is still compared with
every other; settings, version and file changes invalidate what they must; a damaged, foreign
or hostile cache file is a miss, never a crash; ``--no-cache`` writes nothing; ``--fix`` works
from cached results; concurrent runs do not damage the cache.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import digestparse
import digestparse.api
from digestparse.cli import main
from digestparse.lint import cache as cache_module
from digestparse.lint.cache import Cache
from digestparse.lint.corpus_index import completed, telling_of, title_only
from digestparse.lint.runner import CheckResult, run
from tests.builders import Entry, badge_digest, sections_digest
from tests.conftest import PROJECT_CORPUS, ROOT, SEEDS, shared_digest_files

BROKEN, MENDED = "Ana P√©rez", "Ana Pérez"  # DP301 (mojibake), with a safe fix


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs without the cache (tests/conftest.py); these tests turn it on."""
    monkeypatch.delenv("DIGESTPARSE_NO_CACHE", raising=False)
    monkeypatch.delenv("DIGESTPARSE_CACHE_DIR", raising=False)


class Reads:
    """Counts the files read as digests (``api.loads``, which every reader goes through)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        original = digestparse.api.loads

        def loads(data: str | bytes, path: str | None = None) -> digestparse.Digest:
            self.paths.append(str(path))
            return original(data, path=path)

        monkeypatch.setattr(digestparse.api, "loads", loads)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    return Reads(monkeypatch)


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", "--isolated", "-j", "1", "--exit-zero", "--no-group", "-q", *argv])
    out, _err = capsys.readouterr()
    return code, out


def _paper(number: int, figure: int = 220, **fields: object) -> Entry:
    abstract = f"We train a model {number} on pairs using only {figure} GPU hours and report results."
    values: dict[str, object] = {
        "arxiv_id": f"2504.{number:05d}",
        "title": f"A Study of Paper Number {number} at Scale",
        "authors": ("Ada Lovelace", "Alan Turing"),
        "abstract": abstract,
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


def _archive(folder: Path, days: int = 6) -> list[Path]:
    """Digests of several days, both formats, papers told in one file or in several."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for day in range(days):
        papers = [_paper(day * 10 + i) for i in range(4)] + [_paper(900 + day % 3)]
        date = f"2025-04-{day + 1:02d}"
        text = sections_digest(papers) if day % 2 else badge_digest(papers, date=date)
        path = folder / f"2025-04-{day + 1:02d}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    shutil.copytree(PROJECT_CORPUS / "seeds", folder / "seeds")
    (folder / "README.md").write_text("# Notes\n\nNot a digest.\n", encoding="utf-8")
    return written


def _same(a: CheckResult, b: CheckResult) -> bool:
    return (a.diagnostics, a.files, a.papers, a.read_hashes, a.skipped, a.digests) == (
        b.diagnostics,
        b.files,
        b.papers,
        b.read_hashes,
        b.skipped,
        b.digests,
    )


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("v*-*/*") if cache_module._ENTRY.fullmatch(p.name))


# A second run


def test_a_second_run_reads_nothing_and_prints_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reads: Reads
) -> None:
    _archive(tmp_path / "digests")
    plain = _check(capsys, "--no-cache", str(tmp_path / "digests"))
    cache = tmp_path / "cache"
    reads.paths.clear()
    first = _check(capsys, "--cache-dir", str(cache), str(tmp_path / "digests"))
    assert len(reads.paths) == 10 and "DP401" in first[1]
    reads.paths.clear()
    second = _check(capsys, "--cache-dir", str(cache), str(tmp_path / "digests"))
    assert reads.paths == []
    assert plain == first == second
    for fmt in ("json", "sarif", "github"):  # every format, from the same results
        expected = _check(capsys, "--no-cache", "--output-format", fmt, str(tmp_path / "digests"))
        reads.paths.clear()
        cached = _check(capsys, "--cache-dir", str(cache), "--output-format", fmt, str(tmp_path / "digests"))
        assert cached == expected and reads.paths == []


def test_the_cache_folder_is_tagged_ignored_and_whole(tmp_path: Path) -> None:
    _archive(tmp_path / "digests")
    run([tmp_path / "digests"], cache=Cache(tmp_path / "cache"))
    assert (tmp_path / "cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    tag = (tmp_path / "cache" / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert len(_entries(tmp_path / "cache")) == 10  # 9 files and the README, one entry each
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.name.startswith(".tmp-")]


def test_no_cache_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _archive(tmp_path / "digests")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIGESTPARSE_CACHE_DIR", str(tmp_path / "from-env"))
    before = sorted(tmp_path.rglob("*"))
    _check(capsys, "--no-cache", "digests")
    monkeypatch.setenv("DIGESTPARSE_NO_CACHE", "1")
    _check(capsys, "digests")
    assert sorted(tmp_path.rglob("*")) == before
    monkeypatch.setenv("DIGESTPARSE_NO_CACHE", "0")
    _check(capsys, "digests")
    assert (tmp_path / "from-env" / "CACHEDIR.TAG").is_file()


def test_the_default_folder_is_beside_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    _archive(project / "data")
    monkeypatch.chdir(tmp_path)
    main(["check", "-q", "--exit-zero", "project/data"])  # no configuration: the current folder
    assert (tmp_path / ".digestparse_cache" / "CACHEDIR.TAG").is_file()
    (project / "pyproject.toml").write_text('[tool.digestparse]\nignore = ["DP109"]\n', encoding="utf-8")
    main(["check", "-q", "--exit-zero", "project/data"])
    assert (project / ".digestparse_cache" / "CACHEDIR.TAG").is_file()
    (project / "pyproject.toml").write_text('[tool.digestparse]\ncache-dir = "build/dp"\n', encoding="utf-8")
    main(["check", "-q", "--exit-zero", "project/data"])
    assert (project / "build" / "dp" / "CACHEDIR.TAG").is_file()
    main(["check", "-q", "--exit-zero", "--cache-dir", "elsewhere", "project/data"])
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file()  # the command line's: from here
    (project / "pyproject.toml").write_text('[tool.digestparse]\ncache-dir = ""\n', encoding="utf-8")
    assert main(["check", "-q", "project/data"]) == 2
    assert "cache-dir" in capsys.readouterr().err


# A new digest


def test_a_new_digest_is_the_only_file_read_and_is_compared_with_every_other(
    tmp_path: Path, reads: Reads
) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    old = folder / "2025-04-03.md"  # tells paper 2504.00020 alone: a title-only fingerprint
    cache = Cache(tmp_path / "cache")
    first = run([folder], cache=cache)
    assert not any(d.arxiv_id == "2504.00020" for d in first.diagnostics)
    new = folder / "2025-05-01.md"
    new.write_text(badge_digest([_paper(20, figure=442), _paper(77)], date="2025-05-01"), encoding="utf-8")
    reads.paths.clear()
    second = run([folder], cache=Cache(tmp_path / "cache"))
    assert reads.paths == [str(new)]
    assert first.cached == 0 and second.cached == 10
    conflict = [d for d in second.diagnostics if d.code == "DP401"]
    assert [(d.path, d.arxiv_id, d.related[0][0]) for d in conflict if d.path == str(new)] == [
        (str(new), "2504.00020", str(old))
    ]
    assert _same(second, run([folder]))


def test_a_removed_digest_leaves_the_output_as_without_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    run([folder], cache=Cache(tmp_path / "cache"))  # paper 2504.00900 told in two files
    (folder / "2025-04-04.md").unlink()  # now told once: its full fingerprints are cut down
    assert _same(run([folder], cache=Cache(tmp_path / "cache")), run([folder]))


def test_an_edited_digest_is_read_again_and_its_old_entry_goes(tmp_path: Path, reads: Reads) -> None:
    folder = tmp_path / "digests"
    paths = _archive(folder)
    run([folder], cache=Cache(tmp_path / "cache"))
    count = len(_entries(tmp_path / "cache"))
    text = paths[0].read_text(encoding="utf-8").replace("220 GPU hours", "221 GPU hours", 1)
    paths[0].write_text(text, encoding="utf-8")
    reads.paths.clear()
    result = run([folder], cache=Cache(tmp_path / "cache"))
    assert reads.paths == [str(paths[0])]
    assert len(_entries(tmp_path / "cache")) == count
    assert _same(result, run([folder]))


# Settings and versions


def test_a_change_of_settings_reads_again_and_going_back_does_not(tmp_path: Path, reads: Reads) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    settings: list[dict[str, list[str]]] = [
        {},
        {"select": ["DP3"]},
        {"ignore": ["DP401"]},
        {"select": ["DP1", "DP2"]},
    ]
    for options in settings:
        reads.paths.clear()
        cached = run([folder], cache=Cache(tmp_path / "cache"), **options)  # type: ignore[arg-type]
        assert len(reads.paths) == 10  # every file read again, under the new settings
        assert _same(cached, run([folder], **options))  # type: ignore[arg-type]
    reads.paths.clear()
    run([folder], cache=Cache(tmp_path / "cache"), select=["DP3"])
    run([folder], cache=Cache(tmp_path / "cache"))  # the default selection, the first settings
    assert reads.paths == []


def test_another_version_reads_again(tmp_path: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    run([folder], cache=Cache(tmp_path / "cache"))
    key = cache_module.generation_key(["x"])
    monkeypatch.setattr(digestparse._version, "__version__", "99.0.0")
    assert cache_module.generation_key(["x"]) != key
    reads.paths.clear()
    assert _same(run([folder], cache=Cache(tmp_path / "cache")), run([folder]))
    assert len(reads.paths) == 20  # the cached run read every file again (and the plain one)


def test_the_code_fingerprint_covers_the_package_and_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed module or data file (a development checkout, another release) is another
    generation; compiled files are not part of it, and the same files give the same key (a CI
    cache restored on another runner is used)."""
    package = tmp_path / "digestparse"
    (package / "lint").mkdir(parents=True)
    (package / "data").mkdir()
    (package / "__pycache__").mkdir()
    (package / "lint" / "cache.py").write_text("x = 1\n", encoding="utf-8")
    (package / "data" / "table.tsv").write_text("a\tb\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "__file__", str(package / "lint" / "cache.py"))

    def fingerprint() -> str:
        cache_module.code_fingerprint.cache_clear()
        return cache_module.code_fingerprint()

    first = fingerprint()
    assert fingerprint() == first
    (package / "__pycache__" / "cache.cpython-311.pyc").write_bytes(b"compiled")
    assert fingerprint() == first
    (package / "data" / "table.tsv").write_text("a\tc\n", encoding="utf-8")
    second = fingerprint()
    assert second != first
    (package / "lint" / "cache.py").write_text("x = 2\n", encoding="utf-8")
    assert fingerprint() not in (first, second)
    monkeypatch.undo()
    cache_module.code_fingerprint.cache_clear()


def test_every_stage_one_setting_is_in_the_key() -> None:
    """A configuration field added later counts in the key unless listed as not mattering."""
    from dataclasses import fields

    from digestparse.lint.config import Config

    known = {f.name for f in fields(Config)}
    assert known >= cache_module._NOT_STAGE_ONE
    config = Config()
    config.require_digest = ["x/**"]  # decided after stage 1: the same key
    assert cache_module.settings_of({"DP101"}, config) == cache_module.settings_of({"DP101"}, Config())
    assert cache_module.settings_of({"DP101"}, Config()) != cache_module.settings_of({"DP102"}, Config())


# Never trusted blindly


def _damage(entry: Path, how: str, other: bytes) -> None:
    data = entry.read_bytes()
    if how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "flipped":
        middle = len(data) - 10
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
    elif how == "garbage":
        entry.write_bytes(os.urandom(len(data)))
    elif how == "foreign":  # another file's entry under this name
        entry.write_bytes(other)
    elif how == "folder":
        entry.unlink()
        entry.mkdir()
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["truncated", "empty", "flipped", "garbage", "foreign", "folder"])
def test_a_damaged_entry_is_a_miss_and_is_rebuilt(tmp_path: Path, reads: Reads, how: str) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    expected = run([folder], cache=Cache(tmp_path / "cache"))
    entries = _entries(tmp_path / "cache")
    contents = [entry.read_bytes() for entry in entries]
    for index, entry in enumerate(entries):
        _damage(entry, how, contents[index - 1])
    reads.paths.clear()
    assert _same(run([folder], cache=Cache(tmp_path / "cache")), expected)
    assert len(reads.paths) == 10
    if how != "folder":  # a folder in an entry's place cannot be replaced: read every time
        reads.paths.clear()
        assert _same(run([folder], cache=Cache(tmp_path / "cache")), expected)
        assert reads.paths == []


def test_a_cache_file_that_would_run_code_is_not_loaded(tmp_path: Path, reads: Reads) -> None:
    """Even with a header and checksum that match (written by someone who can write the cache),
    a payload that names a function is refused by the unpickler."""
    folder = tmp_path / "digests"
    _archive(folder)
    expected = run([folder], cache=Cache(tmp_path / "cache"))
    marker = tmp_path / "ran"

    class Hostile:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    body = pickle.dumps(Hostile(), protocol=5)
    for entry in _entries(tmp_path / "cache"):
        header = bytearray(entry.read_bytes()[: cache_module._HEADER.size])
        fields = list(cache_module._HEADER.unpack(bytes(header)))
        fields[5], fields[6] = len(body), hashlib.sha256(body).digest()[:16]
        entry.write_bytes(cache_module._HEADER.pack(*fields) + body)
    reads.paths.clear()
    assert _same(run([folder], cache=Cache(tmp_path / "cache")), expected)
    assert not marker.exists() and len(reads.paths) == 10


def test_other_files_in_the_cache_folder_are_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    root = tmp_path / "cache"
    run([folder], cache=Cache(root))
    generation = next(root.glob("v*-*"))
    mine = [root / "notes.txt", generation / "notes.txt", root / "v1-not-a-generation" / "x"]
    for path in mine:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine", encoding="utf-8")
    old = time.time() - 400 * 24 * 3600
    for path in mine:
        os.utime(path, (old, old))
    (folder / "2025-04-01.md").write_text(badge_digest([_paper(5)]), encoding="utf-8")
    run([folder], cache=Cache(root))  # writes an entry: prunes
    assert all(path.read_text(encoding="utf-8") == "mine" for path in mine)


def test_a_cache_that_cannot_be_written_is_said_once_and_the_check_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    expected = _check(capsys, "--no-cache", str(folder))
    options = ["--isolated", "-j", "1", "--exit-zero", "--no-group"]
    code = main(["check", *options, "--cache-dir", str(tmp_path / "a-file" / "c"), str(folder)])
    out, err = capsys.readouterr()
    assert (code, out) == expected
    assert err.count("cannot write the cache") == 1 and "Traceback" not in err


# Pruning


def test_unused_entries_and_old_generations_are_pruned(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    root = tmp_path / "cache"
    for select in (["DP1"], ["DP2"], ["DP3"], ["DP4"], ["DP9"], ["DP1", "DP3"]):
        run([folder], cache=Cache(root), select=select)
        time.sleep(0.01)  # distinct folder times
    assert len(list(root.glob("v*-*"))) == cache_module.GENERATIONS
    newest = max(root.glob("v*-*"), key=lambda p: p.stat().st_mtime)
    stale = newest / f"{'0' * 16}-{'0' * 64}"
    stale.write_bytes(b"old")
    old = time.time() - cache_module.MAX_AGE - 60
    os.utime(stale, (old, old))
    (folder / "2025-04-01.md").write_text(badge_digest([_paper(6)]), encoding="utf-8")
    run([folder], cache=Cache(root), select=["DP1", "DP3"])
    assert stale.exists()  # ages were looked at by this generation's first run, not a day ago
    marker = newest / cache_module._PRUNED
    day_ago = time.time() - cache_module.PRUNE_EVERY - 60
    os.utime(marker, (day_ago, day_ago))
    (folder / "2025-04-01.md").write_text(badge_digest([_paper(7)]), encoding="utf-8")
    run([folder], cache=Cache(root), select=["DP1", "DP3"])
    assert not stale.exists()
    assert marker.stat().st_mtime > day_ago + 60
    entries = [p for p in newest.iterdir() if p.name != cache_module._PRUNED]
    assert len(entries) == 10  # one entry per file of the run, nothing else


def test_a_daily_run_stats_no_cache_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking at the ages of a large cache's entries costs one stat each: done once a day."""
    folder = tmp_path / "digests"
    _archive(folder)
    root = tmp_path / "cache"
    run([folder], cache=Cache(root), select=["DP1"])
    one = folder / "2025-04-01.md"
    one.write_text(badge_digest([_paper(6)]), encoding="utf-8")
    stats: list[str] = []

    class Counting:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.entry = entry

        def __getattr__(self, name: str) -> object:
            if name == "stat":
                stats.append(self.entry.name)
            return getattr(self.entry, name)

    real_scandir = os.scandir
    monkeypatch.setattr(cache_module.os, "scandir", lambda p: [Counting(e) for e in real_scandir(p)])
    run([one], cache=Cache(root), select=["DP1"])  # the other files' entries are not this run's
    assert [s for s in stats if cache_module._ENTRY.fullmatch(s)] == []


# --fix


def test_fix_after_a_cached_check_fixes_as_without_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reads: Reads
) -> None:
    text = badge_digest([_paper(1, authors=(BROKEN, "Alan Turing")), _paper(2)])
    for name in ("cached", "plain"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.md").write_text(text, encoding="utf-8")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    _check(capsys, *cache, str(tmp_path / "cached"))
    reads.paths.clear()
    _check(capsys, *cache, "--fix", str(tmp_path / "cached"))
    # the findings and fixes came from the cache; the file is read only by the fix step, before
    # and after the fixes, to make sure they left its papers as they were (lint/fix.py)
    assert reads.paths == [str(tmp_path / "cached" / "a.md")] * 2
    _check(capsys, "--no-cache", "--fix", str(tmp_path / "plain"))
    fixed = (tmp_path / "cached" / "a.md").read_text(encoding="utf-8")
    assert fixed == (tmp_path / "plain" / "a.md").read_text(encoding="utf-8")
    assert MENDED in fixed and BROKEN not in fixed
    # changed since: read again, and the fixes apply to the new bytes
    (tmp_path / "cached" / "a.md").write_text(text + "\n", encoding="utf-8")
    _check(capsys, *cache, "--fix", str(tmp_path / "cached"))
    assert (tmp_path / "cached" / "a.md").read_text(encoding="utf-8") == fixed + "\n"


# Concurrency


def test_concurrent_runs_do_not_damage_the_cache(tmp_path: Path, reads: Reads) -> None:
    """Three runs at once fill an empty cache (each writes every entry), then three more at once
    after an edit (each writes the new entry and prunes the old one)."""
    folder = tmp_path / "digests"
    paths = _archive(folder, days=12)
    command = [sys.executable, "-m", "digestparse", "check", "--isolated", "--exit-zero", "-q"]
    command += ["--no-group", "--cache-dir", str(tmp_path / "cache"), str(folder)]
    env = {**os.environ, "DIGESTPARSE_NO_CACHE": "0"}
    for _round in range(2):
        children = [
            subprocess.Popen(
                [*command, "-j", str(1 + n % 2)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
            )
            for n in range(3)
        ]
        outputs = {child.communicate(timeout=120)[0] for child in children}
        assert [child.returncode for child in children] == [0, 0, 0] and len(outputs) == 1
        expected = run([folder])
        reads.paths.clear()
        assert _same(run([folder], cache=Cache(tmp_path / "cache")), expected)
        assert reads.paths == []  # every entry written is whole
        paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.name.startswith(".tmp-")]


# Same output in every case


def test_workers_and_earlier_tellings_give_the_same_output(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    root = tmp_path / "cache"
    assert _same(run([folder], cache=Cache(root), jobs=2), run([folder]))
    assert _same(run([folder], cache=Cache(root), jobs=2), run([folder], jobs=2))
    digest = digestparse.loads(SEEDS[0].read_bytes(), path="index")
    earlier = [(str(p.arxiv_id), telling_of(p, "index", p.line)) for p in digest.papers if p.arxiv_id]
    assert _same(run([folder], cache=Cache(root), earlier=earlier), run([folder], earlier=earlier))


def test_in_memory_digests_and_standard_input_beside_cached_files(tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    _archive(folder)
    extra = digestparse.loads(badge_digest([_paper(20, figure=999)], date="2026-01-01"), path="mem.md")
    root = tmp_path / "cache"
    run([folder], cache=Cache(root))
    assert _same(run([folder], digests=[extra], cache=Cache(root)), run([folder], digests=[extra]))


def test_the_collector_is_given_back_what_the_run_froze(tmp_path: Path) -> None:
    """Results loaded from the cache are kept out of the collector's way during the run only,
    and objects the program froze itself stay frozen."""
    folder = tmp_path / "digests"
    _archive(folder)
    run([folder], cache=Cache(tmp_path / "cache"))
    assert gc.get_freeze_count() == 0
    run([folder], cache=Cache(tmp_path / "cache"))
    assert gc.get_freeze_count() == 0
    kept = [object(), [1]]
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        run([folder], cache=Cache(tmp_path / "cache"))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    del kept


def _corpus_sample() -> list[Path]:
    return sorted(PROJECT_CORPUS.rglob("*.md")) + shared_digest_files()[::8]


def test_the_real_corpus_checks_the_same_with_the_cache(tmp_path: Path) -> None:
    files = _corpus_sample()
    plain = run(files, select=["ALL"])
    root = tmp_path / "cache"
    assert _same(run(files, select=["ALL"], cache=Cache(root)), plain)
    warm = run(files, select=["ALL"], cache=Cache(root))
    assert _same(warm, plain) and warm.cached == len(files)
    half = files[::2]  # fewer files: other papers are told once
    assert _same(run(half, select=["ALL"], cache=Cache(root)), run(half, select=["ALL"]))


def test_a_full_fingerprint_made_later_is_the_one_made_at_once() -> None:
    files = [*SEEDS, *shared_digest_files()[::40]]
    for path in files:
        digest = digestparse.loads(path.read_bytes(), path=str(path))
        for paper in digest.papers:
            full = telling_of(paper, str(path), paper.line)
            short = telling_of(paper, str(path), paper.line, full=False)
            assert title_only(full) == short
            assert completed(short, paper.authors, paper.categories, paper.abstract) == full
