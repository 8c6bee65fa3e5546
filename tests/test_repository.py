"""``digestparse check`` in a real digest repository, right out of the box (issue 11, items 1, 3,
5 and 6): a repository laid out like the real ones (digests beside a README, docs, a CHANGELOG,
a ``node_modules/``) passes the documented CI command; the GitHub Action and the pre-commit
hooks work on it; findings land where a suppression keeps working and read well; ``-`` is
standard input; no dependency warning reaches the user.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import digestparse
from digestparse.cli import main
from tests.builders import Entry, badge_digest
from tests.conftest import ROOT, SEEDS, shared_digest_files

BROKEN = badge_digest([Entry(authors=("Linh K√§stner",))])  # DP301 wherever it is checked


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A digest repository as the real ones are: digests (the seeds, and a few real digests when
    the shared corpus is there) under ``digests/``, a README, docs, a CHANGELOG, a ``.github``
    template, and folders that must never be read: ``node_modules/``, ``.venv/``, and a
    ``build/`` that ``.gitignore`` names. Each of those holds a digest with a finding, so any
    of them being read shows in the output."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, _write(root / "digests" / seed.name, ""))
    for real in shared_digest_files()[:3]:
        shutil.copy(real, _write(root / "digests" / "real" / f"{real.parent.name}-{real.name}", ""))
    _write(root / "README.md", "# Daily papers\n\nSee [the digests](digests/) and arXiv:2504.01089.\n")
    _write(root / "CHANGELOG.md", "# Changelog\n\n## 0.1.0\n\n- first release\n")
    _write(root / "docs" / "index.md", "# Docs\n\n| a | b |\n| - | - |\n| 1 | 2 |\n")
    _write(root / ".github" / "ISSUE_TEMPLATE.md", "Paper: https://arxiv.org/abs/2504.01089\n")
    for hidden in ("node_modules/pkg/README.md", ".venv/lib/site.md", "build/out.md", ".git/x.md"):
        _write(root / hidden, BROKEN)
    _write(root / ".gitignore", "build/\n*.tmp\n")
    monkeypatch.chdir(root)
    return root


def _ci_command() -> list[str]:
    """The `digestparse check …` step of the workflow docs/ci.md gives without the action."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("- run: digestparse check"))
    return shlex.split(line.split("- run: ", 1)[1])[1:]


# discovery ------------------------------------------------------------------------------------


def test_the_documented_ci_command_works_in_a_repository(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _ci_command() == ["check", "."]
    code, out, err = _run(capsys, *_ci_command(), "--output-format", "json")
    found = json.loads(out)
    assert code == 1, err  # the seeds' findings: mojibake and the figure conflict
    assert "DP100" not in {d["code"] for d in found}
    assert {d["code"] for d in found} >= {"DP301", "DP401"}
    paths = {d["path"] for d in found}
    assert all(p.startswith("digests/") for p in paths), paths


def test_a_clean_repository_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "hot_topic" / "MLLM.md", badge_digest([Entry()]))
    _write(tmp_path / "README.md", "# Digests\n")
    _write(tmp_path / "docs" / "ci.md", "# CI\n")
    _write(tmp_path / "node_modules" / "x" / "README.md", BROKEN)
    code, _, err = _run(capsys, "check", str(tmp_path))
    assert code == 0, err
    assert "Checked 1 file(s), 1 paper(s)" in err and "2 file(s) skipped (not digests" in err


def test_skipped_files_are_counted_and_listed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "check", ".", "--show-skipped", "--exit-zero")
    skipped = sorted(line.split(":", 1)[0] for line in err.splitlines() if line.startswith("skipped "))
    assert code == 0
    assert skipped == [
        "skipped .github/ISSUE_TEMPLATE.md",
        "skipped CHANGELOG.md",
        "skipped README.md",
        "skipped docs/index.md",
    ]
    assert "4 file(s) skipped" in err
    assert _run(capsys, "check", ".", "-v", "--exit-zero")[2].count("skipped ") >= 4


def test_a_named_non_digest_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "README.md")
    assert code == 2 and out.startswith("README.md:3:1: DP100 [error] not a paper digest")


