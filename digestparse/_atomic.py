"""Write files so that a failure half-way never leaves a damaged file behind.

The data goes to a temporary file in the target's own folder (so the final rename stays on one
file system and is atomic), is flushed to disk, gets the original file's owner, group and
permission bits, and is then renamed over the target. If anything fails before the rename, the
temporary file is removed and the original is untouched.

A symbolic link is written through: its target (``os.path.realpath``) is replaced and the link
stays a link, as ``open(path, "w")`` would do. A file nobody may write (no write bit, or not
writable for this user) and a file with more than one hard link are refused with
:class:`WriteRefused` instead of being replaced: the rename would bypass the read-only bit, or
leave the other names pointing at the old content. With ``expected`` the current content is
compared with it just before the rename, so a file changed by someone else since it was read
is left alone (the second of two concurrent ``--fix`` runs sees the first one's change).

SIGINT, SIGTERM and SIGHUP are held back while one file is written (where the platform can):
a signal then takes effect right after the rename or the clean-up, so it never leaves a
temporary file behind. Only SIGKILL or a power cut can; the name ``.<name>.<random>.tmp`` says
what it is.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

_HELD_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class WriteRefused(OSError):
    """The target was left alone on purpose; ``strerror`` says why, ``filename`` names it."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(0, reason, target)


def target_of(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` replaces: the end of its chain of symbolic links."""
    return Path(os.path.realpath(path))


def refusal(target: Path) -> str | None:
    """Why an existing ``target`` must not be replaced, or ``None`` (also when it is missing)."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222 or not os.access(target, os.W_OK):
        return f"read-only file (mode {mode:04o}); make it writable to change it"
    if info.st_nlink > 1:
        return f"has {info.st_nlink} hard links; replacing it would leave the others unchanged"
    return None


def write_atomic(path: str | os.PathLike[str], data: bytes, *, expected: bytes | None = None) -> None:
    """Replace the file at ``path`` (or a link's target) with ``data`` atomically.

    An existing file keeps its mode, owner and group. ``expected``: the bytes the caller read
    and computed ``data`` from; if the file no longer holds exactly them, it is left alone.
    Raises :class:`WriteRefused` for a file that must not be replaced, :class:`OSError`
    (naming the target, never the temporary file) when the write fails.
    """
    target = target_of(path)
    with _signals_held():
        reason = refusal(target)
        if reason is not None:
            raise WriteRefused(str(target), reason)
        try:
            info: os.stat_result | None = target.stat()
        except FileNotFoundError:
            info = None
        if expected is not None and info is None:
            raise WriteRefused(str(target), "removed since it was read; left alone")
        try:
            _replace(target, data, info, expected)
        except WriteRefused:
            raise
        except OSError as exc:  # name the file the user asked for, not the temporary one
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc


def _replace(target: Path, data: bytes, info: os.stat_result | None, expected: bytes | None) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if info is not None:
                _keep_owner(handle.fileno(), info, target)
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))  # after chown, which clears setuid
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(handle.fileno(), 0o666 & ~umask)
            os.fsync(handle.fileno())
        if expected is not None and _current(target) != expected:
            raise WriteRefused(str(target), "changed since it was read; left alone")
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _keep_owner(fd: int, info: os.stat_result, target: Path) -> None:
    """Give the temporary file the target's owner and group (root may; others only their groups)."""
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        raise WriteRefused(
            str(target), f"cannot keep its owner and group ({info.st_uid}:{info.st_gid}); left alone"
        ) from None


def _current(target: Path) -> bytes | None:
    try:
        with open(target, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay SIGINT/SIGTERM/SIGHUP in this thread until the block ends (POSIX only)."""
    if not _HELD_SIGNALS or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
