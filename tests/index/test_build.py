"""Building the index from git history and files: every paper of every blob, incrementally."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import pytest

import digestparse
from digestparse.errors import DigestParseError
from digestparse.index import build_index, open_index
from digestparse.index.builder import BuildStats
from tests.conftest import PROJECT_CORPUS, shared_digest_files
from tests.index.gitrepo import DAY_1, History, digest_history, git, git_env, init


def _blobs_by_walking_trees(repo: Path) -> dict[str, str]:
    """Every *.md blob of every commit, found another way than the index does: each commit's
    whole tree (``ls-tree -r``), blob -> first path."""
    found: dict[str, str] = {}
    for commit in git(repo, "rev-list", "--reverse", "HEAD").split():
        for row in git(repo, "ls-tree", "-r", commit).splitlines():
            meta, path = row.split("\t", 1)
            blob = meta.split()[2]
            if path.endswith(".md"):
                found.setdefault(blob, path)
    return found


def _papers_of(repo: Path, blob: str, path: str) -> list[digestparse.Paper] | None:
    data = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "-p", blob], capture_output=True, env=git_env(), check=True
    ).stdout
    try:
        return digestparse.loads(data, path=path).papers
    except DigestParseError:
        return None


def _build(db_path: Path, repo: Path, rev: str | None = None, **kw: int) -> BuildStats:
    db = open_index(db_path, write=True)
    try:
        return build_index(db, git=repo, rev=rev, **kw)
    finally:
        db.close()


def test_every_paper_of_every_blob_is_indexed(tmp_path: Path) -> None:
    history = digest_history(tmp_path / "repo")
    stats = _build(tmp_path / "i.sqlite", history.path)
    blobs = _blobs_by_walking_trees(history.path)
    expected: Counter[str] = Counter()
    unreadable = set()
    for blob, path in blobs.items():
        papers = _papers_of(history.path, blob, path)
        if papers is None:
            unreadable.add(blob)
            continue
        expected.update(str(p.arxiv_id) for p in papers if p.arxiv_id is not None)
    db = sqlite3.connect(tmp_path / "i.sqlite")
    got = Counter(dict(db.execute("SELECT arxiv_id, count(*) FROM tellings GROUP BY arxiv_id").fetchall()))
    assert got == expected
    assert sum(expected.values()) == stats.tellings > 40
    indexed = {row[0] for row in db.execute("SELECT blob FROM blobs")}
    assert indexed == set(blobs)
    skipped = {row[0] for row in db.execute("SELECT blob FROM blobs WHERE status = 'skipped'")}
    assert skipped == unreadable and len(skipped) == 1  # notes.md, a table no format reads
    # one paper row per identifier, counting its tellings
    papers = dict(db.execute("SELECT arxiv_id, tellings FROM papers").fetchall())
    assert papers == dict(expected)


def test_rename_and_delete_are_followed_and_the_blob_is_read_once(tmp_path: Path) -> None:
    history = digest_history(tmp_path / "repo")
    stats = _build(tmp_path / "i.sqlite", history.path)
    db = sqlite3.connect(tmp_path / "i.sqlite")
    rows = db.execute("SELECT commit_hash, path, blob, status FROM file_versions ORDER BY path").fetchall()
    renamed = [r for r in rows if r[1].startswith("renamed/")]
    assert len(renamed) == 1 and renamed[0][0] == history.commits[1]
    gone = [r for r in rows if r[0] == history.commits[1] and r[3] == "D"]
    assert len(gone) == 1 and gone[0][1] == "seeds/" + renamed[0][1].split("/")[1] and gone[0][2] is None
    added = [r for r in rows if r[0] == history.commits[0] and r[1] == gone[0][1]]
    assert added[0][2] == renamed[0][2]  # the same blob under its new name
    deleted = [r for r in rows if r[0] == history.commits[2] and r[3] == "D"]
    assert len(deleted) == 1 and deleted[0][2] is None
    assert stats.blobs_known == 1  # the renamed seed: same blob, not read again
    # its tellings keep the path and commit where the blob was first seen
    assert db.execute("SELECT count(*) FROM tellings WHERE path LIKE 'renamed/%'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM commits").fetchone()[0] == 4  # the last touches no digest


def test_v1_and_v2_are_one_paper(tmp_path: Path) -> None:
    history = digest_history(tmp_path / "repo")
    _build(tmp_path / "i.sqlite", history.path)
    db = sqlite3.connect(tmp_path / "i.sqlite")
    row = db.execute("SELECT versions, tellings FROM papers WHERE arxiv_id = '2504.93001'").fetchone()
    assert row == ("[1, 2]", 2)


def test_reindexing_reads_nothing_already_indexed(tmp_path: Path) -> None:
    history = digest_history(tmp_path / "repo")
    first = _build(tmp_path / "i.sqlite", history.path, rev="HEAD~1")
    assert first.commits == 3 and first.tellings > 0
    again = _build(tmp_path / "i.sqlite", history.path, rev="HEAD~1")
    assert (again.commits, again.blobs_read, again.tellings) == (0, 0, 0)
    assert again.commits_known == 3
    # a new commit: only its blob is read
    (history.path / "topic" / "day.md").write_bytes(DAY_1.read_bytes().replace(b"442", b"443"))
    history.commit("day 5")
    more = _build(tmp_path / "i.sqlite", history.path)
    assert more.commits == 2 and more.blobs_read == 1


def test_interrupted_run_leaves_a_consistent_index_and_the_next_run_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = digest_history(tmp_path / "repo")
    clean = _build(tmp_path / "clean.sqlite", history.path)
    from digestparse.index import builder

    original = builder.Writer.write
    calls = {"n": 0}

    def failing(self: builder.Writer, batch: builder._Batch, repo: str | None) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, batch, repo)

    monkeypatch.setattr(builder.Writer, "write", failing)
    with pytest.raises(KeyboardInterrupt):
        _build(tmp_path / "i.sqlite", history.path, batch_tellings=1)
    db = sqlite3.connect(tmp_path / "i.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    done = db.execute("SELECT count(*) FROM commits").fetchone()[0]
    assert done == 1  # the first batch (one commit) is in, the second rolled back
    per_blob = db.execute(
        "SELECT b.papers, (SELECT count(*) FROM tellings t WHERE t.blob = b.blob) FROM blobs b"
    ).fetchall()
    assert per_blob and all(a == b for a, b in per_blob)
    db.close()
    monkeypatch.setattr(builder.Writer, "write", original)
    resumed = _build(tmp_path / "i.sqlite", history.path)
    assert resumed.commits == 3
    db = sqlite3.connect(tmp_path / "i.sqlite")
    total = db.execute("SELECT count(*) FROM tellings").fetchone()[0]
    assert total == clean.tellings


def test_two_index_runs_at_once_store_each_telling_once(tmp_path: Path) -> None:
    history = digest_history(tmp_path / "repo")
    clean = _build(tmp_path / "clean.sqlite", history.path)
    db_path = tmp_path / "i.sqlite"
    command = [
        str(Path(__import__("sys").executable)),
        "-m",
        "digestparse",
        "index",
        "--git",
        str(history.path),
        "--db",
        str(db_path),
    ]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, env=git_env()) for _ in range(2)]
    results = [(p.wait(), p.stderr.read() if p.stderr else b"") for p in runs]
    assert [code for code, _ in results] == [0, 0], results
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM tellings").fetchone()[0] == clean.tellings
    assert db.execute("SELECT sum(tellings) FROM papers").fetchone()[0] == clean.tellings


def test_files_on_disk_are_indexed_and_not_hashed_again(tmp_path: Path) -> None:
    folder = PROJECT_CORPUS / "generated"
    db = open_index(tmp_path / "i.sqlite", write=True)
    first = build_index(db, [folder])
    expected = 0
    for path in sorted(folder.rglob("*.md")):
        with contextlib.suppress(DigestParseError):
            expected += len(digestparse.load(path).papers)
    assert first.tellings == expected > 0
    again = build_index(db, [folder])
    assert (again.blobs_read, again.tellings) == (0, 0)
    db.close()


@pytest.mark.skipif(not shared_digest_files(), reason="shared corpus absent")
def test_real_digests_over_commits(tmp_path: Path) -> None:
    """Real digests rewritten over commits under one name, as a daily generator does."""
    files = shared_digest_files()[:12]
    history: History = init(tmp_path / "repo")
    expected = 0
    blobs: set[bytes] = set()
    for number, source in enumerate(files):
        data = source.read_bytes()
        name = "hot_topic/LLM.md" if number % 2 else f"{number % 3}/topic.md"
        target = history.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        history.commit(f"day {number}")
        if data in blobs:
            continue
        blobs.add(data)
        with contextlib.suppress(DigestParseError):
            expected += len(digestparse.loads(data, path=name).papers)
    stats = _build(tmp_path / "i.sqlite", history.path)
    assert stats.tellings == expected > 0


def test_writers_creating_one_index_at_once_wait_for_each_other(tmp_path: Path) -> None:
    """Switching a new index to WAL needs the file to itself and SQLite says "database is
    locked" without waiting: a second writer called the file "not a digestparse index" (seen in
    one run of the two-process test above; about once in 40 rounds of three threads here)."""
    import threading

    from digestparse.index import schema

    failures: list[str] = []
    for round_ in range(120):
        path = tmp_path / f"i{round_}.sqlite"

        def open_and_close(path: Path = path) -> None:
            try:
                schema.connect(path, create=True).close()
            except Exception as exc:  # the failure this test looks for, whatever its type
                failures.append(str(exc))

        threads = [threading.Thread(target=open_and_close) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