def test_require_digest_makes_a_found_non_digest_an_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(repo / "pyproject.toml", '[tool.digestparse]\nrequire-digest = ["docs/"]\n')
    code, out, _ = _run(capsys, "check", ".", "--select", "DP100")
    assert code == 2 and out.startswith("docs/index.md:1:1: DP100 [error] not a paper digest")
    assert "README.md" not in out


def test_gitignore_and_default_excludes_are_respected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", ".", "--select", "DP301", "-q", "--no-group")
    assert code == 1 and {line.split(":", 1)[0] for line in out.splitlines()} == {
        "digests/000_a8e9d8248248b9cf.md",
        "digests/001_f04af42943275b41.md",
    }
    code, out, _ = _run(capsys, "check", ".", "--select", "DP301", "-q", "--no-respect-gitignore")
    assert "build/out.md" in out and "node_modules" not in out
    code, out, _ = _run(capsys, "check", ".", "--select", "DP301", "-q", "--exclude", "build/")
    assert "node_modules/pkg/README.md" in out and ".venv/lib/site.md" in out  # exclude replaces defaults


def test_a_parent_gitignore_applies_inside_the_work_tree(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(repo / ".gitignore", "digests/001_*.md\n")
    code, out, _ = _run(capsys, "check", "digests", "--select", "DP301", "-q")
    assert code == 1 and "000_" in out and "001_" not in out


def test_exclude_patterns_follow_gitignore_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a/x.md", "a/keep.md", "b/a/x.md", "index.md"):
        _write(tmp_path / name, BROKEN)
    _write(
        tmp_path / "pyproject.toml",
        '[tool.digestparse]\nextend-exclude = ["/a/", "!a/keep.md", "index.md"]\n',
    )
    _, out, _ = _run(capsys, "check", str(tmp_path), "-q", "--select", "DP301")
    found = {Path(line.split(":", 1)[0]).relative_to(tmp_path).as_posix() for line in out.splitlines()}
    assert found == {"b/a/x.md"}  # "/a/" is anchored; a file in an excluded folder stays excluded


def test_named_files_are_checked_even_when_excluded_unless_force_exclude(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "check", "build/out.md", "-q")[0] == 1
    code, _, err = _run(capsys, "check", "build/out.md", "node_modules/pkg/README.md", "--force-exclude")
    assert code == 2 and "no digest to check" in err


# GitHub Action and pre-commit -------------------------------------------------------------------


def test_the_action_is_a_composite_that_installs_and_checks() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "args", "version"}
    install, check = action["runs"]["steps"]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert "${{" not in install["run"] and "${{" not in check["run"]  # inputs via env only
    assert '"digestparse==$INPUT_VERSION"' in install["run"] and '"$ACTION_PATH"' in install["run"]
    assert "check --output-format github" in check["run"]


