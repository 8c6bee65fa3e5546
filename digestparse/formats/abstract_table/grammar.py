"""The line grammar of the abstract-table format (zezhishao/DailyArXiv and its forks).

Data, not logic: the readers and the sniffer consume these. Every pattern is anchored and made
of character classes that cannot overlap, so matching is linear in the line's length. Table
rows are never matched with a regular expression at all: they are split with ``str.find`` on
the closing token of each known cell shape (see :mod:`.cells`), because titles, abstracts and
comments hold unescaped ``|``.

Grammar (``␠`` is a space that is part of the syntax)::

    file        := [front] {line}
    front       := "---" NL "title: " TEXT NL {KEY ": " TEXT NL} "---" NL    (.github/ISSUE_TEMPLATE.md)
    doc-title   := "# " TEXT                      ("Daily Papers" or "Daily Papers - " TOPIC)
    last-update := "Last update: " YYYY-MM-DD
    keyword     := "## " KEYWORD | "### " KEYWORD (under an emoji "## 📄 Paper Details" heading)
    table       := header NL delimiter NL {row NL}
    header      := "| **" NAME "**" {" | **" NAME "**"} " |"
    delimiter   := "|" {" --- |"}
    row         := "| " CELL {" | " CELL} [" |"]   (one cell per header column; a row may
                                                    stop early when its last cells are empty)
    title-cell  := "**[" TITLE "](" URL ")**"
    date-cell   := YYYY-MM-DD
    abstract    := "<details><summary>" LABEL "</summary><p>" ABSTRACT "</p></details>"
                   ["<details><summary>" LABEL "</summary><p>" ABSTRACT_ZH "</p></details>"]
    comment     := "" | COMMENT (<= 20 chars) | folded
    folded      := "<details><summary>" FIRST5 "...</summary><p>" TEXT "</p></details>"
    authors     := NAME " et al."
    tags        := CATEGORY {", " CATEGORY} | folded
    ai-summary  := title-cell "<br>" ("<details><summary>Show Summary</summary>" TLDR "</details>"
                                      | PLACEHOLDER)
"""

from __future__ import annotations

import re

# File furniture
FRONT_FENCE = "---"
FRONT_TITLE = re.compile(r"title: (?P<title>[^\n]*)")
DOC_TITLE_PREFIX = "# "
LAST_UPDATE = re.compile(r"Last update: ?(?P<date>\d{4}-\d{2}-\d{2})")
# "Latest 15 Papers - July 09, 2026": the date that ends a front-matter title.
TITLE_DATE = re.compile(r"(?P<month>[A-Z][a-z]{2,8}) (?P<day>\d{1,2}), (?P<year>\d{4})$")
H2 = "## "
H3 = "### "

# Tables
TABLE_HEADER = re.compile(r"\| \*\*[^*|\n]+\*\*(?: \| \*\*[^*|\n]+\*\*)* \|")
HEADER_CELL = re.compile(r"\*\*([^*|\n]+)\*\*")
DELIMITER = re.compile(r"\|(?: *:?-+:? *\|)+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Cell shapes (literal tokens, found with str.find)
SEPARATOR = " | "
TITLE_OPEN = "**["
TITLE_CLOSE = ")**"
LINK_OPEN = "]("
DETAILS_OPEN = "<details><summary>"
SUMMARY_CLOSE = "</summary>"
PARAGRAPH_OPEN = "<p>"
PARAGRAPH_CLOSE = "</p></details>"
DETAILS_CLOSE = "</details>"
BREAK = "<br>"
ET_AL = " et al."
FOLD_MARK = "..."

# What a column holds, by its header name (lower case). Unknown columns are kept as written.
COLUMN_KINDS: dict[str, str] = {
    "title": "title",
    "date": "date",
    "abstract": "abstract",
    "comment": "comment",
    "authors": "authors",
    "tags": "tags",
    "#": "number",
    "ai summary": "summary",
    "abstract_cn": "abstract_zh",
}
# The header name the generator writes for each kind.
KIND_HEADERS: dict[str, str] = {
    "title": "Title",
    "date": "Date",
    "abstract": "Abstract",
    "comment": "Comment",
    "authors": "Authors",
    "tags": "Tags",
    "number": "#",
    "summary": "AI Summary",
    "abstract_zh": "Abstract_CN",
}
# Kinds whose cell can be a <details> block (its end is found by its closing tag).
DETAILS_KINDS = frozenset({"abstract", "comment", "tags", "summary", "abstract_zh", "other"})

# The generator's folding rules (utils.generate_table): longer values go into <details>.
COMMENT_FOLD_OVER = 20
TAGS_FOLD_OVER = 10
FOLD_PREFIX = 5

DEFAULT_ABSTRACT_LABEL = "Show"
DEFAULT_SUMMARY_LABEL = "Show Summary"
DEFAULT_TITLE = "Daily Papers"
DEFAULT_KEYWORD = "Papers"
README_INTRO = (
    "The project automatically fetches the latest papers from arXiv based on keywords.\n\n"
    "The subheadings in the README file represent the search keywords.\n\n"
    "Only the most recent articles for each keyword are retained, up to a maximum of 100 papers.\n\n"
    "You can click the 'Watch' button to receive daily email notifications.\n"
)

# The front-matter title's "Month DD, YYYY" date, written in English whatever the locale.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
