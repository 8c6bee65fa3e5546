"""The public functions: a thin, symmetric layer over the readers and writers.

``loads``/``load`` read, ``dumps``/``dump`` write (byte for byte for an unchanged digest),
``iter_papers``/``iter_digests`` stream over many files, and ``convert`` changes format while
saying what the target cannot hold. As in tomlkit's ``api.py``, everything here delegates.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from . import _source
from ._atomic import write_atomic
from .errors import DigestParseError, UnrepresentableError
from .formats import registry
from .formats._builder import LayoutBuilder
from .formats.accounting import unaccounted_mentions
from .formats.detect import detect
from .formats.layout import layout_of
from .formats.verify import require_papers, verify_written
from .models import Digest, Paper

PathLike = str | os.PathLike[str]


def loads(text: str | bytes, *, path: str | None = None) -> Digest:
    """Read a digest from text (or UTF-8 bytes); ``path`` only names it in errors and dates.

    Raises a :class:`DigestParseError` subclass when the text is not a digest or not UTF-8.
    Problems inside entries do not raise: they are kept in ``digest.problems``.
    """
    source = _source.from_bytes(text, path) if isinstance(text, bytes) else _source.from_text(text, path)
    return _read(source)


def load(path: PathLike) -> Digest:
    """Read a digest file. Reading never modifies the file.

    Only a regular file is read, up to 64 MiB (a FIFO or device raises
    :class:`UnreadablePathError` without blocking; so does a larger file).
    """
    name = os.fspath(path)
    return _read(_source.from_bytes(_read_bytes(name), name))


def dumps(digest: Digest) -> str:
    """The digest's text: byte for byte what was read for an unchanged digest.

    Edited and added papers are rendered, and must read back as they were written: a value the
    format cannot hold raises :class:`UnrepresentableError` naming the paper and field, instead
    of text that reads back differently (see ``formats/verify.py``).
    """
    layout = layout_of(digest)
    require_papers(digest)
    if digest.format is None:
        if digest.papers:
            raise UnrepresentableError(
                "a digest with no format cannot be written with papers; give it a format or use convert()",
                path=digest.path,
            )
        text = layout.original_text() if layout else ""
    else:
        plugin = registry.get(digest.format)
        text = plugin.dumps(digest)
        verify_written(plugin, digest, text)
    if layout is not None:
        if layout.newline != "\n":
            text = text.replace("\n", layout.newline)
        if layout.bom:
            text = _source.BOM + text
    return text


def as_written(digest: Digest) -> Digest:
    """``digest`` itself when it is as it was read, else its current text read again.

    What checks a digest in memory uses: the checker reads line positions and raw text from the
    layout, which describes the text as it was read, so an edited digest is checked in the text
    it would be written as (an edit is never checked against stale text).
    """
    layout = layout_of(digest)
    unchanged = (
        layout is not None
        and digest.format is not None
        and registry.get(digest.format).dumps(digest) == layout.original_text()
    )
    if unchanged:
        return digest
    return loads(dumps(digest), path=digest.path)


def dump(digest: Digest, path: PathLike) -> None:
    """Write the digest to ``path`` atomically (temporary file, then rename)."""
    write_atomic(path, dumps(digest).encode("utf-8"))


def iter_digests(paths: Iterable[PathLike]) -> Iterator[Digest]:
    """Read files (folders are searched for ``*.md``) one at a time, in a stable order."""
    from ._paths import expand

    for path in expand(paths):
        yield load(path)


def iter_papers(paths: Iterable[PathLike]) -> Iterator[Paper]:
    """Every paper of every file, streaming: one file is in memory at a time.

    Each paper's ``path`` and ``line`` say where it was read.
    """
    for digest in iter_digests(paths):
        yield from digest.papers


def _read(source: _source.Source) -> Digest:
    plugin = detect(source)
    if plugin is None:
        layout = LayoutBuilder(source, separator="\n").finish()
        digest = Digest.model_construct(
            format=None,
            path=source.path,
            date=None,
            title=None,
            topic=None,
            badge_count=None,
            keywords=[],
            filter=[],
            papers=[],
            problems=[],
        )
        digest._layout = layout
        return digest
    digest = plugin.read(source)
    unread = unaccounted_mentions(source, digest)
    if unread:
        digest.problems.extend(unread)
    return digest


def _read_bytes(path: str) -> bytes:
    """A file's bytes: regular files only, within the default size limit (see ``_files``)."""
    from ._files import read_digest_bytes

    return read_digest_bytes(path)


__all__ = [
    "DigestParseError",
    "PathLike",
    "dump",
    "dumps",
    "iter_digests",
    "iter_papers",
    "load",
    "loads",
]
