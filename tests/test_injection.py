"""Digest text and file names cannot inject anything into an output (reliability issue, item 4).

Human-facing outputs (text and github formats, error and loss messages, diff headers) escape
control characters, bidi controls and newlines; GitHub annotations follow GitHub's own escaping;
CSV cells cannot be spreadsheet formulas; BibTeX values cannot close their field; machine
formats stay valid even for a file name that is not UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string, write_string

import digestparse
from digestparse import ArxivId, Paper
from digestparse._escape import escape_surrogates, escape_text
from digestparse.bibtex import to_bibtex
from digestparse.cli import main
from digestparse.export import to_csv
from tests.builders import Entry, badge_digest
from tests.conftest import ROOT

ESC_TITLE = "\x1b]0;pwned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J"  # clears the screen
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# Terminal and log output


def test_escape_text_makes_every_control_and_bidi_character_visible() -> None:
    text = "a\x00b\x1b[2Jc\td\ne\rf\x7fg\x85h\x9bi\u202ej\u2066k\u2069l\u2028m\udcffn"
    escaped = escape_text(text)
    assert UNSAFE.search(escaped) is None and "\n" not in escaped and "\t" not in escaped
    assert escaped == ("a\\x00b\\x1b[2Jc\\td\\ne\\rf\\x7fg\\x85h\\x9bi\\u202ej\\u2066k\\u2069l\\u2028m\\xffn")
    assert escape_text("Kästner 主动 \\textbf{x} 0.36\\%") == "Kästner 主动 \\textbf{x} 0.36\\%"


def _two_tellings(tmp_path: Path, categories: tuple[str, ...]) -> Path:
    (tmp_path / "a.md").write_text(badge_digest([Entry()]), encoding="utf-8")
    (tmp_path / "b.md").write_text(badge_digest([Entry(categories=categories)]), encoding="utf-8")
    return tmp_path


def test_dp405_categories_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _two_tellings(tmp_path, ("cs.CV", ESC_TITLE + CLEAR + "\u202e"))
    code, out, err = _run(capsys, "check", str(folder), "--select", "DP405", "--isolated")
    assert code == 1 and "DP405" in out
    assert UNSAFE.search(out + err) is None
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202e" in out


def test_a_file_name_cannot_start_a_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "g2\n::error file=README.md::pwned\x1b[2J.md"
    hostile.write_text(badge_digest([Entry(authors=("Linh K√§stner",))]), encoding="utf-8")
    code, out, _ = _run(capsys, "check", str(tmp_path), "--select", "DP301", "--isolated", "-q")
    assert code == 1
    assert out.count("\n") == 1 and not out.startswith("::") and "\n::" not in out
    assert "g2\\n::error file=README.md::pwned\\x1b[2J.md:17:" in out
    code, out, _ = _run(
        capsys, "check", str(tmp_path), "--select", "DP301", "--isolated", "--output-format", "github"
    )
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=")
    properties, message = lines[0][len("::error ") :].split("::", 1)
    assert "g2\\n%3A%3Aerror file=README.md%3A%3Apwned\\x1b[2J.md" in properties
    assert UNSAFE.search(out) is None and "DP301" in message


def test_github_output_escapes_percent_colon_and_comma(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "50%,a:b.md").write_text(badge_digest([Entry(authors=("Linh K√§stner",))]), encoding="utf-8")
    _, out, _ = _run(
        capsys, "check", str(tmp_path), "--select", "DP301", "--isolated", "--output-format", "github"
    )
    assert "50%25%2Ca%3Ab.md" in out


def test_error_messages_escape_file_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / f"x{CLEAR}\u202e.md"
    hostile.write_text("| a | b |\n| --- | --- |\n", encoding="utf-8")
    code, _, err = _run(capsys, "parse", str(hostile))
    assert code == 2 and "x\\x1b[2J\\u202e.md:1:1: not a paper digest" in err
    assert UNSAFE.search(err) is None


def test_conversion_losses_escape_file_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / f"y{CLEAR}.md"
    hostile.write_text(badge_digest([Entry()]), encoding="utf-8")
    code, _, err = _run(capsys, "convert", str(hostile), "--to", "sections")
    assert code == 0 and "[lost]" in err and "y\\x1b[2J.md" in err
    assert UNSAFE.search(err) is None


def test_diff_headers_escape_file_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / "d\n+++ other.md"
    hostile.write_text(badge_digest([Entry(authors=("Linh K√§stner",))]), encoding="utf-8")
    _, out, _ = _run(capsys, "check", str(hostile), "--select", "DP301", "--isolated", "--diff", "-q")
    assert "--- a/" + str(tmp_path) + "/d\\n+++ other.md\n" in out
    assert sum(1 for line in out.splitlines() if line.startswith("+++ ")) == 1


# File names that are not UTF-8


@pytest.fixture
def undecodable(tmp_path: Path) -> Path:
    """A folder with a digest whose file name has the byte 0xFF (not UTF-8)."""
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/g\xff.md")
    try:
        Path(name).write_text(badge_digest([Entry(authors=("Linh K√§stner",))]), encoding="utf-8")
    except (OSError, UnicodeError):  # pragma: no cover - a file system that refuses the name
        pytest.skip("the file system does not take a name that is not UTF-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_reports_name_an_undecodable_file(
    undecodable: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = undecodable / f"report.{fmt}"
    args = ["check", str(undecodable / "g\udcff.md"), "--isolated", "--select", "DP301"]
    code, _, err = _run(capsys, *args, "--output-format", fmt, "-o", str(report))
    assert code == 1, err
    data = json.loads(report.read_bytes().decode("utf-8"))
    paths = (
        [d["path"] for d in data]
        if fmt == "json"
        else [
            loc["physicalLocation"]["artifactLocation"]["uri"]
            for loc in data["runs"][0]["results"][0]["locations"]
        ]
    )
    # SARIF locations are URIs: the undecodable byte is percent-encoded there (a backslash is
    # not a URI character); JSON writes the name as bytes.decode(errors="backslashreplace") does
    expected = "/g\\xff.md" if fmt == "json" else "/g%FF.md"
    assert paths and all(path.endswith(expected) for path in paths)
    code, out, _ = _run(capsys, *args, "--output-format", fmt)
    assert json.loads(out) and "\udcff" not in out


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_exports_name_an_undecodable_file(
    undecodable: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = undecodable / f"papers.{fmt}"
    code, _, err = _run(capsys, "export", str(undecodable), "--to", fmt, "-o", str(out_file))
    assert code == 0, err
    text = out_file.read_bytes().decode("utf-8")
    if fmt == "jsonl":
        assert json.loads(text.splitlines()[0])["path"].endswith("/g\\xff.md")
    elif fmt == "json":
        assert json.loads(text)[0]["path"].endswith("/g\\xff.md")
    else:
        assert next(csv.DictReader(io.StringIO(text)))["path"].endswith("/g\\xff.md")


def test_merge_and_text_output_name_an_undecodable_file(
    undecodable: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    merged = undecodable / "merged.jsonl"
    assert _run(capsys, "merge", str(undecodable), "-o", str(merged))[0] == 0
    record = json.loads(merged.read_bytes().decode("utf-8").splitlines()[0])
    assert record["appearances"][0]["path"].endswith("/g\\xff.md")
    _, out, _ = _run(capsys, "check", str(undecodable), "--isolated", "--select", "DP301", "-q")
    assert "/g\\xff.md:17:" in out and "\udcff" not in out


def test_escape_surrogates_writes_the_bytes_as_backslash_replace_does() -> None:
    name = os.fsdecode(b"caf\xc3\xa9-\xff\xfe.md")
    assert escape_surrogates(name) == b"caf\xc3\xa9-\xff\xfe.md".decode("utf-8", "backslashreplace")
    assert (
        json.loads(escape_surrogates(json.dumps(name, ensure_ascii=False), json=True)) == "café-\\xff\\xfe.md"
    )


# CSV


FORMULAS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_cells_are_never_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = tmp_path / "f.md"
    digest.write_text(badge_digest([Entry(title=FORMULAS[1], authors=("-Mallory", "Ada"))]), encoding="utf-8")
    assert _run(capsys, "export", str(digest), "--to", "csv", "-o", str(tmp_path / "out.csv"))[0] == 0
    row = next(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert row["title"] == "'" + FORMULAS[1] and row["authors"] == "'-Mallory; Ada"
    papers = [Paper(arxiv_id=ArxivId("2504.01089"), title=text, abstract=text) for text in FORMULAS]
    rows = list(csv.DictReader(io.StringIO("".join(to_csv(papers)))))
    assert [r["title"] for r in rows] == ["'" + text for text in FORMULAS]
    assert all(r["abstract"] == r["title"] for r in rows)
    plain = next(csv.DictReader(io.StringIO("".join(to_csv([Paper(arxiv_id=None, title="A = B")])))))
    assert plain["title"] == "A = B" and plain["version"] == ""


# BibTeX


HOSTILE_TITLES = [
    "Evil}, author = {Mallory",
    "a } b {",
    "ends in a backslash \\",
    "ends in two \\\\",
    "\\{escaped\\} braces and {kept {pairs}}",
    "}}}{{{",
    "@misc{injected, title = {x}}",
    '"quoted", =, % comment, # hash, & amp, $x_{1}$',
    "\\",
]


def _exported(titles: list[str], authors: list[str]) -> tuple[str, list[Paper]]:
    papers = [
        Paper(arxiv_id=ArxivId(f"2504.{i:05d}"), title=t, authors=authors, authors_truncated=i % 2 == 1)
        for i, t in enumerate(titles)
    ]
    return to_bibtex(papers), papers


def test_a_bibtex_value_cannot_add_a_field_or_break_the_file() -> None:
    text, papers = _exported(
        HOSTILE_TITLES, ["Mallory}, note = {x", "Alice and Bob", "others", "Trailing \\"]
    )
    library = parse_string(text)
    assert library.failed_blocks == [] and len(library.entries) == len(papers)
    assert str(write_string(library)) == text  # read back exactly as written
    for entry in library.entries:
        fields = {f.key: f.value for f in entry.fields}
        assert set(fields) == {"title", "author", "year", "eprint", "archivePrefix", "url"}
        for value in fields.values():  # BibTeX itself counts every brace, escaped or not
            depth = 0
            for char in value:
                depth += {"{": 1, "}": -1}.get(char, 0)
                assert depth >= 0, value
            assert depth == 0 and not value.endswith("\\"), value
        assert fields["author"].startswith(
            "Mallory, note = x and {Alice and Bob} and {others} and Trailing \\textbackslash{}"
        )
    first = {f.key: f.value for f in library.entries[0].fields}
    assert first["title"] == "Evil, author = Mallory"
    kept = {f.key: f.value for f in library.entries[4].fields}
    assert kept["title"] == "\\textbraceleft{}escaped\\textbraceright{} braces and {kept {pairs}}"


def test_a_bibtex_primary_class_is_escaped_like_every_other_value() -> None:
    """Fuzzer finding (seed 112): a category read as ``cs.AI\\n\\{`` was written raw as
    ``primaryClass``, an escaped brace BibTeX counts as an open one."""
    for category in ("cs.AI\n\\{", "cs.AI}", "cs.AI\\", "a } b {"):
        paper = Paper(arxiv_id=ArxivId("2504.00001"), title="T", categories=[category, "cs.LG"])
        library = parse_string(to_bibtex([paper]))
        assert library.failed_blocks == [] and len(library.entries) == 1
        value = next(f.value for f in library.entries[0].fields if f.key == "primaryClass")
        depth = 0
        for char in value:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, value
        assert depth == 0 and not value.endswith("\\") and "\n" not in value, value


def test_cite_keys_are_unique_and_alphanumeric_past_z() -> None:
    text, _ = _exported(["Same Title"] * 60, ["Ada Lovelace"])
    keys = [entry.key for entry in parse_string(text).entries]
    assert len(set(keys)) == 60 and all(re.fullmatch(r"[a-z0-9]+", key) for key in keys)
    base = "lovelace2025same"
    assert keys[:3] == [base, base + "a", base + "b"]
    assert keys[26:29] == [base + "z", base + "aa", base + "ab"]
    clash = [
        Paper(arxiv_id=ArxivId("2504.00001"), title="Model", authors=["Smith"]),
        Paper(arxiv_id=ArxivId("2504.00002"), title="Modela", authors=["Smith"]),
        Paper(arxiv_id=ArxivId("2504.00003"), title="Model", authors=["Smith"]),
    ]
    clash_keys = [entry.key for entry in parse_string(to_bibtex(clash)).entries]
    assert clash_keys == ["smith2025model", "smith2025modela", "smith2025modelb"]


def test_seed_digests_export_with_alphanumeric_keys_that_parse_back() -> None:
    papers = list(digestparse.iter_papers([ROOT / "corpus" / "seeds"]))
    library = parse_string(to_bibtex(papers))
    assert library.failed_blocks == [] and len(library.entries) == len({str(p.arxiv_id) for p in papers})
    assert all(re.fullmatch(r"[a-z0-9]+", entry.key) for entry in library.entries)
