"""Which files a command reads: named paths as given, folders searched for digests.

A path named on the command line is read as it is (``-`` is standard input); a folder is
searched for ``*.md`` files in a stable order, the way ruff searches for Python files: the
default excludes (``.git``, ``node_modules``, ``.venv``, ...), the configuration's
``exclude``/``extend-exclude`` and the ``.gitignore`` files are honoured, symbolic links to
folders are not followed, and anything found that is not a regular file (a FIFO, a socket, a
broken link) is skipped and counted instead of being opened. Named files are checked even when
a pattern excludes them, unless ``force_exclude`` says otherwise (pre-commit names files
itself, so its hook needs that). Patterns use ``.gitignore`` semantics through ``pathspec``.

File names come from the operating system and may hold anything; the outputs escape them
(``_escape``), and :func:`uri` writes one as a SARIF location URI (percent-encoded bytes).
"""

from __future__ import annotations

import os
import stat
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pathspec import GitIgnoreSpec

DIGEST_SUFFIXES = (".md",)
STDIN = "-"
# Folders never searched unless ``exclude`` is set (ruff's default excludes, plus our cache).
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr",
    ".digestparse_cache",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)

Excluder = Callable[[str, bool], bool]  # (path, is_folder) -> excluded?


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to read: its path as it will be opened and shown, and whether it was named."""

    path: str
    named: bool


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file found by searching and not read, with the reason (shown by ``--show-skipped``)."""

    path: str
    reason: str


@dataclass
class Discovery:
    """The files a run reads, in order, and what searching passed over."""

    files: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def default_excluder() -> Excluder:
    """Excludes the default folders by name (the library's behaviour without configuration)."""
    spec = GitIgnoreSpec.from_lines(DEFAULT_EXCLUDE)

    def excluded(path: str, is_dir: bool) -> bool:
        name = os.path.basename(os.path.normpath(path))
        return spec.match_file(name + "/" if is_dir else name)

    return excluded


