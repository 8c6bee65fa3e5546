"""How a paper-table digest is recognised: from its rows (or list items), never from words.

An entry is a row ``|**YYYY-MM-DD**|**Title**|…`` or an item ``- **YYYY-MM-DD** **Title** [ID](URL)``
that links an arXiv paper. The format's furniture alone (a header row ``|Publish Date|Title|…``,
an ``Updated on`` line) is an empty digest of the format, taken only when the file mentions no
arXiv paper at all (see :mod:`digestparse.formats.detect`).
"""

from __future__ import annotations

import re

from ..._source import Source
from ..plugin import NearMiss, Sniff
from . import grammar as g
from .cells import mentions_arxiv

SNIFF_LINES = 400


def sniff(source: Source) -> Sniff | NearMiss | None:
    """Entries in the first lines, the format's furniture alone, or a line that nearly is one."""
    entries = 0
    first_entry: int | None = None
    furniture: int | None = None
    near: NearMiss | None = None
    for index, line in enumerate(source.lines[:SNIFF_LINES]):
        kind = line[:1]
        if kind == "|":
            if line.startswith(g.ROW_PREFIX):
                lacks = row_lacks(line)
                if lacks is None:
                    entries += 1
                    first_entry = index if first_entry is None else first_entry
                elif near is None and mentions_arxiv(line):
                    near = NearMiss(index + 1, f"looks like a paper-table row but {lacks}")
            elif furniture is None and g.header_columns(line) is not None:
                furniture = index
        elif kind == "-" and line.startswith(g.ITEM_PREFIX):
            lacks = item_lacks(line)
            if lacks is None:
                entries += 1
                first_entry = index if first_entry is None else first_entry
            elif near is None and g.ITEM_HEAD.match(line) and mentions_arxiv(line):
                near = NearMiss(index + 1, f"looks like a paper-table list entry but {lacks}")
        elif furniture is None and "Updated on " in line and g.UPDATED.fullmatch(line):
            furniture = index
    if first_entry is not None:
        return Sniff(entries=entries, line=first_entry + 1)
    if near is not None:
        return near
    if furniture is not None:
        return Sniff(entries=0, line=furniture + 1)
    return None


def row_lacks(line: str) -> str | None:
    """What keeps ``line`` from being a paper-table row that links arXiv; None when it is one."""
    head = g.ROW_HEAD.match(line)
    if head is None or not line.startswith(g.TITLE_OPEN, head.end()):
        return "has no `|**YYYY-MM-DD**|**Title**|` cells"
    close = line.find(g.TITLE_CLOSE, head.end() + 2)
    if close < 0:
        return "its title has no closing `**|`"
    rest = line[close + 3 :]
    # the generator's own lowercase spelling is looked for first: found without the cost of
    # lowering the text or of IGNORECASE matching (the answer is the same either way)
    if "](" not in rest or ("arxiv.org/" not in rest and not mentions_arxiv(rest)):
        return "has no `[ID](https://arxiv.org/abs/ID)` cell"
    if _VALID_ID_LINK_AS_WRITTEN.search(rest) is None and _VALID_ID_LINK.search(rest) is None:
        return "its link names no valid arXiv identifier"  # a quoted template row: `[<id>](…/<id>)`
    return None


_VALID_ID_LINK_PATTERN = r"arxiv\.org/(?:abs|pdf)/(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
_VALID_ID_LINK = re.compile(_VALID_ID_LINK_PATTERN, re.I)
_VALID_ID_LINK_AS_WRITTEN = re.compile(_VALID_ID_LINK_PATTERN)


def item_lacks(line: str) -> str | None:
    """What keeps ``line`` from being a list entry that links arXiv; None when it is one."""
    head = g.ITEM_HEAD.match(line)
    if head is None:
        return "has no `- **YYYY-MM-DD** **Title**` head"
    body = line.rstrip(" \t\r")
    link_open = body.rfind(g.ITEM_LINK_OPEN)
    if link_open < head.end() or not body.endswith(")") or not mentions_arxiv(body[link_open:]):
        return "does not end with `[ID](https://arxiv.org/abs/ID)`"
    return None
