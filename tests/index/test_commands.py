"""The index on the command line: search, history, check --index, merge and export --index, and
every way a bad database, folder or range is refused."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from digestparse.cli import main
from tests.index.gitrepo import DAY_2, History, digest_history, git


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[History, Path]:
    base = tmp_path_factory.mktemp("indexed")
    history = digest_history(base / "repo")
    db = base / "index.sqlite"
    assert main(["index", "--git", str(history.path), "--db", str(db), "-q"]) == 0
    return history, db


def test_history_shows_the_changed_figure_with_both_commits(
    capsys: pytest.CaptureFixture[str], indexed: tuple[History, Path]
) -> None:
    history, db = indexed
    code, out, _ = run(capsys, "history", "2504.90001", "--db", str(db))
    assert code == 0
    first, second = history.commits[0][:7], history.commits[1][:7]
    assert f"topic/day.md@{first}:1" in out and f"topic/day.md@{second}:10" in out
    assert "442 -> 220" in out
    code, out, _ = run(capsys, "history", "2504.90001v3", "--db", str(db), "--format", "json")
    entries = json.loads(out)
    changed = [e for e in entries if e["changes"]]
    figures = [c for e in changed for c in e["changes"] if c["field"] == "figures"]
    assert figures[0]["pairs"] == [["442", "220"]] and figures[0]["code"] == "DP401"
    assert changed[0]["source"] == f"topic/day.md@{second}:10"
    assert entries[0]["source"] == f"topic/day.md@{first}:1"


def test_history_of_an_unknown_or_malformed_id(
    capsys: pytest.CaptureFixture[str], indexed: tuple[History, Path]
) -> None:
    _, db = indexed
    code, _, err = run(capsys, "history", "2101.00001", "--db", str(db))
    assert code == 1 and "no telling" in err
    code, _, err = run(capsys, "history", "not-an-id", "--db", str(db))
    assert code == 2 and "Traceback" not in err


def test_search_by_title_words_author_and_category(
    capsys: pytest.CaptureFixture[str], indexed: tuple[History, Path]
) -> None:
    _, db = indexed
    code, out, _ = run(capsys, "search", "emergencies home audio", "--db", str(db), "--format", "jsonl")
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and hits[0]["arxiv_id"] == "2504.01089"
    code, out, _ = run(
        capsys, "search", "", "--author", "Edsger Dijkstra", "--db", str(db), "--format", "json"
    )
    assert {h["arxiv_id"] for h in json.loads(out)} >= {"2504.90001"}
    code, out, _ = run(
        capsys, "search", "budgets", "--category", "cs.CL", "--db", str(db), "--format", "json"
    )
    assert [h["arxiv_id"] for h in json.loads(out)] == ["2504.90001"]
    code, out, _ = run(
        capsys, "search", "budgets", "--category", "cs.RO", "--db", str(db), "--format", "json"
    )
    assert json.loads(out) == []


def test_search_counts_tellings_once_per_paper(
    capsys: pytest.CaptureFixture[str], indexed: tuple[History, Path]
) -> None:
    _, db = indexed
    _code, out, _ = run(capsys, "search", "versioned link", "--db", str(db), "--format", "json")
    hits = json.loads(out)
    assert [h["arxiv_id"] for h in hits].count("2504.93001") == 1
    hit = next(h for h in hits if h["arxiv_id"] == "2504.93001")
    assert hit["tellings"] == 2 and hit["versions"] == [1, 2]


def test_search_filters_by_path_and_dates(
    capsys: pytest.CaptureFixture[str], indexed: tuple[History, Path]
) -> None:
    _, db = indexed
    code, out, _ = run(
        capsys, "search", "budgets", "--path", "hot_topic", "--db", str(db), "--format", "json"
    )
    assert {h["arxiv_id"] for h in json.loads(out)} == {"2504.90001", "2504.93009"}
    code, out, _ = run(capsys, "search", "budgets", "--path", "topic/*", "--db", str(db), "--format", "json")
    assert {h["arxiv_id"] for h in json.loads(out)} == {"2504.90001"}
    code, out, _ = run(
        capsys, "search", "budgets", "--until", "2000-01-01", "--db", str(db), "--format", "json"
    )
    assert json.loads(out) == []
    code, out, _ = run(capsys, "search", "budgets", "--since", "2000-01-01", "--db", str(db))
    assert code == 0 and "2504.90001" in out


def test_search_text_escapes_control_characters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    digest = DAY_2.read_text(encoding="utf-8").replace("Open Pre-Training", "Open \x1b[31mPre-Training", 1)
    (tmp_path / "d.md").write_text(digest, encoding="utf-8")
    db = str(tmp_path / "i.sqlite")
    assert main(["index", str(tmp_path / "d.md"), "--db", db, "-q"]) == 0
    code, out, _ = run(capsys, "search", "budgets", "--db", db)
    assert code == 0 and "\x1b" not in out and "\\x1b[31m" in out


def test_check_index_reports_the_figure_changed_since_an_earlier_commit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = digest_history(tmp_path / "repo")
    db = str(tmp_path / "index.sqlite")
    assert main(["index", "--git", str(history.path), "--rev", history.commits[0], "--db", db, "-q"]) == 0
    # the working tree has day 2's file: alone, it has no conflict
    day = str(history.path / "topic" / "day.md")
    code, out, _ = run(capsys, "check", day, "--select", "DP401", "--isolated", "-q")
    assert code == 0 and out == ""
    code, out, _ = run(capsys, "check", day, "--select", "DP4", "--isolated", "-q", "--index", db)
    assert code == 1
    first = history.commits[0][:7]
    assert "DP401 [error] 2504.90001: figure 220 here" in out
    assert f"but 442 at topic/day.md@{first}:9" in out
    # identical earlier tellings are no finding
    code, out, _ = run(
        capsys, "check", str(history.path / "seeds"), "--isolated", "-q", "--index", db, "--select", "DP4"
    )
    assert code == 0 and out == ""


def test_check_index_that_is_not_an_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage" * 100)
    code, _, err = run(capsys, "check", str(DAY_2), "--isolated", "-q", "--index", str(bad))
    assert code == 2 and "not a digestparse index" in err


def test_merge_and_export_from_an_index(
    capsys: pytest.CaptureFixture[str], indexed: tuple[History, Path]
) -> None:
    _, db = indexed
    ids = {row[0] for row in sqlite3.connect(db).execute("SELECT arxiv_id FROM papers")}
    code, out, _ = run(capsys, "merge", "--index", str(db))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {r["arxiv_id"] for r in records} == ids and len(records) == len(ids)
    versioned = next(r for r in records if r["arxiv_id"] == "2504.93001")
    assert versioned["versions"] == [1, 2] and len(versioned["appearances"]) == 2
    assert any(c["code"] == "DP402" for c in versioned["conflicts"])
    code, out, _ = run(capsys, "export", "--index", str(db), "--to", "jsonl")
    exported = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and sorted(r["arxiv_id"] for r in exported) == sorted(ids)
    figure = next(r for r in exported if r["arxiv_id"] == "2504.90001")
    assert "220 A100" in figure["abstract"] and "@" in figure["path"]  # the latest telling
    code, out, _ = run(capsys, "export", "--index", str(db), "--to", "bibtex")
    assert code == 0 and out.count("@misc") + out.count("@article") >= len(ids) - 1
    code, _, err = run(capsys, "merge")
    assert code == 2 and "--index" in err


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all" * 50, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "damaged-header"],
)
def test_a_corrupt_database_is_refused_and_left_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "index.sqlite"
    db.write_bytes(content)
    for argv in (["index", str(DAY_2), "--db", str(db)], ["search", "x", "--db", str(db)]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and str(db) in err and "Traceback" not in err
    assert db.read_bytes() == content


def test_a_foreign_database_is_refused_and_left_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "other.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE customers (name TEXT)")
    con.execute("INSERT INTO customers VALUES ('x')")
    con.commit()
    con.close()
    before = db.read_bytes()
    code, _, err = run(capsys, "index", str(DAY_2), "--db", str(db))
    assert code == 2 and "another application" in err
    assert db.read_bytes() == before


def test_a_newer_layout_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "i.sqlite"
    assert main(["index", str(DAY_2), "--db", str(db), "-q"]) == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    code, _, err = run(capsys, "index", str(DAY_2), "--db", str(db))
    assert code == 2 and "newer" in err


def test_missing_index_for_readers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "search", "x", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "no index there" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_git_on_a_folder_that_is_not_a_repository_or_a_bad_range(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "plain").mkdir()
    code, _, err = run(capsys, "index", "--git", str(tmp_path / "plain"), "--db", str(tmp_path / "i.sqlite"))
    assert code == 2 and "not a git repository" in err
    history = digest_history(tmp_path / "repo")
    code, _, err = run(
        capsys,
        "index",
        "--git",
        str(history.path),
        "--rev",
        "nosuch..HEAD",
        "--db",
        str(tmp_path / "i.sqlite"),
    )
    assert code == 2 and "bad revision range" in err
    code, _, err = run(
        capsys, "index", "--git", str(tmp_path / "missing"), "--db", str(tmp_path / "i.sqlite")
    )
    assert code == 2 and "no such folder" in err


def test_older_layout_without_migration_is_rebuilt_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "i.sqlite"
    assert main(["index", str(DAY_2), "--db", str(db), "-q"]) == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 0")
    con.close()
    code, _, err = run(capsys, "index", str(DAY_2), "--db", str(db))
    assert code == 0 and "rebuilt" in err
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert con.execute("SELECT count(*) FROM tellings").fetchone()[0] > 0


def test_a_field_added_to_paper_becomes_a_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An index made before ``Paper`` had ``abstract_zh`` (simulated by dropping the column):
    opening it adds the column and rebuilds the full-text table, keeping every telling."""
    db = tmp_path / "i.sqlite"
    assert main(["index", str(DAY_2), "--db", str(db), "-q"]) == 0
    con = sqlite3.connect(db)
    fields = json.loads(con.execute("SELECT value FROM meta WHERE key = 'paper_fields'").fetchone()[0])
    texts = json.loads(con.execute("SELECT value FROM meta WHERE key = 'text_fields'").fetchone()[0])
    con.execute("DROP VIEW paper_tellings")
    con.execute("ALTER TABLE contents DROP COLUMN abstract_zh")
    con.execute(
        "UPDATE meta SET value = ? WHERE key = 'paper_fields'",
        (json.dumps([f for f in fields if f != "abstract_zh"]),),
    )
    con.execute(
        "UPDATE meta SET value = ? WHERE key = 'text_fields'",
        (json.dumps([f for f in texts if f != "abstract_zh"]),),
    )
    con.commit()
    tellings = con.execute("SELECT count(*) FROM tellings").fetchone()[0]
    con.close()
    code, _, err = run(capsys, "index", str(DAY_2), "--db", str(db))
    assert code == 0 and "abstract_zh" in err
    con = sqlite3.connect(db)
    columns = {row[1] for row in con.execute("PRAGMA table_info(paper_tellings)")}
    assert "abstract_zh" in columns and con.execute("SELECT count(*) FROM tellings").fetchone()[0] == tellings
    code, out, _ = run(capsys, "search", "budgets", "--db", str(db), "--format", "json")
    assert code == 0 and json.loads(out)


