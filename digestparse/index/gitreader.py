"""Read every version of every digest of a git repository straight from its objects.

No checkout: ``git rev-list`` lists the commits of the range, ``git log --raw -z --no-renames``
lists, for the commits not indexed yet, each digest file they added, changed or deleted with
its blob hash (a rename is a deletion plus an addition of the same blob, so the blob is read
once and the new path is still recorded), and one long-lived ``git cat-file --batch`` process
hands over the blobs' bytes. Listing changes per commit costs what the commit changed; listing
each commit's whole tree (``git ls-tree -r``) would cost the whole tree per commit. A process per
blob (``git cat-file -p``) costs a fork and exec and git's start-up per blob, milliseconds
each; the batch process answers in microseconds (``tests/benchmarks/bench_index.py`` measures
both).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import GitError

DIGEST_SUFFIX = ".md"
_NULL_BLOB = "0" * 40
_CHUNK = 1 << 16
_GROUP = 256  # requests of 41 bytes: 10 kB, well under a pipe's 64 kB


@dataclass(frozen=True, slots=True)
class FileChange:
    """One digest file a commit added (A), modified (M), deleted (D) or changed the type of."""

    path: str
    blob: str | None  # None for a deletion
    status: str


@dataclass(slots=True)
class CommitChanges:
    """A commit, its committer date (UTC, ISO) and the digest files it changed."""

    commit: str
    date: str
    changes: list[FileChange] = field(default_factory=list)


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _run(repo: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(repo), *args],
            input=stdin,
            capture_output=True,
            env=_git_env(),
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


class Repository:
    """A git repository read through git's own commands."""

    def __init__(self, path: Path) -> None:
        if not path.is_dir():
            raise GitError(f"{path}: no such folder")
        try:
            top = _run(path, ["rev-parse", "--git-dir"]).decode("utf-8", "replace").strip()
        except GitError:
            raise GitError(f"{path}: not a git repository") from None
        self.path = path
        self.git_dir = top

    def identity(self) -> str:
        """An absolute name for the repository, recorded with its commits."""
        return os.fspath(self.path.resolve())

    def commits(self, rev: str | None) -> list[tuple[str, str]]:
        """The commits of ``rev`` (default ``HEAD``; ``--all`` for every ref) with their committer
        dates, oldest first."""
        spec = rev or "HEAD"
        if spec.startswith("-") and spec != "--all":
            raise GitError(f"bad revision range {spec!r}")
        args = ["log", "--reverse", "--date-order", "--format=%H %ct"]
        args += ["--all"] if spec == "--all" else [*spec.split(), "--"]
        try:
            out = _run(self.path, args)
        except GitError as exc:
            if rev is None and not self.has_commits():
                return []
            raise GitError(f"{self.path}: bad revision range {spec!r}: {exc}") from None
        pairs = (line.split(" ", 1) for line in out.decode("ascii").splitlines() if line)
        return [(commit, _iso(int(stamp))) for commit, stamp in pairs]

    def has_commits(self) -> bool:
        try:
            _run(self.path, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        except GitError:
            return False
        return True

    def changes(self, commits: Sequence[str], pathspecs: Sequence[str] = ()) -> Iterator[CommitChanges]:
        """The digest files each commit changed, against its first parent (all files for a root
        commit), in the order given. Streams: git writes while this reads."""
        if not commits:
            return
        args = [
            "git",
            "-C",
            os.fspath(self.path),
            "log",
            "--stdin",
            "--no-walk=unsorted",
            "--raw",
            "-z",
            "--no-renames",
            "--root",
            "--diff-merges=first-parent",
            "--no-abbrev",
            "--format=%x01%H %ct",
            "--",
            *(pathspecs or ["*" + DIGEST_SUFFIX]),
        ]
        process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_git_env()
        )
        assert process.stdin is not None and process.stdout is not None
        feeder = _Feeder(process.stdin, commits)
        feeder.start()
        try:
            yield from _parse_log(_tokens(process.stdout))
        finally:
            feeder.join()
            process.stdout.close()
            stderr = process.stderr.read() if process.stderr else b""
            if process.stderr:
                process.stderr.close()
            code = process.wait()
        if code != 0:
            raise GitError(stderr.decode("utf-8", "replace").strip() or "git log failed")


