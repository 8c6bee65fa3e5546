"""DP100: a file that is not read as a digest, and what that means for the run.

A file is refused when it cannot be opened as a regular file, is too large, is not UTF-8, or is
text no format reads (:mod:`digestparse.formats.detect` says why). :func:`refusal_of` sorts the
refusal into a kind and makes its DP100 finding (stage 1, in the worker that read the file);
:func:`settle` decides, once the run knows how the file was named, whether it is skipped or
reported. ``parse`` and ``export`` judge the files they skip by the same kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ... import _files
from ..._paths import Skipped
from ...errors import DigestParseError, InvalidEncodingError, NotADigestError, UnreadablePathError
from ..diagnostic import Diagnostic, Severity
from ..table import RULES, declare

declare(
    "DP100",
    "not-a-digest",
    Severity.ERROR,
    """
    A file is not a digest: not UTF-8, binary, or neither the badge-list nor the sections format.

    ## What it does
    Reports a file that cannot be read as a digest, with the line and byte where reading failed
    (invalid UTF-8, a NUL byte) or why the text is neither format (an index table, for example).

    ## Why is this bad?
    Nothing in the file can be checked, and a digest pipeline that wrote it is broken. The
    command exits with code 2 when such a file is found.

    ## Example
    An index file beside sections digests: `| Subject | Link | Number of Papers |`.

    ## Use instead
    Exclude index files in `[tool.digestparse] exclude`, or fix the generator.

    ## Fix safety
    No fix.
    """,
)

RefusalKind = Literal["special", "unreadable", "not-a-digest", "invalid"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a file was not read as a digest, as the DP100 finding it may become.

    ``kind``: ``special`` (not a regular file), ``unreadable`` (missing, no permission, too
    large), ``not-a-digest`` (text no format reads) or ``invalid`` (a digest whose bytes are
    not UTF-8). The run decides what it means: see :func:`settle`.
    """

    kind: RefusalKind
    diagnostic: Diagnostic


def refusal_of(path: str, exc: DigestParseError, data: bytes | None = None) -> Refusal:
    """Why ``path`` was not read as a digest (``data``: its bytes, when they were read)."""
    kind: RefusalKind
    if isinstance(exc, _files.NotRegularFileError):
        kind = "special"
    elif isinstance(exc, UnreadablePathError):
        kind = "unreadable"
    elif isinstance(exc, NotADigestError) or (
        isinstance(exc, InvalidEncodingError) and data is not None and not _digest_despite_bytes(data, path)
    ):
        kind = "not-a-digest"
    else:
        kind = "invalid"
    severity = RULES["DP100"].severity  # parse/export judge skipped files without a run
    return Refusal(kind, Diagnostic("DP100", severity, exc.message, path, exc.line or 1, exc.col or 1))


def _digest_despite_bytes(data: bytes, path: str) -> bool:
    """Whether text that is not UTF-8 would be a digest with its bad bytes replaced: a broken
    digest (reported) rather than some other file that happens to end in ``.md`` (skipped)."""
    from ... import _source
    from ...formats.detect import detect

    text = data.replace(b"\x00", b"").decode("utf-8", errors="replace")
    try:
        detect(_source.from_text(text, path))
    except NotADigestError:
        return False
    return True


def settle(
    refusal: Refusal, named: bool, required: bool, skip_non_digests: bool, selected: frozenset[str]
) -> Skipped | list[Diagnostic]:
    """What a refused file means for the run: skipped (found by searching and not a digest,
    or not a regular file), or its DP100 finding. A file that cannot be read at all (missing,
    not a regular file, no permission, too large) is always reported when it was named: no
    selection makes a mistyped path pass. ``named``: the file was named, not found by
    searching; ``required``: it matches ``require-digest``; ``skip_non_digests``: a named file
    no format reads is skipped as a found one is (pre-commit's way)."""
    path, message = refusal.diagnostic.path, refusal.diagnostic.message
    if refusal.kind == "special":
        return [refusal.diagnostic] if named else Skipped(path, message)
    if refusal.kind == "unreadable":
        return [refusal.diagnostic]
    if refusal.kind == "not-a-digest" and not required and (not named or skip_non_digests):
        return Skipped(path, message)
    return [refusal.diagnostic] if "DP100" in selected else []
