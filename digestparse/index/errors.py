"""The index's errors: each says what is wrong and with which file, folder or range.

The command line prints the message and exits 2; none of them is a ``DigestParseError``
(a blob no format reads is not an error for the index: it is recorded as skipped).
"""

from __future__ import annotations


class IndexFailure(Exception):
    """Root of the index's errors."""


class IndexDatabaseError(IndexFailure):
    """The index file cannot be used: not SQLite, another application's, newer, or missing.

    Such a file is never written to.
    """


class SourceError(IndexFailure):
    """What to index cannot be read: a missing path, or (see :class:`GitError`) a repository."""


class GitError(SourceError):
    """The folder is not a git repository, the range is bad, or git failed; says which."""
