"""``[tool.digestparse]`` in ``pyproject.toml``, found upward from the checked files.

Keys (all optional), as ruff spells them::

    [tool.digestparse]
    select = ["DP1", "DP2", "DP3", "DP4"]     # code prefixes; default: the default rules
    extend-select = ["DP405"]
    ignore = ["DP109"]
    exclude = ["**/index/*.md"]
    output-format = "text"

    [tool.digestparse.per-file-ignores]
    "archive/**" = ["DP109"]

Glob patterns are matched against paths relative to the folder of the ``pyproject.toml``;
a pattern without ``/`` also matches a file's name. Unknown keys are errors, so a typo is not
silently ignored.
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import DigestParseError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KNOWN_KEYS = {"select", "extend-select", "ignore", "exclude", "per-file-ignores", "output-format"}


class ConfigError(DigestParseError):
    """The configuration is not valid."""


@dataclass
class Config:
    """The checker's settings; the command line overrides what the file says."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    output_format: str | None = None
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    def relative(self, path: str | Path) -> str:
        """``path`` relative to the configuration's folder, with ``/`` separators."""
        resolved = Path(path).resolve()
        try:
            return resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def is_excluded(self, path: str | Path) -> bool:
        """True when ``path`` matches an ``exclude`` pattern."""
        return _matches_any(self.relative(path), self.exclude)

    def ignored_for(self, path: str | Path) -> list[str]:
        """Codes ignored for ``path`` by ``per-file-ignores``."""
        relative = self.relative(path)
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            if _matches_any(relative, [pattern]):
                codes.extend(ignored)
        return codes


def _matches_any(relative: str, patterns: list[str]) -> bool:
    name = PurePosixPath(relative).name
    for pattern in patterns:
        if fnmatch.fnmatch(relative, pattern) or ("/" not in pattern and fnmatch.fnmatch(name, pattern)):
            return True
        if pattern.endswith("/**") and (relative + "/").startswith(pattern[:-2]):
            return True
        if pattern.startswith("**/") and fnmatch.fnmatch(relative, pattern[3:]):
            return True
    return False


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.digestparse]`` table, from ``start`` up."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file() and "digestparse" in _tool_table(path, required=False):
            return path
    return None


def _tool_table(path: Path, *, required: bool) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        if required:
            raise ConfigError(f"cannot read configuration: {exc}", path=str(path)) from None
        return {}
    tool = data.get("tool", {})
    return tool if isinstance(tool, dict) else {}


def load_config(path: Path | None) -> Config:
    """Read ``[tool.digestparse]`` of ``path`` (a default configuration when ``None``)."""
    if path is None:
        return Config()
    table = _tool_table(path, required=True).get("digestparse", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.digestparse] must be a table", path=str(path))
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.digestparse]: {', '.join(unknown)}", path=str(path))
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError("per-file-ignores must be a table of lists", path=str(path))
    return Config(
        select=_strings(table, "select", path) if "select" in table else None,
        extend_select=_strings(table, "extend-select", path),
        ignore=_strings(table, "ignore", path),
        exclude=_strings(table, "exclude", path),
        per_file_ignores={
            str(k): _string_list(v, f"per-file-ignores.{k}", path) for k, v in per_file.items()
        },
        output_format=table.get("output-format"),
        root=path.parent,
        source=path,
    )


def _strings(table: dict[str, Any], key: str, path: Path) -> list[str]:
    return _string_list(table.get(key, []), key, path)


def _string_list(value: Any, key: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key} must be a list of strings", path=str(path))
    return list(value)