def discover(
    paths: Iterable[str | os.PathLike[str]],
    *,
    excluded: Excluder | None = None,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
) -> Discovery:
    """The files named, and the ``*.md`` files found under the folders named, each once.

    A named path that does not exist, or is not a regular file, is kept: the reader refuses it
    with a message that names it. ``-`` stands for standard input.
    """
    excluded = excluded or default_excluder()
    ignores = _GitIgnores() if respect_gitignore else None
    found = Discovery()
    seen: set[str] = set()

    def add(candidate: Candidate) -> None:
        if candidate.path not in seen:
            seen.add(candidate.path)
            found.files.append(candidate)

    for raw in paths:
        name = os.fspath(raw)
        if name == STDIN:
            add(Candidate(STDIN, named=True))
            continue
        if os.path.isdir(name):
            hits = sorted((Path(path), reason) for path, reason in _search(name, excluded, ignores))
            for hit, reason in hits:
                if reason:
                    found.skipped.append(Skipped(str(hit), reason))
                else:
                    add(Candidate(str(hit), named=False))
            continue
        if force_exclude and (
            excluded(name, False) or (ignores is not None and ignores.ignored(name, is_dir=False))
        ):
            continue
        add(Candidate(name, named=True))
    return found


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The library's file search: files as given, folders searched for ``*.md``.

    Hidden and default-excluded folders are passed over and files that are not regular files
    are skipped; no ``.gitignore`` or configuration is read (the command line does that).
    """
    names = default_excluder()

    def excluded(path: str, is_dir: bool) -> bool:
        return is_dir and (os.path.basename(path).startswith(".") or names(path, True))

    for candidate in discover(paths, excluded=excluded, respect_gitignore=False).files:
        yield Path(candidate.path)


def _search(folder: str, excluded: Excluder, ignores: _GitIgnores | None) -> Iterator[tuple[str, str]]:
    """``(path, "")`` for each ``*.md`` file under ``folder``, ``(path, reason)`` for one passed
    over; depth first with an explicit stack (no recursion limit)."""
    start = ignores.chain_for(folder) if ignores is not None else []
    stack: list[tuple[str, list[tuple[str, GitIgnoreSpec]]]] = [(folder, start)]
    while stack:
        current, chain = stack.pop()
        if ignores is not None:
            chain = ignores.extend(chain, current)
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            yield current, f"folder not searched: {exc.strerror or exc}"
            continue
        for entry in entries:
            path = entry.path
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if not is_dir and not entry.name.endswith(DIGEST_SUFFIXES):
                continue
            if excluded(path, is_dir) or (ignores is not None and _ignored(chain, path, is_dir)):
                continue
            if is_dir:
                stack.append((path, chain))
                continue
            reason = _not_regular(entry)
            yield path, reason


def _not_regular(entry: os.DirEntry[str]) -> str:
    """Why a found file is not read (empty: it is a regular file, or a link to one)."""
    try:
        mode = entry.stat(follow_symlinks=True).st_mode
    except OSError as exc:
        return "broken symbolic link" if entry.is_symlink() else f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return ""
    from ._files import kind_of

    return f"is {kind_of(mode)}, not a regular file"


def _ignored(chain: Sequence[tuple[str, GitIgnoreSpec]], path: str, is_dir: bool) -> bool:
    """Whether the ``.gitignore`` files of ``chain`` (outermost first) ignore ``path``."""
    absolute = os.path.abspath(path)
    for base, spec in reversed(chain):  # the deepest .gitignore that has a say decides
        relative = os.path.relpath(absolute, base).replace(os.sep, "/")
        if relative.startswith("../"):
            continue
        verdict = spec.check_file(relative + "/" if is_dir else relative).include
        if verdict is not None:
            return verdict
    return False


class _GitIgnores:
    """The ``.gitignore`` files that apply to a folder: its own and its parents' up to the root
    of the git work tree it is in (with ``.git/info/exclude``). Outside a work tree only the
    searched folders' own ``.gitignore`` files apply."""

    def __init__(self) -> None:
        self._specs: dict[str, GitIgnoreSpec | None] = {}

    def chain_for(self, folder: str) -> list[tuple[str, GitIgnoreSpec]]:
        """The specs of ``folder``'s parents, outermost first (``folder``'s own is added by
        :meth:`extend` when it is searched)."""
        absolute = Path(os.path.abspath(folder))
        root = next((p for p in (absolute, *absolute.parents) if (p / ".git").exists()), None)
        if root is None or root == absolute:
            return []
        parents = [p for p in absolute.parents if p == root or root in p.parents]
        chain: list[tuple[str, GitIgnoreSpec]] = []
        for parent in reversed(parents):
            spec = self._spec(str(parent))
            if spec is not None:
                chain.append((str(parent), spec))
        return chain

    def extend(self, chain: list[tuple[str, GitIgnoreSpec]], folder: str) -> list[tuple[str, GitIgnoreSpec]]:
        spec = self._spec(os.path.abspath(folder))
        return [*chain, (os.path.abspath(folder), spec)] if spec is not None else chain

    def ignored(self, path: str, *, is_dir: bool) -> bool:
        """Whether a named path is ignored (``--force-exclude``)."""
        parent = os.path.dirname(os.path.abspath(path))
        chain = self.extend(self.chain_for(parent), parent)
        return _ignored(chain, path, is_dir)

    def _spec(self, folder: str) -> GitIgnoreSpec | None:
        if folder not in self._specs:
            lines: list[str] = []
            for name in (".gitignore", os.path.join(".git", "info", "exclude")):
                try:
                    with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                        lines.extend(handle.read().splitlines())
                except OSError:
                    continue
            self._specs[folder] = GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]


def uri(name: str) -> str:
    """A file name as a relative URI reference (SARIF's ``artifactLocation.uri``): its bytes
    percent-encoded, so a name that is not UTF-8 stays exact and the document stays valid."""
    return urllib.parse.quote(os.fsencode(name).replace(os.sep.encode(), b"/"), safe="/")
