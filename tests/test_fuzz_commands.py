"""The command paths keep their invariants on mutated digests (issue 14: nothing lost, nothing
injected, nothing hangs), with a short Hypothesis budget.

The invariants and the mutations are the command fuzzer's (``tests/fuzz/commands.py``,
``tests/fuzz/mutate.py``), which runs them a million times offline; here Hypothesis draws the
inputs from the project's own digests and from the property strategies, so a failure shrinks to
a small case. Below: the regressions the fuzzer found, as plain tests.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digestparse
from digestparse.cli import main
from tests.builders import Entry, badge_digest
from tests.fuzz.commands import Case, Violation, apply_diff, execute, kinds, scratch
from tests.fuzz.mutate import Mutator, project_seeds
from tests.property.strategies import badge_digests, encodings, sections_digests

SEEDS = project_seeds()
MUTATOR = Mutator(SEEDS)
TOPIC_FILE = "7-Apr-2025/topic/LLM_related_papers.md"
BUDGET = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def folder() -> Iterator[Path]:
    """A scratch folder in memory (/dev/shm) where there is one: each fix and export syncs its
    file, which on a disk takes longer than the command."""
    path = scratch("fuzz-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@st.composite
def digests(draw: st.DrawFn) -> tuple[str, bytes]:
    """A project digest or a generated one, then mutated (or, now and then, left as it is)."""
    source = draw(st.sampled_from(["seed", "badge-list", "sections"]))
    if source == "seed":
        seed = draw(st.sampled_from(SEEDS))
        relpath, data = seed.relpath, seed.data
    else:
        _, text = draw(badge_digests if source == "badge-list" else sections_digests)
        relpath, data = TOPIC_FILE, draw(encodings(text))
    if draw(st.integers(0, 9)) > 0:
        data = MUTATOR.mutate(data, draw(st.randoms(use_true_random=False)))
    return relpath, data


@st.composite
def cases(draw: st.DrawFn, family: str) -> Case:
    files = [draw(digests())]
    if draw(st.booleans()):
        relpath, data = draw(digests())
        files.append((relpath if relpath != files[0][0] else "b/" + relpath, data))
    return Case(
        files=tuple(files),
        kind=draw(st.sampled_from([k for k in kinds() if k.partition(":")[0] == family])),
        to_file=draw(st.booleans()),
        sentinel=draw(st.booleans()),
        strict=draw(st.booleans()),
        quiet=draw(st.booleans()),
        named=draw(st.booleans()),
    )


@pytest.mark.parametrize("family", ["check", "fix", "convert", "export", "parse", "merge"])
def test_a_command_path_keeps_every_invariant_on_mutated_digests(family: str, folder: Path) -> None:
    @BUDGET
    @given(cases(family))
    def run(case: Case) -> None:
        execute(case, folder)

    run()


CRASHES = sorted((Path(__file__).parent / "fuzz" / "crashes").iterdir())


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: p.name)
def test_inputs_the_fuzzers_found_pass_every_command_path(path: Path, folder: Path) -> None:
    for kind in kinds():
        execute(Case(((TOPIC_FILE, path.read_bytes()),), kind), folder)


def test_the_oracle_catches_a_broken_invariant(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A harness that cannot fail tests nothing: a lost paper and a traceback are both caught."""
    import digestparse.export as export

    case = Case(
        ((TOPIC_FILE, badge_digest([Entry(), Entry(arxiv_id="2504.02000")]).encode()),), "export:jsonl"
    )
    execute(case, folder)
    monkeypatch.setattr(export, "paper_record", lambda paper: {"arxiv_id": "2504.99999"})
    with pytest.raises(Violation, match="jsonl lost papers"):
        execute(case, folder)
    monkeypatch.setattr(export, "paper_record", lambda paper: 1 / 0)
    with pytest.raises(Violation, match="internal error") as info:
        execute(case, folder)
    assert "ZeroDivisionError" in info.value.detail


def test_apply_diff_applies_what_check_diff_prints() -> None:
    before = "a\nb\r\nc\nd"
    diff = "--- a/x\n+++ b/x\n@@ -2,3 +2,3 @@\n-b\r\n+b\n c\n-d\n\\ No newline at end of file\n+d\n"
    assert apply_diff(before, diff) == "a\nb\nc\nd\n"
    with pytest.raises(Violation, match="diff does not apply"):
        apply_diff("a\nx\r\nc\nd", diff)


# Regressions found by the command fuzzer ------------------------------------------------------


