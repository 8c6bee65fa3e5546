"""Every command and code example in the README and docs/ runs as documented."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from digestparse.cli import main
from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```(?P<lang>[a-z]*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(lang: str) -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for index, match in enumerate(FENCE.finditer(page.read_text(encoding="utf-8"))):
            if match["lang"] == lang:
                found.append((f"{page.name}#{index}", match["body"]))
    return found


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's corpus and configuration, as the examples expect them."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name,code", _blocks("python"), ids=[n for n, _ in _blocks("python")])
def test_python_examples_run(name: str, code: str, workdir: Path) -> None:
    exec(compile(code, name, "exec"), {"__name__": "__docs__"})


COMMANDS = [
    (name, line)
    for name, body in _blocks("console")
    for line in body.splitlines()
    if line.startswith("digestparse ")
]


@pytest.mark.parametrize("name,line", COMMANDS, ids=[f"{n}:{c}" for n, c in COMMANDS])
def test_documented_commands_run(
    name: str, line: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(shlex.split(line, comments=True)[1:])
    _out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err


def test_the_quick_start_is_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    lines = [line for line in quick.splitlines() if line.strip()]
    assert len(lines) == 2
    assert lines[0].startswith("pip install . && digestparse check corpus/")
    assert lines[1] == 'pip install -e ".[test]" && python -m pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert 'python -m pip install --quiet -e ".[test]"' in ci and "python -m pytest" in ci


@pytest.mark.parametrize("name,body", _blocks("yaml"), ids=[n for n, _ in _blocks("yaml")])
def test_yaml_snippets_parse(name: str, body: str) -> None:
    assert yaml.safe_load(body)


@pytest.mark.parametrize("name,body", _blocks("toml"), ids=[n for n, _ in _blocks("toml")])
def test_toml_snippets_are_valid_configuration(name: str, body: str, tmp_path: Path) -> None:
    from digestparse.lint.config import load_config

    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    assert tomllib.loads(body)["tool"]["digestparse"]
    load_config(tmp_path / "pyproject.toml")
