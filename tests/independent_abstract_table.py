"""An independent extraction of abstract-table papers, written apart from the reader.

The reader walks the file line by line and splits each row with ``str.find`` on the closing
token of each cell shape. This works on the whole text with regular expressions instead: one
multi-line pattern finds every table (header, delimiter, rows), the ``**[title](url)**`` cell
and every ``<details>`` block of a row are cut out by patterns and replaced with placeholders,
and only then is the rest of the row split on ``|`` (with those parts gone, a ``|`` left can
only separate cells, or sit in a short comment, which is the last column). It shares no code
with ``digestparse.formats.abstract_table``; the one thing it borrows is the mojibake repair,
a normaliser with tests of its own.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from digestparse.normalize.mojibake import repair_mojibake

_TABLE = re.compile(
    r"^(?P<header>\|(?: \*\*[^*\n]+\*\* \|)+)[ \t\r]*\n"
    r"\|(?: *:?-+:? *\|)+[ \t\r]*\n"
    r"(?P<rows>(?:\|[^\n]*(?:\n|\Z))*)",
    re.MULTILINE,
)
_HEADER_NAME = re.compile(r"\*\*([^*\n]+)\*\*")
# A title cell: the URL is the part after the last "](" that has no space and ends at ")**"
# followed by the end of the cell (" |", "<br>" in an AI Summary cell, or the end of the row).
_TITLE = re.compile(r"\*\*\[(?P<title>.*?)\]\((?P<url>[^\s]*?)\)\*\*(?=\s*\||<br>|\s*$)")
_DETAILS = re.compile(
    r"<details><summary>(?P<label>.*?)</summary>(?:<p>(?P<p>.*?)</p>|(?P<raw>.*?))</details>"
)
_ARXIV = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?(?:\.pdf)?/?$"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TITLE_MARK = "\x01"
_DETAILS_MARK = "\x02{}\x03"


def _valid_id(ident: str) -> bool:
    """arXiv's rule: YYMM.NNNN up to 1412, YYMM.NNNNN from 1501, or old style archive/YYMMNNN."""
    if "/" in ident:
        return 1 <= int(ident[-5:-3]) <= 12
    yymm, number = ident.split(".")
    if not 1 <= int(yymm[2:]) <= 12 or int(yymm) < 704:
        return False
    return len(number) == (4 if int(yymm) < 1501 else 5)


def extract(text: str) -> list[dict[str, Any]]:
    """title, link, arxiv_id, version, published, abstract, comment of every arXiv row."""
    papers: list[dict[str, Any]] = []
    for table in _TABLE.finditer(text):
        names = [n.strip().lower() for n in _HEADER_NAME.findall(table["header"])]
        if "title" not in names and "ai summary" not in names:
            continue
        first_line = text.count("\n", 0, table.start("rows")) + 1
        for offset, row in enumerate(table["rows"].split("\n")):
            if row.startswith("|"):
                paper = _row(row.rstrip(" \t\r"), names)
                if paper is not None:
                    paper["line"] = first_line + offset
                    papers.append(paper)
    return papers


def _row(row: str, names: list[str]) -> dict[str, Any] | None:
    title = _TITLE.search(row)
    if title is None:
        return None
    link = _ARXIV.match(title["url"])
    if link is None or not _valid_id(link["id"]):
        return None
    blocks: list[re.Match[str]] = []

    def mark(match: re.Match[str]) -> str:
        blocks.append(match)
        return _DETAILS_MARK.format(len(blocks) - 1)

    masked = row[: title.start()] + _TITLE_MARK + _DETAILS.sub(mark, row[title.end() :])
    parts = [p.strip() for p in masked.strip().strip("|").split("|")]
    if len(parts) > len(names):  # a `|` in the last (comment) cell
        parts = [*parts[: len(names) - 1], "|".join(parts[len(names) - 1 :])]
    parts += [""] * (len(names) - len(parts))
    cells = dict(zip(names, parts, strict=True))

    def unmasked(cell: str) -> list[re.Match[str]]:
        return [blocks[int(n)] for n in re.findall(r"\x02(\d+)\x03", cell)]

    abstract = ""
    for block in unmasked(cells.get("abstract", ""))[:1]:
        abstract = (block["p"] if block["p"] is not None else block["raw"]).strip()
    comment_cell = cells.get("comment", "")
    comment_blocks = unmasked(comment_cell)
    comment = comment_blocks[0]["p"] if comment_blocks else comment_cell
    date_cell = cells.get("date", "")
    published = datetime.date.fromisoformat(date_cell) if _ISO_DATE.fullmatch(date_cell) else None
    return {
        "title": repair_mojibake(title["title"].strip()),
        "link": title["url"],
        "arxiv_id": link["id"],
        "version": int(link["version"]) if link["version"] else None,
        "published": published,
        "abstract": repair_mojibake(abstract),
        "comment": repair_mojibake(comment.strip()) if comment and comment.strip() else None,
    }