@pytest.mark.parametrize("command", ["parse", "export", "merge"])
@pytest.mark.parametrize("existing", [False, True])
def test_exit_2_writes_no_output_and_leaves_an_existing_one_whole(
    command: str, existing: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A digest read with problems (here a cut entry) exits 2: nothing is written, so a partial
    export is never taken for a whole one (make and CI would see a fresh file)."""
    good = tmp_path / "a.md"
    good.write_text(badge_digest([Entry()]), encoding="utf-8")
    cut = tmp_path / "b.md"
    text = badge_digest([Entry(arxiv_id="2504.02000"), Entry(arxiv_id="2504.03000")])
    cut.write_text(text[: text.rindex("<details")], encoding="utf-8")
    assert digestparse.load(cut).problems
    out = tmp_path / "out" / "papers.jsonl"
    out.parent.mkdir()
    if existing:
        out.write_text("kept\n", encoding="utf-8")
    assert main([command, str(good), str(cut), "-o", str(out)]) == 2
    assert (out.read_text(encoding="utf-8") if out.exists() else None) == ("kept\n" if existing else None)
    assert main([command, str(good), str(cut)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and f"{cut}:" in captured.err
    assert sorted(p.name for p in out.parent.iterdir()) == (["papers.jsonl"] if existing else [])


def test_convert_reports_an_identifier_the_target_cannot_keep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sections names a paper by its link alone; a badge-list entry whose link names another
    paper (or none) keeps its identifier in backticks, which sections has no place for."""
    source = tmp_path / "a.md"
    text = badge_digest([Entry(arxiv_id="2504.90020", link="http://arxiv.org/abs/2504.90002v1"), Entry()])
    source.write_text(text, encoding="utf-8")
    assert [str(p.arxiv_id) for p in digestparse.load(source).papers] == ["2504.90020", "2504.01089"]
    assert main(["convert", str(source), "--to", "sections", "--strict"]) == 1
    captured = capsys.readouterr()
    assert [str(p.arxiv_id) for p in digestparse.loads(captured.out).papers] == ["2504.90002", "2504.01089"]
    assert re.search(
        r"a\.md:\d+: arxiv_id \(2504\.90020\): written as '2504\.90020', reads back as '2504\.90002'"
        r": sections takes it from the link, which does not name it \[lost\]",
        captured.err,
    )
    assert "2504.01089" not in captured.err.split("arxiv_id")[-1]


@pytest.mark.parametrize(
    "char,code,message",
    [
        ("\r", "DP303", "12001 stray carriage returns"),
        ("\x01", "DP302", "12001 control characters (U+0001)"),
        ("\ufffd", "DP304", "12001 U+FFFD replacement characters: characters were lost"),
    ],
)
def test_a_line_of_many_bad_characters_is_one_finding(
    char: str, code: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """12,000 CRs in one line were 12,000 findings: a 48 kB file gave a 3 s, 10 MB SARIF report."""
    path = tmp_path / "a.md"
    path.write_text(
        badge_digest([Entry(abstract="end" + f"a{char}" * 12_000 + f" more{char}")]), encoding="utf-8"
    )
    assert main(["check", str(path), "--select", code, "--output-format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(d["message"], d["end_col"] - d["col"]) for d in found] == [(message, 2 * 12_000 + 5)]
    edits = found[0]["fix"]["edits"] if found[0]["fix"] else []
    assert [e["content"] for e in edits] == ([] if code == "DP304" else ["a" * 11_999 + " more"])
    if code == "DP303":  # the only safe one: one fix removes every CR of the line
        assert main(["check", str(path), "--select", code, "--fix"]) == 0
        assert b"\r" not in path.read_bytes()


@pytest.mark.parametrize(
    "text,reason",
    [
        # a stray CR hid an entry title: without it the file holds one paper more
        (
            "# A\n\n**Authors**: X\n\n**Link**: https://arxiv.org/abs/2504.00001\n"
            "\r# B\n\n**Authors**: Y\n\n**Link**: https://arxiv.org/abs/2504.00002\n"
            "\n**Abstract**: b\n\n---\n",
            "the fixes together would change the papers it holds (1 -> 2 sections)",
        ),
        # and before a truncated title, without it a new entry with problems of its own
        ("# \n**Authors**:\n\n**Abstract**:\n---\n\r# ", "the fixes together would add 2 problem(s)"),
    ],
)
def test_a_fix_that_would_change_what_the_file_holds_is_refused(
    text: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "7-Apr-2025" / "a.md"
    path.parent.mkdir()
    path.write_bytes(text.encode())
    assert main(["check", str(path), "--select", "DP303", "--diff"]) == 1
    assert f"Would not fix: {path}: {reason}" in capsys.readouterr().err
    assert main(["check", str(path), "--select", "DP303", "--fix"]) == 1
    assert f"Not fixed: {path}: {reason}" in capsys.readouterr().err
    assert path.read_bytes() == text.encode()


def test_data_on_standard_output_keeps_ansi_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """click strips ``ESC [ …`` from what it writes to a pipe: a converted digest (and the
    ``--diff`` that must apply to it) lost them where ``-o`` kept them."""
    path = tmp_path / "a.md"
    path.write_text(badge_digest([Entry(abstract="The error is\x1b[s O(n).\r")]), encoding="utf-8")
    assert main(["convert", str(path), "--to", "sections"]) == 0
    out = capsys.readouterr().out
    assert "The error is\x1b[s O(n)." in out
    assert digestparse.loads(out).papers[0].abstract == "The error is\x1b[s O(n)."
    assert main(["parse", str(path), "--to", "csv"]) == 0
    assert "\x1b[s" in capsys.readouterr().out
    assert main(["check", str(path), "--select", "DP303", "--diff"]) == 1
    assert "-  The error is\x1b[s O(n).\r\n+  The error is\x1b[s O(n).\n" in capsys.readouterr().out


@pytest.mark.parametrize(
    "target,reason",
    [
        (
            "badge-list",
            "written in badge-list, it would not read back (line 16 of the output: not a paper digest",
        ),
        ("abstract-table", "written in abstract-table, it would read back as sections"),
    ],
)
def test_convert_refuses_an_output_that_reads_back_otherwise(
    target: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sections Link that runs over lines (a CR hid the next title) wrote a badge-list file
    that was no digest and an abstract-table file read as sections, both with exit 0."""
    source = Path(__file__).parent / "fuzz" / "crashes" / "stray-cr-hides-an-entry-title.md"
    out = tmp_path / "out.md"
    assert main(["convert", str(source), "--to", target, "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{source}: {reason}") and "no output written" in captured.err
    assert not out.exists() and captured.out == ""


@pytest.mark.parametrize("command", ["parse", "export", "merge"])
def test_a_folder_of_files_that_are_not_digests_is_said_so(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """parse/export/merge judged the skipped files with the rule table unloaded: KeyError."""
    (tmp_path / "README.md").write_text("hello\n", encoding="utf-8")
    (tmp_path / "bin.md").write_bytes(b"\xff\xfe")
    assert main([command, str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'README.md'}: not a paper digest" in err and "no digest found" in err
    assert "internal error" not in err


def test_unknown_categories_are_one_finding_per_paper_in_linear_time() -> None:
    """Each unknown category was looked for from the start of its line (quadratic: a 250 kB
    line of categories took 12 s) and was a finding of its own (125,000 empty `` made a
    30 MB report)."""
    from digestparse.lint.runner import run
    from tests.test_linear_time import assert_linear

    def make(n: int) -> digestparse.Digest:
        return digestparse.loads(badge_digest([Entry(categories=tuple(f"zz.X{i}" for i in range(n)))]))

    assert_linear(make, lambda digest: run(digests=[digest], select=["DP203"]), 16000)
    digest = digestparse.loads(badge_digest([Entry(categories=("cs.CV", "cs.CVV", "math.IT", "x.Y"))]))
    found = run(digests=[digest], select=["DP203"]).diagnostics
    line = digestparse.dumps(digest).split("\n")[found[0].line - 1]
    assert [d.message for d in found] == ["2 unknown arXiv categories: 'cs.CVV', 'x.Y'"]
    assert line[found[0].col - 1 : found[0].end_col - 1] == "cs.CVV"


def test_bibtex_escapes_a_long_run_of_specials_quickly() -> None:
    """A title of 250,000 ``#`` took 2 s (a substitution template expanded per match)."""
    from digestparse.bibtex import _escape
    from tests.test_linear_time import assert_linear

    assert _escape(r"50% of R&D \# and \\& ##") == r"50\% of R\&D \# and \\& \#\#"
    assert_linear(lambda n: "#" * n + "a&b%" * n, _escape, 20_000)


def test_an_abstract_table_front_matter_without_a_date_round_trips() -> None:
    text = "---\ntitle: \n---\nLast update:2025-10-05\n"
    digest = digestparse.loads(text, path="github/ISSUE_TEMPLATE.md")
    assert digest.format == "abstract-table"
    assert digestparse.dumps(digest) == text  # gave "title:  - October 05, 2025"
