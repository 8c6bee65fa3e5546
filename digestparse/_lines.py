"""The line grammar: one table of named patterns, kept apart from the readers.

Most of it is the grammar of the first two formats (badge-list, sections; the table and
AI-summary families keep theirs in their packages). The first table is every format's: how a
line names an arXiv paper, found without parsing it. Detection (``formats/detect.py``), the
check's pre-scan (``lint/prescan.py``) and the paper index's scan (``index/dataset.py``) build
their patterns from it; the readers parse what it finds with :mod:`digestparse.arxiv`.

As in pypa/packaging's ``_tokenizer.py``, the patterns are data and the readers are code that
consumes them. Every pattern is anchored and made of character classes that cannot overlap, so
matching is linear in the line's length: no pattern can backtrack catastrophically, whatever
a scraper or an attacker puts in a title (``[[[[``, ``****``, a 50 MB line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Any format: an arXiv paper named in a line (pattern text: the scans compile it as bytes)
ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"  # without its version
ARXIV_LINK = r"arxiv\.org/(?:abs|pdf)/"  # an abstract or PDF page's URL, before its identifier
ARXIV_TAG = r"arXiv:"  # before an identifier: a badge-list entry's `arXiv:ID`, a citation
ID_LINK_TEXT = r"\[(" + ARXIV_ID + r")(?:v\d+)?\]\("  # a link whose text is the ID: [ID](URL)
# A paper mentioned anywhere (detection: a file that mentions one is a digest or refused)
ARXIV_MENTION = re.compile(ARXIV_LINK + "|" + ARXIV_TAG + r"\s?" + ARXIV_ID, re.IGNORECASE)

# Badge-list (format A)
BADGE_ENTRY_PREFIX = "- **["
BADGE_HEADER = re.compile(r"# (?P<text>[^\n]*)")
TOPIC_TITLE = re.compile(r"(?P<emoji>\S+) (?P<topic>\S(?:[^\n]*\S)?) Papers · (?P<date>\d{4}-\d{2}-\d{2})")
BADGE_COUNT = re.compile(
    r"\[!\[Total Papers\]\(https://img\.shields\.io/badge/(?P<label>[A-Za-z_]+)-(?P<count>\d{1,9})\+?-"
)
KEYWORDS = re.compile(r"\*\*Keywords\*\*:(?P<value>[^\n]*)")
FILTER = re.compile(r"\*\*Filter\*\*:(?P<value>[^\n]*)")
BACKTICKED = re.compile(r"`([^`\n]*)`")
SECTION_HEADING = re.compile(r"### (?P<name>[^\n]+)")
DETAILS_OPEN = "<details open><summary>Abstract</summary>"
DETAILS_CLOSED = "<details><summary>Abstract</summary>"
DETAILS_END = "</details>"

# Sections (format B)
SECTIONS_TITLE_PREFIX = "# "
FIELD = re.compile(r"\*\*(?P<label>Title \(ZH\)|Authors|Link|Abstract|Abstract \(ZH\))\*\*:")
FIELD_NAMES = {
    "Title (ZH)": "title_zh",
    "Authors": "authors",
    "Link": "link",
    "Abstract": "abstract",
    "Abstract (ZH)": "abstract_zh",
}
_URL = re.compile(r"[^)\s]*")
SEPARATOR = "---"

# Neither format
TABLE_ROW = re.compile(r"\|[^\n]*\|")


def is_blank(line: str) -> bool:
    """A line with nothing but spaces, tabs or stray carriage returns."""
    return not line or (line[0] in " \t\r" and not line.strip(" \t\r"))


def markdown_link(text: str) -> tuple[str, str] | None:
    r"""The leftmost ``[text](url)`` in ``text``, as ``(text, url)``, in linear time.

    It finds what ``re.search(r"\[([^\]\n]*)\]\(([^)\s]*)\)", text)`` finds (link text without
    ``]`` or a newline, URL without ``)`` or white space), but that search is quadratic: on
    ``[[[[…`` every ``[`` scans to the end of the line, and on ``[](x[](x…`` every ``](`` scans
    the rest as a URL. Here each ``](`` is tried once, its link text is looked for no further
    back than the ``](`` tried before it, and a URL is scanned once: a URL that runs into white
    space or the end rules out every ``](`` inside it, and one that ends at ``)`` ends there
    for every ``](`` inside it too.
    """
    previous = 0  # the "](" tried last: the text of a later link starts after it
    low = 0  # no "](" before here can end a link
    url_end = -1  # where the last URL scan stopped; a URL starting before it stops there too
    while True:
        close = text.find("](", low)
        if close < 0:
            return None
        boundary = max(text.rfind("]", previous, close), text.rfind("\n", previous, close))
        opening = text.find("[", boundary + 1, close)
        if close + 2 > url_end:
            url = _URL.match(text, close + 2)
            assert url is not None  # the pattern matches the empty string
            url_end = url.end()
        closed = url_end < len(text) and text[url_end] == ")"
        if opening >= 0 and closed:
            return text[opening + 1 : close], text[close + 2 : url_end]
        previous = close
        low = close + 1 if closed else url_end


def raw_lines(lines: Sequence[str], start: int, end: int) -> str:
    """The exact text of lines ``[start, end)`` of a text split on ``\\n``.

    Joining the ranges of a partition of ``range(len(lines))`` gives back the text exactly,
    with or without a final newline (the last element of the split is ``""`` when the text
    ends with one).
    """
    text = "\n".join(lines[start:end])
    return text + "\n" if end < len(lines) else text
