"""The check cache: each file's stage-1 result kept between runs, so an unchanged file is not
read as a digest again.

An entry holds what ``check`` computes from one file alone: its findings, its suppressions, its
papers' fingerprints for the cross-digest rules (with the fields that complete a title-only
one) and its stage-0 identifier scan; a large file that is not a digest has an entry for its
head instead (see :mod:`.incremental`, which decides what goes in). The comparison across files
always runs again, over every file. An entry is found by

* the **generation**: the cache format, digestparse's version and a hash of its own code and
  data files, the format plug-ins installed, the Python version, the rules selected and every
  setting that could change a single file's result (:func:`settings_of`); one folder each;
* the **file**: the path as it was named (a finding names it, and the file name can decide the
  format) and the SHA-256 of its bytes (the hash ``--fix`` checks before it writes).

Trust. The cache is the user's own folder, trusted as the working tree is (``.gitignore`` holds
``*``, so it is never committed by accident). It is still never read blindly: an entry is used
only when its header (magic, format, generation, path, content hash, payload length and a
SHA-256 checksum of the payload) matches what is asked for, so a truncated, corrupted, foreign
or misplaced file is a miss, rebuilt by the run, never a crash. Only then is the payload
unpickled, by an unpickler that builds nothing but digestparse's own dataclasses, named tuples
and enums and ``datetime.date`` (no function can be called), and its type is checked by the caller.

Why pickle: a stage-1 result is a tree of dataclasses (findings with fixes, fingerprints with
figures) that other parts of the checker extend; pickle round-trips any of them with no schema
to keep in step, and the C unpickler restores 25,000 fingerprints in well under a second (JSON
would need a hand-kept encoder and a slower, Python-level decoder). Dataclasses are pickled as
their constructor and field values: restoring slot state goes through ``dataclasses.fields``
for every object, which made loading several times slower.

Writes go to a temporary file in the same folder, then are renamed: concurrent runs see a whole
entry or none. Size: when a run writes entries it prunes the folder: an entry superseded by its
file's new content goes at once, an entry unused for :data:`MAX_AGE` goes, and only the
:data:`GENERATIONS` most recently used generations are kept. Ages are looked at (one ``stat``
per entry) at most once per :data:`PRUNE_EVERY`. Nothing the cache did not name
itself is ever removed.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import hashlib
import inspect
import io
import operator
import os
import pickle
import re
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from .. import _version
from .config import Config

DEFAULT_DIR = ".digestparse_cache"
ENV_DIR = "DIGESTPARSE_CACHE_DIR"
FORMAT = 2  # 2: fingerprints are named tuples of the fields as written
MAGIC = b"DPCACHE\x00"
MAX_AGE = 30 * 24 * 3600.0  # seconds an entry or a generation is kept unused
TOUCH_AFTER = 24 * 3600.0  # a used entry's time is renewed at most once a day
STALE_TEMP = 3600.0  # a temporary file older than this was left by a killed run
PRUNE_EVERY = 24 * 3600.0  # entries' ages are looked at at most once a day
_PRUNED = ".pruned"  # its mtime: when the entries' ages were last looked at
GENERATIONS = 4

# magic, format, generation key (16), path hash (8), content hash (32), payload length, checksum (16)
_HEADER = struct.Struct(">8sH16s8s32sQ16s")
_GENERATION = re.compile(r"v\d+-[0-9a-f]{32}")
_ENTRY = re.compile(r"([0-9a-f]{16})-[0-9a-f]{64}")
_TEMP_PREFIX = ".tmp-"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by digestparse.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_GITIGNORE = "# Created by digestparse: the check cache is never committed.\n*\n"

# Config fields that do not change what stage 1 computes from a file: the file search, the
# comparison across files and the output. Any other field (one added later included) is part
# of the generation key, so a new setting can never be served a result computed without it.
_NOT_STAGE_ONE = frozenset(
    {
        "select",
        "extend_select",
        "ignore",  # these three are in the key as the codes they resolve to
        "exclude",
        "extend_exclude",
        "per_file_ignores",
        "require_digest",
        "respect_gitignore",
        "max_file_size",
        "output_format",
        "cache_dir",
        "root",
        "source",
    }
)


def default_folder(config: Config) -> Path:
    """Where the cache lives: ``cache-dir`` if set (the command line's ``--cache-dir`` or
    ``DIGESTPARSE_CACHE_DIR`` included), else ``.digestparse_cache`` in the folder of the
    configuration (the current folder without one)."""
    return config.cache_dir if config.cache_dir is not None else config.root / DEFAULT_DIR


def settings_of(selected: Iterable[str], config: Config) -> tuple[str, ...]:
    """What, besides the bytes and the path, a file's stage-1 result depends on."""
    values = [f"{name}={getattr(config, name)!r}" for name in _config_fields() if name not in _NOT_STAGE_ONE]
    return ("select=" + ",".join(sorted(selected)), *values)


