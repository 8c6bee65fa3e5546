"""The line grammar of both formats: one table of named patterns, kept apart from the readers.

As in pypa/packaging's ``_tokenizer.py``, the patterns are data and the readers are code that
consumes them. Every pattern is anchored and made of character classes that cannot overlap, so
matching is linear in the line's length: no pattern can backtrack catastrophically, whatever
a scraper or an attacker puts in a title (``[[[[``, ``****``, a 50 MB line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")
SEPARATOR = "---"

# Neither format
TABLE_ROW = re.compile(r"\|[^\n]*\|")


def is_blank(line: str) -> bool:
    """A line with nothing but spaces, tabs or stray carriage returns."""
    return not line or (line[0] in " \t\r" and not line.strip(" \t\r"))


def raw_lines(lines: Sequence[str], start: int, end: int) -> str:
    """The exact text of lines ``[start, end)`` of a text split on ``\\n``.

    Joining the ranges of a partition of ``range(len(lines))`` gives back the text exactly,
    with or without a final newline (the last element of the split is ``""`` when the text
    ends with one).
    """
    text = "\n".join(lines[start:end])
    return text + "\n" if end < len(lines) else text
