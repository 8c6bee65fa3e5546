"""Stage 0 of a check: which papers are told more than once in the run, by a byte scan.

Only a paper told twice can differ from itself, so only those papers need the full fingerprint
(figures, author and abstract keys) in stage 1; in a real archive about half of the papers are
told once. The scan reads the files' bytes, not their digests, and over-counts rather than
under-counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import _files
from .. import _lines as g
from ..errors import DigestParseError
from ..models import Digest

# Three patterns with literal prefixes, not one alternation: the regex engine then jumps from
# one literal to the next (measured over the corpus: 0.1 s for two instead of 0.53 s for one).
# They find what the readers take a paper's identifier from: an arXiv link, a badge-list
# entry's `arXiv:ID`, a paper-table row's link text [ID](URL), whatever the URL.
_FORMS = (
    re.compile(("(?:" + g.ARXIV_LINK + ")(" + g.ARXIV_ID + ")").encode("ascii")),
    re.compile(("`" + g.ARXIV_TAG + "(" + g.ARXIV_ID + ")").encode("ascii")),
    re.compile(g.ID_LINK_TEXT.encode("ascii")),
)


@dataclass(frozen=True, slots=True)
class IdScan:
    """Stage 0's view of one file: the identifiers it names, and those it names twice in the
    same form (two entries of the paper)."""

    names: frozenset[str]
    repeated: frozenset[str]


def scan_ids(data: bytes) -> IdScan:
    """The identifiers of a file's bytes, in every form an entry names its paper by. One entry
    names its paper once in each form it uses (a badge-list entry by link and by backticked
    ID, a paper-table row by link text and link), so within one file an ID counts as repeated
    when one form names it twice: two entries, whatever their links."""
    names: set[bytes] = set()
    twice: set[bytes] = set()
    for form in _FORMS:
        seen: set[bytes] = set()
        for match in form.finditer(data):
            ident = match.group(1)
            if ident in seen:
                twice.add(ident)
            seen.add(ident)
        names |= seen
    return IdScan(frozenset(i.decode("ascii") for i in names), frozenset(i.decode("ascii") for i in twice))


def repeated_ids(
    files: Sequence[str], digests: Sequence[Digest], max_size: int = _files.DEFAULT_MAX_FILE_SIZE
) -> frozenset[str]:
    """Identifiers that occur in two files, or twice in one file's links: a quick byte scan.

    Only papers told more than once can conflict, so only they need the full fingerprint
    (figures, author and abstract keys); in a real archive about half of the papers are told
    once. The scan over-counts rather than under-counts.
    """
    scans = []
    for path in files:
        try:  # regular files only, within the size limit: a FIFO never blocks the scan
            data = _files.read_digest_bytes(path, max_size)
        except (DigestParseError, OSError):
            continue
        scans.append(scan_ids(data))
    return repeated_in(scans, digests)


def repeated_in(scans: Iterable[IdScan], digests: Sequence[Digest] = ()) -> frozenset[str]:
    """The identifiers told more than once by the files scanned and the in-memory digests."""
    counts: dict[str, int] = {}
    found: set[str] = set()
    for scan in scans:
        found |= scan.repeated
        for ident in scan.names:
            counts[ident] = counts.get(ident, 0) + 1
    found.update(ident for ident, count in counts.items() if count > 1)
    for digest in digests:
        for paper in digest.papers:
            if paper.arxiv_id is not None:
                key = str(paper.arxiv_id)
                counts[key] = counts.get(key, 0) + 1
                if counts[key] > 1:
                    found.add(key)
    return frozenset(found)