class _Feeder:
    """Writes the commit list to git's standard input from a thread, so a long list cannot
    dead-lock against git's output filling the pipe."""

    def __init__(self, stream: IO[bytes], commits: Sequence[str]) -> None:
        import threading

        self.stream = stream
        self.data = ("\n".join(commits) + "\n").encode("ascii")
        self.thread = threading.Thread(target=self._write, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def join(self) -> None:
        self.thread.join()

    def _write(self) -> None:
        try:
            self.stream.write(self.data)
        except (BrokenPipeError, OSError):
            pass
        finally:
            with contextlib.suppress(OSError):
                self.stream.close()


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """The NUL-separated tokens of git's ``-z`` output, read in chunks."""
    rest = b""
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        rest += chunk
        *tokens, rest = rest.split(b"\0")
        yield from tokens
    if rest:
        yield rest


def _parse_log(tokens: Iterable[bytes]) -> Iterator[CommitChanges]:
    current: CommitChanges | None = None
    items = iter(tokens)
    for token in items:
        token = token.lstrip(b"\n")
        if token.startswith(b"\x01"):
            if current is not None:
                yield current
            commit, _, stamp = token[1:].decode("ascii").partition(" ")
            current = CommitChanges(commit, _iso(int(stamp)))
        elif token.startswith(b":") and current is not None:
            meta = token[1:].decode("ascii").split()
            path = os.fsdecode(next(items))
            if not path.lower().endswith(DIGEST_SUFFIX):
                continue
            new_mode, new_blob, status = meta[1], meta[3], meta[4][:1]
            if new_mode.startswith("160") or new_mode.startswith("120"):
                continue  # submodules and symbolic links are not digests
            blob = None if status == "D" or new_blob == _NULL_BLOB else new_blob
            current.changes.append(FileChange(path, blob, status))
    if current is not None:
        yield current


def _iso(stamp: int) -> str:
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class BlobReader:
    """One ``git cat-file --batch`` process for the whole run: a blob hash in, its bytes out."""

    def __init__(self, repo: Repository) -> None:
        self.process = subprocess.Popen(
            ["git", "-C", os.fspath(repo.path), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_git_env(),
        )

    def read(self, blob: str) -> bytes:
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(blob.encode("ascii") + b"\n")
        process.stdin.flush()
        return self._answer(blob)

    def _answer(self, blob: str) -> bytes:
        process = self.process
        assert process.stdout is not None
        header = process.stdout.readline().split()
        if len(header) != 3:
            raise GitError(f"blob {blob} is missing from the repository")
        size = int(header[2])
        data = process.stdout.read(size + 1)  # the content, then a newline
        if len(data) != size + 1:
            raise GitError(f"git cat-file stopped while reading blob {blob}")
        return data[:size]

    def read_many(self, blobs: Sequence[str]) -> Iterator[bytes]:
        """The bytes of each blob, in order: every request is written before the first answer
        is read, so git works while the caller parses."""
        process = self.process
        assert process.stdin is not None
        # in groups small enough for the pipe: git blocks on its output while this writes
        for start in range(0, len(blobs), _GROUP):
            group = blobs[start : start + _GROUP]
            process.stdin.write("".join(blob + "\n" for blob in group).encode("ascii"))
            process.stdin.flush()
            for blob in group:
                yield self._answer(blob)

    def close(self) -> None:
        process = self.process
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        if process.stdout is not None:
            process.stdout.close()
        process.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def blob_hash(data: bytes) -> str:
    """The git blob hash of ``data`` (what ``git hash-object`` says), so a file on disk and the
    same bytes in a repository are one blob."""
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