def _config_fields() -> list[str]:
    return [f.name for f in fields(Config)]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of digestparse's own files (code and data) and of the installed format plug-ins:
    a changed checkout or another release never reads results computed by other code."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(f"{_version.__version__}|{sys.version_info[:2]}".encode(), digest_size=16)
    for folder, folders, names in os.walk(package):  # top-down: pruning ``folders`` works
        folders[:] = sorted(d for d in folders if d != "__pycache__")  # compiled: not the code
        for name in sorted(names):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, package).encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(path, "rb") as handle:
                    digest.update(hashlib.blake2b(handle.read(), digest_size=16).digest())
            except OSError as exc:
                digest.update(repr(exc).encode())
    for plugin in _plugins():
        digest.update(plugin.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _plugins() -> list[str]:
    """The format plug-ins installed, with their distributions' versions."""
    from importlib.metadata import entry_points

    from ..formats.registry import ENTRY_POINT_GROUP

    found = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: (p.name, p.value)):
        dist = getattr(point, "dist", None)
        version = f"{dist.name} {dist.version}" if dist is not None else "?"
        found.append(f"{point.name}={point.value} ({version})")
    return found


def generation_key(settings: Iterable[str]) -> bytes:
    """The 16-byte key of a generation: format, code, and settings."""
    text = "\n".join([f"format={FORMAT}", f"version={_version.__version__}", code_fingerprint(), *settings])
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _path_hash(path: str) -> bytes:
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=8).digest()


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(payload).digest()[:16]  # SHA-256 is the fastest hash here (SHA-NI)


@dataclass(frozen=True, slots=True)
class Generation:
    """The entries of one generation (one folder). Picklable: worker processes save into it."""

    root: Path
    key: bytes
    writable: bool = True

    @property
    def folder(self) -> Path:
        return self.root / f"v{FORMAT}-{self.key.hex()}"

    def name(self, path: str, content: str) -> str:
        """The entry's file name: its path's hash, then its content's SHA-256."""
        return f"{_path_hash(path).hex()}-{content}"

    def load(self, path: str, content: str) -> object | None:
        """The payload saved for ``path`` with bytes hashing to ``content`` (hex SHA-256), or
        ``None``: no entry, or one whose header does not match, or that does not unpickle."""
        entry = self.folder / self.name(path, content)
        expected = (MAGIC, FORMAT, self.key, _path_hash(path), bytes.fromhex(content))
        try:
            with open(entry, "rb") as handle:
                payload = _payload(handle, expected)
                modified = os.fstat(handle.fileno()).st_mtime
        except (OSError, ValueError):
            return None
        if payload is None:
            return None
        try:
            found: object = _Unpickler(io.BytesIO(payload)).load()
        except Exception:  # any failure to unpickle is a miss, never a crash
            return None
        if self.writable and time.time() - modified > TOUCH_AFTER:
            with contextlib.suppress(OSError):
                os.utime(entry)  # still in use: not pruned as unused
        return found

    def save(self, path: str, content: str, payload: object) -> str | None:
        """Save ``payload`` for ``path`` and ``content``; the reason on failure (the run goes
        on without it), else ``None``."""
        if not self.writable:
            return None
        try:
            body = _dumps(payload)
        except Exception as exc:  # an unpicklable result is simply not cached
            return f"cannot store the result of {path}: {exc}"
        header = _HEADER.pack(
            MAGIC, FORMAT, self.key, _path_hash(path), bytes.fromhex(content), len(body), _checksum(body)
        )
        try:
            _write(self.folder / self.name(path, content), header + body)
        except OSError as exc:
            return f"cannot write the cache in {self.root}: {exc.strerror or exc}"
        return None

    def prune(self, used: Iterable[tuple[str, str]]) -> None:
        """Remove what this cache will not read again: this generation's entries superseded by
        their file's new content (``used``: the (path, content) of every file of the run) or
        unused for :data:`MAX_AGE`, forgotten temporary files, and old generations. Errors are
        ignored: another run may be pruning too."""
        if not self.writable:
            return
        kept = {self.name(path, content) for path, content in used}
        renewed = {name.split("-", 1)[0] for name in kept}
        now = time.time()
        by_age = self._age_check_due(now)
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if entry.name in kept:
                continue
            match = _ENTRY.fullmatch(entry.name)
            try:
                if match is not None and match.group(1) in renewed:
                    os.unlink(entry.path)  # the file has other content now
                elif by_age and (match is not None or entry.name.startswith(_TEMP_PREFIX)):
                    age = now - entry.stat(follow_symlinks=False).st_mtime
                    if age > (STALE_TEMP if match is None else MAX_AGE):
                        os.unlink(entry.path)
            except OSError:
                continue
        self._prune_generations(now)

    def _age_check_due(self, now: float) -> bool:
        """Whether this run looks at the entries' ages: at most once per :data:`PRUNE_EVERY`.

        Finding the entries unused for a month needs one ``stat`` per entry, and a cache that
        has seen many files (a long history, a fuzzer) made that most of a small run's time;
        an entry may outlive its month by a day instead. The time of the last look is the
        mtime of :data:`_PRUNED` in the generation's folder."""
        marker = self.folder / _PRUNED
        try:
            if now - marker.stat().st_mtime < PRUNE_EVERY:
                return False
            os.utime(marker)
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                marker.touch()
        except OSError:
            pass
        return True

    def _prune_generations(self, now: float) -> None:
        try:
            others = [
                (entry.stat(follow_symlinks=False).st_mtime, entry.path)
                for entry in os.scandir(self.root)
                if _GENERATION.fullmatch(entry.name)
                and entry.is_dir(follow_symlinks=False)
                and entry.path != str(self.folder)
            ]
        except OSError:
            return
        others.sort(reverse=True)
        for rank, (modified, path) in enumerate(others):
            if rank >= GENERATIONS - 1 or now - modified > MAX_AGE:
                shutil.rmtree(path, ignore_errors=True)


