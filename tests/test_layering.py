"""The command line is one package on top of the library, never under it.

``digestparse/cli/`` holds every click command; the library (every other module) imports
neither it nor click, so a library user never pays for the command line and the library can be
read without it. The checks read the source (imports, resolved when relative), so a lazy
import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import digestparse
from tests.conftest import ROOT

PACKAGE = Path(digestparse.__file__).parent
CLI = PACKAGE / "cli"

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Each module ``path`` imports (relative imports resolved), with its line."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:  # ``from . import cli`` names a module too
                yield node.lineno, f"{base}.{alias.name}"


def _library_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if CLI not in path.parents and path != PACKAGE / "__main__.py"
    ]


def test_the_library_never_imports_the_command_line_or_click() -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path in _library_modules()
        for line, name in _imports(path)
        if name == "click"
        or name.startswith("click.")
        or name == "digestparse.cli"
        or name.startswith("digestparse.cli.")
    ]
    assert len(_library_modules()) > 50
    assert offences == []


def test_every_click_command_lives_in_the_cli_package() -> None:
    cli_modules = sorted(path.name for path in CLI.glob("*.py"))
    assert cli_modules == ["__init__.py", "app.py", "check.py", "data.py", "index.py", "io.py"]
    assert sorted(PACKAGE.glob("*cli*.py")) == []


def test_the_documented_entry_points_resolve() -> None:
    """``digestparse.cli:main`` and the console script keep their exact paths."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"] == {"digestparse": "digestparse.cli:entry_point"}
    cli = importlib.import_module("digestparse.cli")
    assert callable(cli.entry_point) and callable(cli.main)
    assert cli.main(["--version"]) == 0
    main_source = (PACKAGE / "__main__.py").read_text(encoding="utf-8")
    assert "from .cli import entry_point" in main_source