def test_a_blob_no_format_reads_is_skipped_not_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "table.md").write_text("| a | b |\n| - | - |\n", encoding="utf-8")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    db = tmp_path / "i.sqlite"
    code, _, err = run(capsys, "index", str(tmp_path), "--db", str(db))
    assert code == 0 and "2 skipped" in err
    reasons = [r[0] for r in sqlite3.connect(db).execute("SELECT reason FROM blobs WHERE status = 'skipped'")]
    assert len(reasons) == 2 and all(r for r in reasons)


def test_index_rev_without_git_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, _ = run(capsys, "index", "--rev", "HEAD", "--db", str(tmp_path / "i.sqlite"))
    assert code == 2
    history = digest_history(tmp_path / "repo")
    # a pathspec limits what is read from the history
    code, _, _err = run(
        capsys, "index", "hot_topic", "--git", str(history.path), "--db", str(tmp_path / "j.sqlite")
    )
    assert code == 0
    paths = {
        r[0] for r in sqlite3.connect(tmp_path / "j.sqlite").execute("SELECT DISTINCT path FROM tellings")
    }
    assert paths == {"hot_topic/Diffusion.md"}
    assert git(history.path, "status", "--porcelain") == ""  # nothing was checked out or written


def test_a_broad_query_ranks_the_newest_matches_unless_exhaustive(
    capsys: pytest.CaptureFixture[str], indexed: tuple[History, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    search_module = importlib.import_module("digestparse.index.search")

    _, db = indexed
    code, out, _ = run(capsys, "search", "the", "--db", str(db), "--format", "json", "--limit", "100")
    everything = {h["arxiv_id"] for h in json.loads(out)}
    newest = {
        row[0]
        for row in sqlite3.connect(db).execute(
            "SELECT c.arxiv_id FROM contents_fts f JOIN contents c ON c.id = f.rowid "
            "WHERE contents_fts MATCH '\"the\"' ORDER BY f.rowid DESC LIMIT 3"
        )
    }
    monkeypatch.setattr(search_module, "RANK_CAP", 2)
    code, out, _ = run(capsys, "search", "the", "--db", str(db), "--format", "json", "--limit", "1")
    assert code == 0 and json.loads(out)[0]["arxiv_id"] in newest
    assert len(everything) > 10
    code, out, _ = run(
        capsys, "search", "the", "--db", str(db), "--format", "json", "--limit", "100", "--exhaustive"
    )
    assert {h["arxiv_id"] for h in json.loads(out)} == everything
    # filters that leave too few of the newest matches fall back to ranking every match
    code, out, _ = run(
        capsys, "search", "emergencies", "--path", "seeds", "--db", str(db), "--format", "json"
    )
    assert [h["arxiv_id"] for h in json.loads(out)] == ["2504.01089"]