class Cache:
    """A cache folder: where generations live, and what went wrong writing to it."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.problems: list[str] = []  # why entries could not be written (said once by the CLI)

    def generation(self, settings: Iterable[str]) -> Generation:
        """The generation for ``settings``, its folder created (with the cache's
        ``CACHEDIR.TAG`` and ``.gitignore``) and marked as used now. A folder that cannot be
        written makes a generation that only reads."""
        generation = Generation(self.root, generation_key(settings))
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for name, text in (("CACHEDIR.TAG", _CACHEDIR_TAG), (".gitignore", _GITIGNORE)):
                if not (self.root / name).exists():
                    _write(self.root / name, text.encode("utf-8"))
            generation.folder.mkdir(exist_ok=True)
            os.utime(generation.folder)
        except OSError as exc:
            self.problem(f"cannot write the cache in {self.root}: {exc.strerror or exc}")
            return Generation(self.root, generation.key, writable=False)
        return generation

    def problem(self, message: str) -> None:
        """Remember a write failure (the first one is reported)."""
        self.problems.append(message)


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    fd, temporary = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # as any new file (mkstemp's is 0600)
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _payload(handle: BinaryIO, expected: tuple[bytes, int, bytes, bytes, bytes]) -> bytes | None:
    """The payload of an entry whose header is ``expected`` (magic, format, generation, path
    and content) and whose size and checksum match, else ``None``. The header is read first:
    a file that is not an entry (of this size) is not read further."""
    header = handle.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    *found, length, checksum = _HEADER.unpack(header)
    if tuple(found) != expected or os.fstat(handle.fileno()).st_size != _HEADER.size + length:
        return None
    payload = handle.read(length)
    if len(payload) != length or _checksum(payload) != checksum:
        return None
    return payload


# Pickling: dataclasses as constructor calls, loading only digestparse's own classes.


def _constructor_fields(cls: type) -> Callable[[Any], tuple[object, ...]] | None:
    """For a dataclass whose constructor takes exactly its fields, in order and by position:
    a function giving an instance's field values. Otherwise ``None`` (pickled as usual)."""
    names = [f.name for f in fields(cls)]
    if not names or any(not f.init for f in fields(cls)):
        return None
    try:
        parameters = list(inspect.signature(cls).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    if [p.name for p in parameters] != names or any(p.kind is not positional for p in parameters):
        return None
    getter = operator.attrgetter(*names)
    return (lambda obj: (getter(obj),)) if len(names) == 1 else getter


_GETTERS: dict[type, Callable[[Any], tuple[object, ...]] | None] = {}


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if not is_dataclass(cls):
            return NotImplemented
        if cls not in _GETTERS:
            _GETTERS[cls] = _constructor_fields(cls)
        getter = _GETTERS[cls]
        return NotImplemented if getter is None else (cls, getter(obj))


def _dumps(payload: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=5).dump(payload)
    return buffer.getvalue()


def pack(payload: object) -> bytes:
    """``payload`` pickled apart: a part of an entry that a run seldom needs, unpickled only
    when needed (the entry's checksum covers it). Not compressed: zlib's fastest level cost
    the first run 7% and saved a third of the cache's size."""
    return _dumps(payload)


def unpack(data: bytes) -> object | None:
    """What :func:`pack` packed, or ``None`` when it cannot be unpacked."""
    try:
        found: object = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # any failure is a miss, never a crash
        return None
    return found


def _is_named_tuple(cls: type) -> bool:
    return issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)


class _Unpickler(pickle.Unpickler):
    """Builds only digestparse's dataclasses, named tuples and enums, and dates: a payload
    cannot name a function (``os.system``) or any other class, so loading one calls no code
    but their constructors."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("datetime", "date"):
            return datetime.date
        if module.startswith("digestparse.") and "." not in name:
            found = getattr(sys.modules.get(module), name, None)
            if isinstance(found, type) and (
                is_dataclass(found) or issubclass(found, enum.Enum) or _is_named_tuple(found)
            ):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
