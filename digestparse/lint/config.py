"""``[tool.digestparse]`` in ``pyproject.toml``, found upward from the checked files.

Keys (all optional), as ruff spells them::

    [tool.digestparse]
    select = ["DP1", "DP2", "DP3", "DP4"]     # code prefixes; default: the default rules
    extend-select = ["DP405"]
    ignore = ["DP109"]
    exclude = [".git", "node_modules"]       # replaces the default excludes (rarely wanted)
    extend-exclude = ["**/index/*.md"]        # added to them
    require-digest = ["data/**"]              # every Markdown file here must be a digest
    respect-gitignore = true
    max-file-size = "64MiB"
    output-format = "text"
    skip-weekdays = ["Sat", "Sun"]           # days the generator does not run (DP601)
    series-min-run = 2                        # days in a row on each side of a gap (DP601)
    cache-dir = ".digestparse_cache"          # where `check` keeps its cache (this folder's)

    [tool.digestparse.per-file-ignores]
    "archive/**" = ["DP109"]

One validation path for the file and the command line: the table is a pydantic model with
``extra="forbid"`` (:class:`Settings`), and the command line's values are validated by the same
model, so a key, rule code or format that does not exist is an error naming the file and key
(or the option), never a silent no-op. Patterns follow ``.gitignore`` semantics (``pathspec``)
and are matched against paths relative to the folder of the ``pyproject.toml``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pathspec import GitIgnoreSpec
from pydantic import AfterValidator, BaseModel, ByteSize, ConfigDict, Field, ValidationError

from .._files import DEFAULT_MAX_FILE_SIZE
from .._paths import DEFAULT_EXCLUDE
from ..errors import DigestParseError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

OUTPUT_FORMATS = ("text", "json", "github", "sarif")
OutputFormat = Literal["text", "json", "github", "sarif"]
Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class ConfigError(DigestParseError):
    """The configuration (a file's table or the command line's options) is not valid.

    The message holds one problem per line; each is shown on a line of its own, after the
    file (or ``digestparse`` for the command line).
    """

    def __str__(self) -> str:
        from .._escape import escape_text

        return "\n".join(escape_text(f"{self.location}: {line}") for line in self.message.splitlines())


def _rule_code(value: str) -> str:
    """A code or prefix that matches at least one rule (``DP4``, ``DP301``, ``ALL``)."""
    from .registry import unknown_patterns

    code = value.strip().upper()
    if not code or unknown_patterns([code]):
        raise ValueError(
            f"{value!r} is not a rule code: no rule starts with it (`digestparse rules` lists them)"
        )
    return code


def _positive(value: ByteSize) -> ByteSize:
    if value < 1:
        raise ValueError("must be at least 1 byte")
    return value


RuleCode = Annotated[str, AfterValidator(_rule_code)]
Size = Annotated[ByteSize, AfterValidator(_positive)]


class Settings(BaseModel):
    """The ``[tool.digestparse]`` table, and the command line's options, validated alike."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    select: list[RuleCode] | None = None
    extend_select: list[RuleCode] = Field(default_factory=list, alias="extend-select")
    ignore: list[RuleCode] = Field(default_factory=list)
    exclude: list[str] | None = None
    extend_exclude: list[str] = Field(default_factory=list, alias="extend-exclude")
    per_file_ignores: dict[str, list[RuleCode]] = Field(default_factory=dict, alias="per-file-ignores")
    require_digest: list[str] = Field(default_factory=list, alias="require-digest")
    respect_gitignore: bool = Field(default=True, alias="respect-gitignore")
    max_file_size: Size | None = Field(default=None, alias="max-file-size")
    output_format: OutputFormat | None = Field(default=None, alias="output-format")
    skip_weekdays: list[Weekday] | None = Field(default=None, alias="skip-weekdays")
    series_min_run: int | None = Field(default=None, alias="series-min-run", ge=1)
    cache_dir: str | None = Field(default=None, alias="cache-dir", min_length=1)


KNOWN_KEYS = sorted(f.alias or name for name, f in Settings.model_fields.items())


