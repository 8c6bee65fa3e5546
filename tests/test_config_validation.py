"""Nothing passes by mistake (issue 11, item 2): a path, a rule code, a configuration file or an
output format that is wrong is a clear message naming the file and key (or the option), exit 2;
and a run that checks no digest at all fails unless ``--allow-empty``.

The table and the command line are validated by one pydantic model, ``lint.config.Settings``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digestparse.cli import main
from digestparse.lint.config import ConfigError, Settings, load_config, validate
from tests.builders import Entry, badge_digest


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder with one clean digest."""
    (tmp_path / "a.md").write_text(badge_digest([Entry()]), encoding="utf-8")
    return tmp_path


def _config(folder: Path, table: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text("[tool.digestparse]\n" + table, encoding="utf-8")
    return path


# paths ---------------------------------------------------------------------------------------


def test_a_mistyped_path_fails_whatever_the_selection(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    code, out, _ = _run(capsys, "check", "nope.md", "--select", "DP4")
    assert code == 2
    assert "nope.md:1:1: DP100 [error] no such file" in out
    code, out, _ = _run(capsys, "check", "a.md", "nope.md", "--select", "DP4", "--output-format", "json")
    assert code == 2 and '"path": "nope.md"' in out


def test_an_empty_folder_is_exit_2_unless_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _run(capsys, "check", str(empty))
    assert code == 2 and f"no digest to check under {empty}" in err and "--allow-empty" in err
    assert _run(capsys, "check", str(empty), "--allow-empty")[0] == 0


def test_a_folder_of_non_digests_is_exit_2_and_says_what_was_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("# Read me\n", encoding="utf-8")
    code, _, err = _run(capsys, "check", str(tmp_path))
    assert code == 2 and "1 file(s) skipped as not digests" in err


# rule codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_a_code_that_is_no_rule_is_an_error_on_the_command_line(
    option: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "check", str(repo), option, "DP3O1")
    assert code == 2 and out == ""
    assert f"{option}: 'DP3O1' is not a rule code: no rule starts with it" in err
    assert "internal error" not in err


def test_a_code_that_is_no_rule_is_an_error_in_pyproject(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(repo, 'select = ["DP3O1"]\n')
    code, out, err = _run(capsys, "check", str(repo))
    assert code == 2 and out == ""
    assert err.startswith(f"{config}: [tool.digestparse] select: 'DP3O1' is not a rule code")


def test_per_file_ignores_codes_are_validated_too(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(repo, '[tool.digestparse.per-file-ignores]\n"archive/**" = ["DP1O9"]\n')
    code, _, err = _run(capsys, "check", str(repo))
    assert code == 2 and f"{config}: [tool.digestparse] per-file-ignores.'archive/**'" in err
    code, _, err = _run(capsys, "check", str(repo), "--isolated", "--per-file-ignores", "a.md:DPX")
    assert code == 2 and "--per-file-ignores" in err and "'DPX' is not a rule code" in err


@pytest.mark.parametrize("prefix", ["DP4", "DP", "ALL", "dp1", "DP301"])
def test_a_prefix_that_matches_a_rule_is_valid(
    prefix: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "check", str(repo), "--select", prefix)[0] in (0, 1)
    _config(repo, f'extend-select = ["{prefix}"]\n')
    assert _run(capsys, "check", str(repo))[0] in (0, 1)


# configuration files -------------------------------------------------------------------------


def test_a_pyproject_that_is_not_toml_is_an_error_not_a_fall_back_to_the_parent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _config(tmp_path, 'select = ["DP1"]\n')  # a parent's valid configuration
    inner = tmp_path / "digests"
    inner.mkdir()
    (inner / "a.md").write_text(badge_digest([Entry()]), encoding="utf-8")
    (inner / "pyproject.toml").write_text("[tool.digestparse\nselect = \n", encoding="utf-8")
    code, out, err = _run(capsys, "check", str(inner))
    assert code == 2 and out == ""
    assert err.startswith(f"{inner / 'pyproject.toml'}: not valid TOML: ")


def test_an_unknown_output_format_in_pyproject_is_a_message_not_an_internal_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(repo, 'output-format = "xml"\n')
    code, _, err = _run(capsys, "check", str(repo))
    assert code == 2 and "internal error" not in err and "KeyError" not in err
    assert (
        f"{config}: [tool.digestparse] output-format: Input should be 'text', 'json', 'github' or 'sarif'"
        in err
    )
    code, _, err = _run(capsys, "check", str(repo), "--isolated", "--output-format", "xml")
    assert (
        code == 2
        and "--output-format: Input should be 'text', 'json', 'github' or 'sarif' (got 'xml')" in err
    )


@pytest.mark.parametrize(
    "table, key",
    [
        ("selekt = []\n", "unknown key 'selekt' in [tool.digestparse]"),
        ("extend-exclude = 3\n", "[tool.digestparse] extend-exclude: Input should be a valid list"),
        (
            'respect-gitignore = "yes"\n',
            "[tool.digestparse] respect-gitignore: Input should be a valid boolean",
        ),
        ('max-file-size = "lots"\n', "[tool.digestparse] max-file-size:"),
        ("max-file-size = 0\n", "[tool.digestparse] max-file-size: must be at least 1 byte"),
        ('select = "DP1"\n', "[tool.digestparse] select: Input should be a valid list"),
    ],
)
def test_each_wrong_key_names_the_file_and_key(
    table: str, key: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(repo, table)
    code, _, err = _run(capsys, "check", str(repo))
    assert code == 2 and f"{config}: {key}" in err


def test_every_problem_of_a_table_is_reported_at_once(repo: Path) -> None:
    config = _config(repo, 'select = ["DPX"]\noutput-format = "xml"\n')
    with pytest.raises(ConfigError) as info:
        load_config(config)
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{config}: [tool.digestparse] ") for line in lines)


def test_the_command_line_and_the_file_share_one_model_and_one_message() -> None:
    assert Settings.model_config.get("extra") == "forbid"
    with pytest.raises(ConfigError) as from_file:
        validate({"select": ["DPX"]}, "pyproject.toml")
    with pytest.raises(ConfigError) as from_options:
        validate({"select": ["DPX"]}, "digestparse", {"select": "--select"})
    tail = "'DPX' is not a rule code: no rule starts with it (`digestparse rules` lists them)"
    assert str(from_file.value).endswith(tail) and str(from_options.value).endswith(tail)
    assert validate({"max-file-size": "1KiB"}, "x").max_file_size == 1024


def test_a_size_on_the_command_line_is_validated(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "check", str(repo), "--max-file-size", "big")
    assert code == 2 and "--max-file-size:" in err
    code, out, _ = _run(capsys, "check", str(repo / "a.md"), "--max-file-size", "100")
    assert code == 2 and "over the limit of 100 bytes" in out
