"""The independent source for paper-table fields: the generator's JSON sidecar.

cv-arxiv-daily keeps every row it prints in a JSON file next to the digest (topic -> arXiv ID ->
row text, before its ``$`` spacing step). This module reads those rows with its own parser (one
regex over the whole row, nothing shared with the reader) so the test can compare fields.

Normalisation: the generator prints ``pretty_math(row)``: the first-to-last ``$…$`` span of the
row gets its inner text stripped and a space on each side where the neighbouring character is
neither a space nor ``*``. :func:`pretty_math` re-implements exactly that step; it is applied to
the sidecar row before parsing, and nothing else is normalised.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

# |**date**|**title**|third|[idtext](url)|code|tail   (title: up to the **| before the link cell)
_ROW = re.compile(
    r"\|\*\*(?P<date>[0-9-]+)\*\*\|\*\*(?P<title>.*?)\*\*\|(?P<third>[^|]*(?:\|[^|\[]*)*?)"
    r"\|\[(?P<idtext>[^\]]+)\]\((?P<url>[^)]+)\)\|(?P<code>[^|]*)\|(?P<tail>.*)",
    re.DOTALL,
)
_SPAN = re.compile(r"\$.*\$")
_ID = re.compile(r"(?P<id>(?:[a-z\-]+(?:\.[A-Z]{2})?/\d{7})|(?:\d{4}\.\d{4,5}))(?:v(?P<v>\d+))?")
_CODE = re.compile(r"\**\[[^\]]*\]\((?P<url>[^)]*)\)\**")


def pretty_math(row: str) -> str:
    """The generator's ``pretty_math`` step (cv-arxiv-daily ``daily_arxiv.py``), on one row."""
    match = _SPAN.search(row)
    if match is None:
        return row
    start, end = match.span()
    before = " " if start > 0 and row[start - 1] not in " *" else ""
    after = " " if end < len(row) and row[end] not in " *" else ""
    return row[:start] + before + "$" + match.group()[1:-1].strip() + "$" + after + row[end:]


@dataclass(frozen=True)
class SidecarRow:
    """The fields one sidecar row states."""

    topic: str
    key: str
    title: str
    authors: list[str]
    authors_truncated: bool
    published: datetime.date | None
    arxiv_id: str
    version: int | None
    link: str
    code_url: str | None
    third_is_abstract: bool
    abstract: str  # the third cell when its column is Abstract, else the sixth (Abstract)
    sixth: str | None  # the sixth cell (Abstract or 摘要 column), None when the row has none
    spaced: bool  # pretty_math changed the row


def parse_row(topic: str, key: str, text: str, third_is_abstract: bool = False) -> SidecarRow | None:
    """Parse one sidecar row; ``third_is_abstract`` when the table's third column is Abstract."""
    raw = text.rstrip("\n")
    row = pretty_math(raw)
    match = _ROW.fullmatch(row)
    if match is None:
        return None
    third = match["third"]
    tail = match["tail"]
    sixth = tail[:-1] if tail.endswith("|") else (tail or None)
    abstract = ""
    if third_is_abstract:
        authors, truncated = [], False
        abstract = third[: -len(" et.al.")] if third.endswith(" et.al.") else third
    elif third.endswith(" et.al."):
        authors, truncated = [third[: -len(" et.al.")].strip()], True
    else:
        authors, truncated = [a.strip() for a in third.split(",") if a.strip()], False
    ident = _ID.fullmatch(match["idtext"])
    if ident is None:
        return None
    code = _CODE.fullmatch(match["code"].strip())
    try:
        published: datetime.date | None = datetime.date(*map(int, match["date"].split("-")))
    except (TypeError, ValueError):
        published = None
    return SidecarRow(
        topic=topic,
        key=key,
        title=match["title"].strip(),
        authors=authors,
        authors_truncated=truncated,
        published=published,
        arxiv_id=ident["id"],
        version=int(ident["v"]) if ident["v"] else None,
        link=match["url"],
        code_url=code["url"] if code else None,
        third_is_abstract=third_is_abstract,
        abstract=abstract,
        sixth=sixth,
        spaced=row != raw,
    )


def sidecar_path(digest_path: Path, notes: str) -> Path | None:
    """The sidecar named in the manifest's ``notes`` (``sidecar: docs/x.json``), if any."""
    found = re.search(r"sidecar: (\S+\.json)", notes)
    if found is None:
        return None
    root = digest_path
    # the digest's path inside its repository ends the manifest's relpath; the sidecar path is
    # relative to the same repository root (the <date>_<commit> folder)
    while root.name and not re.fullmatch(r"\d{4}-\d{2}-\d{2}_[0-9a-f]{7}", root.name):
        root = root.parent
    return root / found.group(1)


def load_rows(path: Path, third_is_abstract: bool = False) -> dict[tuple[str, str], list[SidecarRow | str]]:
    """(topic, arXiv ID without version) -> the rows the sidecar holds (raw text if unparsed)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows: dict[tuple[str, str], list[SidecarRow | str]] = {}
    for topic, papers in data.items():
        for key, text in (papers or {}).items():
            if text is None:
                continue
            parsed = parse_row(topic, key, text, third_is_abstract)
            base = re.sub(r"v\d+$", "", key)
            rows.setdefault((topic, base), []).append(parsed if parsed is not None else text)
    return rows
