"""Read a digest's bytes safely: regular files only, a size limit, and the head judged first.

Reading is the one place where odd input can hang or exhaust the process: a FIFO blocks an
``open`` until a writer comes, ``/dev/zero`` never ends, a sparse file can claim a gigabyte.
So a file is opened with ``O_NONBLOCK`` (an open that would wait for a FIFO's writer returns at
once) and the *opened* descriptor is ``fstat``-ed before a byte is read: anything but a regular
file is refused, and the check cannot be raced by swapping the path between a ``stat`` and the
``open``. A regular file larger than the limit is refused without being read whole, and a file
larger than :data:`HEAD_BYTES` has its first lines sniffed before the rest is read: a text in
whose first ``SNIFF_LINES`` lines no format recognises anything, not even its furniture, is
refused early (formats sniff those lines, so the whole file would be refused too).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from typing import BinaryIO

from .errors import NotADigestError, UnreadablePathError

DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
HEAD_BYTES = 256 * 1024
STDIN_NAME = "<stdin>"
# Every format sniffs ``source.lines[:400]`` (docs/formats/writing-a-format.md) and looks further
# only once it has found its furniture there: a head with more lines than that in which no format
# recognises anything is refused as the whole file would be.
SNIFF_LINES = 400
_CHUNK = 1024 * 1024


class NotRegularFileError(UnreadablePathError):
    """The path names a FIFO, a device, a socket or a directory: never read as a digest."""


class FileTooLargeError(UnreadablePathError):
    """A regular file over the size limit (``max-file-size``)."""


def describe_size(size: int) -> str:
    """``67108864`` -> ``64 MiB``; bytes below a KiB as they are."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def kind_of(mode: int) -> str:
    """What a non-regular file is, for a refusal message."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def read_digest_bytes(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE, *, sniff: bool = True) -> bytes:
    """The bytes of the regular file ``path``, refused early when it cannot be a digest
    (``sniff=False``: without looking at the head, for a byte scan that reads any text).

    Raises :class:`NotRegularFileError`, :class:`FileTooLargeError`, another
    :class:`UnreadablePathError` (missing, no permission, I/O error), or
    :class:`~digestparse.errors.NotADigestError` when the head of a large file already shows
    that no format reads it.
    """
    with HeadFirst(path) as file:
        if file.small(max_size):
            return file.head
        if sniff:
            file.judge()
        return file.everything(max_size)


class HeadFirst:
    """A file opened as :func:`read_digest_bytes` opens it, with its head read: the steps of
    that function, for a caller that acts between them (the check cache looks up what it
    knows of a large file's head before it judges it or reads the rest). Raises as
    :func:`read_digest_bytes` does; use it as a context manager (it holds the file open)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd = _open(path)
        try:
            info = os.fstat(self._fd)
            if not stat.S_ISREG(info.st_mode):
                raise NotRegularFileError(
                    f"is {kind_of(info.st_mode)}, not a regular file; not read", path=path
                )
            self.head = _read_up_to(self._fd, HEAD_BYTES, path)
        except BaseException:
            os.close(self._fd)
            raise
        self.whole = len(self.head) < HEAD_BYTES  # the head is the whole file
        self._stat_size = info.st_size
        self.size = max(info.st_size, len(self.head))

    def __enter__(self) -> HeadFirst:
        return self

    def __exit__(self, *_exc: object) -> None:
        os.close(self._fd)

    def small(self, max_size: int) -> bool:
        """The file is its head, within the limit: nothing to judge, nothing more to read."""
        return self.whole and len(self.head) <= max_size

    def judge(self) -> None:
        """Raise :class:`NotADigestError` when the head shows that no format reads the file."""
        _refuse_early(self.head, self.path, self.size)

    def everything(self, max_size: int) -> bytes:
        """The file's bytes, refused when over ``max_size``."""
        if self.small(max_size):
            return self.head
        if self.whole or self._stat_size > max_size:
            raise _too_large(self.path, self.size, max_size)
        rest = _read_up_to(self._fd, max(0, max_size + 1 - len(self.head)), self.path)
        data = self.head + rest
        if len(data) > max_size:  # the file grew while it was read
            raise _too_large(self.path, len(data), max_size)
        return data


def read_stream(stream: BinaryIO, max_size: int = DEFAULT_MAX_FILE_SIZE, name: str = STDIN_NAME) -> bytes:
    """Read a stream (standard input) to its end, refusing more than ``max_size`` bytes."""
    data = stream.read(max_size + 1)
    if len(data) > max_size:
        raise FileTooLargeError(
            f"more than {describe_size(max_size)} on standard input, over the limit "
            "(raise it with --max-file-size or max-file-size)",
            path=name,
        )
    return data


def read_stdin(max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """Standard input's bytes (the ``-`` path of the command line)."""
    return read_stream(sys.stdin.buffer, max_size)


def _open(path: str) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise UnreadablePathError("no such file", path=path) from None
    except PermissionError:
        raise UnreadablePathError("permission denied", path=path) from None
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", -1)):
            try:  # a socket (or a FIFO on some systems) cannot be opened: say what it is
                mode = os.stat(path).st_mode
            except OSError:
                mode = 0
            if mode and not stat.S_ISREG(mode):
                raise NotRegularFileError(
                    f"is {kind_of(mode)}, not a regular file; not read", path=path
                ) from None
        raise UnreadablePathError(f"cannot read: {exc.strerror or exc}", path=path) from None


def _read_up_to(fd: int, limit: int, path: str) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        try:
            chunk = os.read(fd, min(left, _CHUNK))
        except OSError as exc:
            raise UnreadablePathError(f"cannot read: {exc.strerror or exc}", path=path) from None
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(path: str, size: int, max_size: int) -> FileTooLargeError:
    return FileTooLargeError(
        f"file is {describe_size(size)}, over the limit of {describe_size(max_size)}; not read "
        "(raise it with --max-file-size or max-file-size in [tool.digestparse])",
        path=path,
    )


def _refuse_early(head: bytes, path: str, size: int) -> None:
    """Raise :class:`NotADigestError` when the head alone shows that no format reads the file.

    Only a head that holds every line the formats sniff is judged, and only when no format
    recognises anything in it, not even its furniture (a header, a table heading): a format may
    look past the sniffed lines once its furniture is there (abstract-table looks for a first
    entry further down), so such a file is read whole. An undecodable head is left for the
    full read, which reports the bad byte with its position.
    """
    from . import _source
    from .formats import registry
    from .formats.detect import detect
    from .formats.plugin import Sniff

    complete = head[: head.rfind(b"\n") + 1]
    if complete.count(b"\n") <= SNIFF_LINES:
        return
    try:
        source = _source.from_bytes(complete, path)
    except ValueError:  # invalid UTF-8 or a NUL byte: the full read reports where
        return
    if any(isinstance(plugin.sniff(source), Sniff) for plugin in registry.formats().values()):
        return
    try:
        detect(source)
    except NotADigestError as exc:
        exc.message += f" (judged from its first {SNIFF_LINES} lines; the file is {describe_size(size)})"
        exc.args = (exc.message,)
        raise
