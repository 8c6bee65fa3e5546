"""The line grammar of the paper-table format: named patterns and column names, no logic.

The patterns are data, as in :mod:`digestparse._lines`: each is anchored and built from
character classes that cannot overlap (a date is digits and dashes, a cell is anything but
``|``), so matching is linear in the line's length whatever a title holds. Cells are split with
``str.find``/``str.split``, never with a regex over the row, because titles and abstracts are
free text (``|``, ``*``, ``$…$``, ``<…>``, CJK) that the generator does not escape.
"""

from __future__ import annotations

import re

# A table row: ``|**YYYY-MM-DD**|**<title>**|<cell>|…|``. The date cell is matched alone; the
# rest of the row is cut by the reader (titles may contain ``|``).
ROW_PREFIX = "|**"
ROW_HEAD = re.compile(r"\|\*\*(?P<date>[^|*\n]*)\*\*\|")
TITLE_OPEN = "**"
TITLE_CLOSE = "**|"
# The generator's own row, ``|**date**|**title**|Authors|[ID](http://arxiv.org/abs/ID)|code|``,
# matched whole in one call so that C, not Python, cuts its cells: the fast path for nearly
# every real row. The title ends at the first ``**|`` as the general cut's ``str.find`` ends it
# (a ``*`` is taken only when ``*|`` does not follow it, so no later ``**|`` can end it); the
# identifier is a valid new-style one (a real month, four digits before 2015 and five after,
# ASCII digits only) printed as the link's. Every other part is a character class that cannot
# overlap its neighbours, so matching stays linear in the line. A row it does not match (more
# columns, old-style IDs, labels, odd cells) is cut cell by cell instead.
FAST_ROW = re.compile(
    r"\|\*\*(?P<date>[^|*\n]*)\*\*\|\*\*(?P<title>[^*\n]*(?:\*(?!\*\|)[^*\n]*)*)\*\*\|"
    r"(?P<authors>[^|\n]*)\|\[(?P<id>(?P<ident>"
    r"07(?:0[4-9]|1[0-2])\.[0-9]{4}"
    r"|(?:0[89]|1[0-4])(?:0[1-9]|1[0-2])\.[0-9]{4}"
    r"|(?:1[5-9]|[2-9][0-9])(?:0[1-9]|1[0-2])\.[0-9]{5}"
    r")(?:v(?P<version>[1-9][0-9]{0,3}))?)\]"
    r"\((?P<url>http://arxiv\.org/(?P<kind>abs|pdf)/(?P=id)(?:\.pdf)?)\)"
    r"\|(?P<code>[^|\n]*)\|(?P<trailing>[ \t\r]*)"
)

# A list item: ``- **YYYY-MM-DD** **<title>** [<id>](<url>)`` then ``  > <summary>``.
ITEM_PREFIX = "- **"
ITEM_HEAD = re.compile(r"- \*\*(?P<date>[^*\n]*)\*\* \*\*")
ITEM_LINK_OPEN = "** ["
SUMMARY_PREFIX = "  > "

# A Markdown link cell: ``[text](url)``, optionally bold (``**[link](url)**``).
LINK_CELL = re.compile(r"(?P<before>\**)\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)(?P<after>\**)")
NULL_CODE = "null"
ET_AL = " et.al."
ET_AL_SPACED = " et al."
BOLD = "**"

# Header lines.
UPDATED = re.compile(
    r"(?P<before>(?:#{1,6} |> )?(?:Automatically )?Updated on )(?P<date>\d{4}\.\d{2}\.\d{2})(?P<after>[ \t]*)"
)
DEPLOYED = re.compile(r"(?P<before> ?Automated deployment @ )(?P<date>\d{4}-\d{2}-\d{2})(?P<after> [^\n]*)?")
KEYWORDS = re.compile(r"(?P<before>Current Search Keywords: )(?P<value>[^\n]*)")
BACKTICKED = re.compile(r"`([^`\n]*)`")
TITLE_HEADING = re.compile(r"# (?P<title>[^\n]*\S)[ \t]*")
# ``## Topic`` / ``### Topic`` name the table below; deeper headings (``#### Abstracts``,
# ``##### **title**``) are notes inside a topic.
SECTION_HEADING = re.compile(r"#{2,3} (?P<name>[^\n]*\S)[ \t\r]*")

# Column names of the header row, as the generator and its forks print them (compared after
# ``strip().lower()``). Any other name is a column digestparse keeps but has no field for
# (``Stars``, ``Quick Look``): its cells are written back as they were.
DATE, TITLE, AUTHORS, PDF, CODE, ABSTRACT, ABSTRACT_ZH, OTHER = (
    "date",
    "title",
    "authors",
    "pdf",
    "code",
    "abstract",
    "abstract_zh",
    "other",
)
COLUMN_NAMES: dict[str, str] = {
    "publish date": DATE,
    "date": DATE,
    "title": TITLE,
    "authors": AUTHORS,
    "author": AUTHORS,
    "pdf": PDF,
    "paper": PDF,
    "homepage": PDF,
    "code": CODE,
    "abstract": ABSTRACT,
    "摘要": ABSTRACT_ZH,
}
# Columns whose text is free (may contain ``|``): at most one per row is cut from both ends.
FREE_TEXT = frozenset({ABSTRACT, ABSTRACT_ZH})
# The generator's columns after the title, for rows printed without a header row.
DEFAULT_COLUMNS: tuple[str, ...] = (AUTHORS, PDF, CODE)

README_HEADER = "|Publish Date|Title|Authors|PDF|Code|"
README_ALIGN = "|---|---|---|---|---|"
WEB_HEADER = "| Publish Date | Title | Authors | PDF | Code |"
WEB_ALIGN = "|:---------|:-----------------------|:---------|:------|:------|"
COLUMN_TITLES: dict[str, str] = {AUTHORS: "Authors", PDF: "PDF", CODE: "Code", ABSTRACT: "Abstract"}
COLUMN_TITLES[ABSTRACT_ZH] = "摘要"


def is_alignment_row(line: str) -> bool:
    """``|---|---|``, ``|:---------|…``, ``| :---: |``: only pipes, dashes, colons, spaces."""
    text = line.strip(" \t\r")
    return len(text) > 2 and text[0] == "|" and "-" in text and not text.strip("|-: \t")


def header_columns(line: str) -> tuple[str, ...] | None:
    """The column kinds after Title of a header row ``|Publish Date|Title|…|``, else ``None``."""
    text = line.strip(" \t\r")
    if not (text.startswith("|") and text.endswith("|")) or "itle" not in text:
        return None
    names = [cell.strip().lower() for cell in text[1:-1].split("|")]
    if len(names) < 2 or COLUMN_NAMES.get(names[0]) != DATE or COLUMN_NAMES.get(names[1]) != TITLE:
        return None
    return tuple(COLUMN_NAMES.get(name, OTHER) for name in names[2:])
