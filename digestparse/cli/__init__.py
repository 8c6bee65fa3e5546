"""The ``digestparse`` command line (click), kept apart from the library.

``digestparse.cli:main`` (``main(argv) -> int``, run in-process) and ``digestparse.cli:entry_point``
(the console script) are the documented entry points and stay here. The package holds:

- ``app``: the click group, ``parse``, ``convert``, ``formats`` and the exit-code handling;
- ``check``: ``check`` and ``rules``, the linter's command line;
- ``data``: ``export``, ``merge``, ``schema``;
- ``index``: the ``index`` commands and the index-backed readings ``check`` and ``export`` use;
- ``io``: loading many files and writing atomically or to standard output.

The library never imports this package; it imports the library.
"""

from __future__ import annotations

from .app import cli, entry_point, main

__all__ = ["cli", "entry_point", "main"]