def _action_step(
    tmp_path: Path, step: int, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    script = tmp_path / f"step{step}.sh"
    script.write_text(action["runs"]["steps"][step]["run"], encoding="utf-8")
    full = {**os.environ, **env, "GITHUB_OUTPUT": str(tmp_path / "output"), "RUNNER_TEMP": str(tmp_path)}
    return subprocess.run(
        ["bash", str(script)], env=full, cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash")
def test_the_actions_install_step_installs_the_checkout_or_a_version(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    log = tmp_path / "pip.log"
    # a python3 that makes a "virtualenv" whose python records what pip was asked to install
    _write(
        fake / "python3",
        f'#!/bin/sh\nmkdir -p "$3/bin"\nprintf \'#!/bin/sh\\necho "$@" >> {log}\\n\' > "$3/bin/python"\n'
        'chmod +x "$3/bin/python"\n',
    ).chmod(0o755)
    env = {"PATH": f"{fake}:{os.environ['PATH']}", "ACTION_PATH": "/actions/digestparse", "INPUT_VERSION": ""}
    assert _action_step(tmp_path, 0, env, tmp_path).returncode == 0
    assert _action_step(tmp_path, 0, {**env, "INPUT_VERSION": "0.1.0"}, tmp_path).returncode == 0
    installed = log.read_text().splitlines()
    assert installed[0].endswith("install --quiet --disable-pip-version-check /actions/digestparse")
    assert installed[1].endswith("install --quiet --disable-pip-version-check digestparse==0.1.0")
    assert "digestparse=" in (tmp_path / "output").read_text()


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash")
def test_the_actions_check_step_annotates_and_passes_the_exit_code(repo: Path, tmp_path: Path) -> None:
    shim = _write(tmp_path / "digestparse", f'#!/bin/sh\nexec "{sys.executable}" -m digestparse "$@"\n')
    shim.chmod(0o755)
    env = {"DIGESTPARSE": str(shim), "INPUT_PATHS": "digests README.md", "INPUT_ARGS": ""}
    result = _action_step(tmp_path, 1, env, repo)
    assert result.returncode == 2 and "::error file=README.md,line=3" in result.stdout  # named, no digest
    env["INPUT_PATHS"], env["INPUT_ARGS"] = "digests", "--select DP401"
    result = _action_step(tmp_path, 1, env, repo)
    assert result.returncode == 1 and result.stdout.startswith("::error file=digests/004_")
    assert "exit-code=1" in (tmp_path / "output").read_text()
    env["INPUT_ARGS"] = "--select DP401 --output-format json"  # the user's format wins
    assert json.loads(_action_step(tmp_path, 1, env, repo).stdout)[0]["code"] == "DP401"


def _hook(hook_id: str) -> list[str]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(next(h for h in hooks if h["id"] == hook_id)["entry"])
    return [sys.executable, "-m", "digestparse", *entry[1:]]


def test_the_pre_commit_hook_passes_a_commit_of_readme_and_docs(repo: Path) -> None:
    clean = _write(repo / "digests" / "clean.md", badge_digest([Entry(arxiv_id="2504.07777")]))
    staged = ["README.md", "CHANGELOG.md", "docs/index.md", str(clean.relative_to(repo))]
    assert (
        subprocess.run([*_hook("digestparse-check"), *staged], capture_output=True, check=False).returncode
        == 0
    )
    only_docs = subprocess.run([*_hook("digestparse-check"), "README.md"], capture_output=True, check=False)
    assert only_docs.returncode == 0
    ignored = subprocess.run([*_hook("digestparse-check"), "build/out.md"], capture_output=True, check=False)
    assert ignored.returncode == 0  # .gitignore applies to the names pre-commit passes
    broken = _write(repo / "digests" / "broken.md", BROKEN)
    result = subprocess.run(
        [*_hook("digestparse-check"), "README.md", str(broken.relative_to(repo))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "DP301" in result.stdout


def test_the_pre_commit_hook_still_checks_files_that_must_be_digests(repo: Path) -> None:
    _write(repo / "pyproject.toml", '[tool.digestparse]\nrequire-digest = ["docs/"]\n')
    result = subprocess.run([*_hook("digestparse-check"), "docs/index.md"], capture_output=True, check=False)
    assert result.returncode == 2


def test_docs_have_no_invented_addresses_and_the_license_is_there() -> None:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        assert "your-org" not in page.read_text(encoding="utf-8"), page
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "repo: local" in ci and "OWNER/digestparse" in ci and "placeholder" in ci
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License") and "digestparse contributors" in license_text


# findings people can act on ------------------------------------------------------------------------


def _conflicting(folder: Path) -> tuple[Path, Path]:
    early = _write(folder / "old" / "a.md", badge_digest([Entry(abstract="We use 442 GPU hours.")]))
    late = _write(
        folder / "new" / "b.md", badge_digest([Entry(abstract="We use 220 GPU hours.")], date="2025-04-09")
    )
    return early, late


def test_a_cross_digest_finding_lands_on_the_later_digest_whatever_the_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    early, late = _conflicting(tmp_path)
    one = _run(capsys, "check", str(early), str(late), "--select", "DP401", "--output-format", "json")
    two = _run(capsys, "check", str(late), str(early), "--select", "DP401", "--output-format", "json")
    assert one[:2] == two[:2]
    assert [d["path"] for d in json.loads(one[1])] == [str(late)]
    folders = _run(capsys, "check", str(tmp_path / "new"), str(tmp_path / "old"), "--select", "DP401", "-q")
    assert folders[1].startswith(f"{late}:")


def test_a_suppression_keeps_working_whatever_the_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    early, late = _conflicting(tmp_path)
    late.write_text(late.read_text(encoding="utf-8") + "\n<!-- digestparse: ignore-file DP401 -->\n")
    for order in ((early, late), (late, early)):
        assert _run(capsys, "check", *map(str, order), "--select", "DP401,DP901")[0] == 0


def test_text_output_shows_the_severity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = _write(tmp_path / "a.md", BROKEN)
    _, out, _ = _run(capsys, "check", str(digest), "-q")
    assert out.startswith(f"{digest}:17:10: DP301 [error] mojibake")


def test_many_findings_of_one_rule_in_a_file_are_grouped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    appended = _write(tmp_path / "a.md", badge_digest([Entry()] * 51))
    code, out, _ = _run(capsys, "check", str(appended), "-q")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 1
    assert "DP110 [warning] 2504.01089 already listed at line 16 [50 DP110 findings in this file" in lines[0]
    assert "the others at line(s) 28, 34, 40, 46, 52, …; --no-group lists each]" in lines[0]
    for flag in ("--no-group", "-v"):
        assert len(_run(capsys, "check", str(appended), "-q", flag)[1].splitlines()) == 50
    found = json.loads(_run(capsys, "check", str(appended), "--output-format", "json")[1])
    assert len(found) == 50


def test_an_empty_digest_is_not_a_ci_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "7-Apr-2025" / "topic" / "LLM_related_papers.md", "")
    _write(tmp_path / "hot_topic" / "MLLM.md", badge_digest([]))
    code, out, _ = _run(capsys, "check", str(tmp_path), "-q")
    assert code == 0 and out.count("DP109 [info]") == 2


def test_the_badge_fix_is_not_safe_on_a_truncated_digest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two = [Entry(), Entry(arxiv_id="2504.02000", title="Other One Here")]
    text = badge_digest(two, badge=2).removesuffix("  </details>\n")  # the last entry is cut off
    digest = _write(tmp_path / "a.md", text)
    code, out, err = _run(capsys, "check", str(digest), "--fix")
    assert digest.read_text(encoding="utf-8") == text  # the badge still says 2: DP101 stays visible
    assert code == 1 and "DP101" in out and "DP107" in out and "Fixed" not in err
    found = json.loads(_run(capsys, "check", str(digest), "--output-format", "json")[1])
    dp107 = next(d for d in found if d["code"] == "DP107")
    assert dp107["fix"]["applicability"] == "unsafe"


# smaller things a CI user hits -----------------------------------------------------------------------


def test_a_write_error_names_the_real_output_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    digest = _write(tmp_path / "a.md", badge_digest([Entry()]))
    missing = tmp_path / "no" / "such" / "report.json"
    for argv in (["check", str(digest), "-o", str(missing)], ["parse", str(digest), "-o", str(missing)]):
        code, _, err = _run(capsys, *argv)
        assert code == 2 and str(missing) in err and ".tmp" not in err


def test_no_dependency_warning_reaches_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bibtexparser.entrypoint

    monkeypatch.setattr(bibtexparser.entrypoint, "LARGE_LIBRARY_WARNING_THRESHOLD", 1)
    digest = _write(
        tmp_path / "a.md",
        badge_digest([Entry(), Entry(arxiv_id="2504.02000", title="Other One Here")]),
    )
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("bibtexparser").addHandler(handler)
    try:
        code, out, err = _run(capsys, "export", str(digest), "--to", "bibtex")
    finally:
        logging.getLogger("bibtexparser").removeHandler(handler)
    assert code == 0 and out.count("@misc{") == 2
    assert err == "" and records == []


def test_merge_is_importable_as_the_function() -> None:
    from digestparse import merge

    assert callable(merge) and merge is digestparse.merge
    records = merge([ROOT / "corpus" / "seeds"])
    assert records and records == sorted(records, key=lambda r: str(r.arxiv_id))