@dataclass
class Config:
    """The checker's settings, resolved: the file's table with the command line on top."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    require_digest: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    output_format: str | None = None
    skip_weekdays: tuple[str, ...] = ()
    series_min_run: int = 2
    cache_dir: Path | None = None  # absolute; None: the default (see lint/cache.py)
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, root: Path | None = None, source: Path | None = None
    ) -> Config:
        """A configuration from a validated table (defaults where it says nothing)."""
        return cls().updated(settings, root=root or Path.cwd(), source=source)

    def updated(self, settings: Settings, *, root: Path | None = None, source: Path | None = None) -> Config:
        """This configuration with ``settings`` on top: the keys ``settings`` sets replace
        (``select``, ``exclude``, ``output-format``, ...) or extend (``extend-*``, ``ignore``,
        ``per-file-ignores``, ``require-digest``) what is here. A relative ``cache-dir`` is
        taken from ``root`` (the configuration file's folder), or from the current folder for
        the command line's options."""
        given = settings.model_fields_set
        select = settings.select if "select" in given and settings.select is not None else self.select
        per_file = {k: list(v) for k, v in self.per_file_ignores.items()}
        for pattern, codes in settings.per_file_ignores.items():
            per_file.setdefault(pattern, []).extend(codes)
        return Config(
            select=list(select) if select is not None else None,
            extend_select=[*self.extend_select, *settings.extend_select],
            ignore=[*self.ignore, *settings.ignore],
            exclude=list(settings.exclude) if settings.exclude is not None else list(self.exclude),
            extend_exclude=[*self.extend_exclude, *settings.extend_exclude],
            per_file_ignores=per_file,
            require_digest=[*self.require_digest, *settings.require_digest],
            respect_gitignore=(
                settings.respect_gitignore if "respect_gitignore" in given else self.respect_gitignore
            ),
            max_file_size=int(settings.max_file_size) if settings.max_file_size else self.max_file_size,
            output_format=settings.output_format or self.output_format,
            skip_weekdays=(
                tuple(settings.skip_weekdays) if settings.skip_weekdays is not None else self.skip_weekdays
            ),
            series_min_run=settings.series_min_run or self.series_min_run,
            cache_dir=(
                (root or Path.cwd()) / settings.cache_dir
                if settings.cache_dir is not None
                else self.cache_dir
            ),
            root=root or self.root,
            source=source or self.source,
        )

    def relative(self, path: str | os.PathLike[str]) -> str:
        """``path`` relative to the configuration's folder, with ``/`` separators (a path
        outside it: its absolute form without the leading ``/``, so unanchored patterns such as
        ``node_modules`` or ``*.tmp`` still match it)."""
        absolute = os.path.abspath(path)
        root = os.path.abspath(self.root)
        relative = os.path.relpath(absolute, root) if _within(absolute, root) else absolute.lstrip(os.sep)
        return relative.replace(os.sep, "/")

    def is_excluded(self, path: str | os.PathLike[str], is_dir: bool = False) -> bool:
        """True when ``path`` matches ``exclude`` or ``extend-exclude``."""
        return _matches(self.relative(path), is_dir, (*self.exclude, *self.extend_exclude))

    def is_required(self, path: str | os.PathLike[str]) -> bool:
        """True when ``require-digest`` says ``path`` must be a digest."""
        return bool(self.require_digest) and _matches(self.relative(path), False, tuple(self.require_digest))

    def ignored_for(self, path: str | os.PathLike[str]) -> list[str]:
        """Codes ignored for ``path`` by ``per-file-ignores``."""
        relative = self.relative(path)
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            if _matches(relative, False, (pattern,)):
                codes.extend(ignored)
        return codes


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@lru_cache(maxsize=64)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    return GitIgnoreSpec.from_lines(patterns)


def _matches(relative: str, is_dir: bool, patterns: tuple[str, ...]) -> bool:
    if not patterns or relative in ("", "."):
        return False
    return _spec(patterns).match_file(relative + "/" if is_dir else relative)


def validate(values: Mapping[str, Any], where: str, options: Mapping[str, str] | None = None) -> Settings:
    """``values`` (keys as in the table) as :class:`Settings`, or a :class:`ConfigError` that
    names ``where`` and each offending key: ``[tool.digestparse] select`` for a file, the
    option (``options`` maps keys to option names, ``--select``) for the command line."""
    try:
        return Settings.model_validate(dict(values))
    except ValidationError as exc:
        problems = [_problem(error, options) for error in exc.errors()]
        raise ConfigError("\n".join(problems), path=where) from None


def _problem(error: Any, options: Mapping[str, str] | None) -> str:
    location = [str(part) for part in error["loc"]]
    key = location[0] if location else "?"
    shown = options.get(key, key) if options is not None else f"[tool.digestparse] {key}"
    if error["type"] == "extra_forbidden":
        return f"unknown key {key!r} in [tool.digestparse] (known keys: {', '.join(KNOWN_KEYS)})"
    if key == "per-file-ignores" and len(location) > 1:
        shown += f".{location[1]!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, (str, int, float, bool)) and repr(value) not in message:
        message += f" (got {value!r})"
    return f"{shown}: {message}"


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.digestparse]`` table, from ``start`` up.

    A ``pyproject.toml`` that cannot be read or is not TOML is an error naming it: whether it
    meant to configure digestparse cannot be known, so a parent's configuration is not used
    in its place.
    """
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file() and "digestparse" in _tool_table(path):
            return path
    return None


def _tool_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=str(path)) from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError("[tool] must be a table", path=str(path))
    return tool


def load_config(path: Path | None) -> Config:
    """Read ``[tool.digestparse]`` of ``path`` (a default configuration when ``None``)."""
    if path is None:
        return Config()
    table = _tool_table(path).get("digestparse", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.digestparse] must be a table", path=str(path))
    return Config.from_settings(validate(table, str(path)), root=path.parent, source=path)
