"""Expand command-line paths: files as given, folders recursed for ``*.md`` in sorted order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

DIGEST_SUFFIXES = (".md",)


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield every file named or found under a named folder, each once, in a stable order.

    A path that does not exist is yielded as given, so the reader reports it with its name.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        found = sorted(_walk(path)) if path.is_dir() else [path]
        for item in found:
            if item not in seen:
                seen.add(item)
                yield item


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(DIGEST_SUFFIXES):
                yield Path(root) / name
