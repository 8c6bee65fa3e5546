"""An independent extraction of paper fields, written apart from the readers.

It works on the whole text with multi-line regular expressions and plain string splitting (the
readers scan line by line with a table of line patterns), so the two share no code and the
test comparing them can catch a reader bug. Mojibake repair is the one thing it borrows, since
that is a normaliser with tests of its own.
"""

from __future__ import annotations

import re
from typing import Any

from digestparse.normalize.mojibake import repair_mojibake

_A_ENTRY = re.compile(
    r"^- \*\*\[(?P<head>.*)\)\*\*(?P<rest>.*)\n"
    r"  _(?P<authors>.*)_[ \r]*\n"
    r"  <details(?: open)?><summary>Abstract</summary>[ \r]*\n"
    r"  (?P<abstract>.*)\n"
    r"  </details>",
    re.MULTILINE,
)
_B_LABEL = re.compile(r"^\*\*(Title \(ZH\)|Authors|Link|Abstract|Abstract \(ZH\))\*\*:", re.MULTILINE)
_KEYS = {
    "Title (ZH)": "title_zh",
    "Authors": "authors",
    "Link": "link",
    "Abstract": "abstract",
    "Abstract (ZH)": "abstract_zh",
}


def _valid_id(ident: str) -> bool:
    """arXiv's rule: YYMM.NNNN up to 1412, YYMM.NNNNN from 1501, or old style archive/YYMMNNN."""
    if re.fullmatch(r"[a-z-]+(\.[A-Z]{2})?/\d{7}", ident):
        return True
    match = re.fullmatch(r"(\d{2})(\d{2})\.(\d{4,5})", ident)
    if not match or not 1 <= int(match[2]) <= 12:
        return False
    return len(match[3]) == (4 if int(match[1] + match[2]) < 1501 else 5)


def extract(text: str, fmt: str) -> list[dict[str, Any]]:
    """Fields of every paper of ``text`` in format ``fmt`` ("badge-list" or "sections")."""
    return _badge_list(text) if fmt == "badge-list" else _sections(text)


def _badge_list(text: str) -> list[dict[str, Any]]:
    papers = []
    for m in _A_ENTRY.finditer(text):
        title, _, url = m["head"].rpartition("](")
        ticks = re.findall(r"`([^`]*)`", m["rest"])
        ident: str | None = ticks[0].removeprefix("arXiv:")
        if not _valid_id(ident or ""):
            ident = None  # a malformed identifier is read as no identifier
        names = [n.strip() for n in repair_mojibake(m["authors"]).split(",") if n.strip()]
        truncated = bool(names) and names[-1] == "et al."
        papers.append(
            {
                "arxiv_id": ident,
                "title": repair_mojibake(title.strip()),
                "link": url,
                "categories": ticks[1:],
                "authors": names[:-1] if truncated else names,
                "authors_truncated": truncated,
                "abstract": repair_mojibake(m["abstract"].strip()),
                "title_zh": None,
                "abstract_zh": None,
            }
        )
    return papers


def _sections(text: str) -> list[dict[str, Any]]:
    papers = []
    # Entries are separated by a line "---" that is followed by a title or the end.
    for chunk in re.split(r"^---[ \r]*\n(?=# |\Z)", text, flags=re.MULTILINE):
        if not chunk.startswith("# "):
            continue
        title_line, _, body = chunk.partition("\n")
        # An entry whose last field holds orphan text after a lone `---` stops at that `---`.
        body = re.split(r"\n\n---[ \r]*\n", body, maxsplit=1)[0]
        fields: dict[str, Any] = {"title_zh": None, "abstract_zh": None}
        parts = _B_LABEL.split(body)
        for label, value in zip(parts[1::2], parts[2::2], strict=False):
            fields[_KEYS[label]] = repair_mojibake(value.strip(" \t\r\n"))
        url = re.search(r"\((\S+)\)", fields.get("link", "")).group(1)  # type: ignore[union-attr]
        ident = re.search(r"/pdf/([^v\s]+)", url).group(1)  # type: ignore[union-attr]
        papers.append(
            {
                "arxiv_id": ident,
                "title": repair_mojibake(title_line[2:].strip(" \t\r")),
                "link": url,
                "categories": [],
                "authors": [n.strip() for n in fields.get("authors", "").split(",") if n.strip()],
                "authors_truncated": False,
                "abstract": fields.get("abstract", ""),
                "title_zh": fields["title_zh"],
                "abstract_zh": fields["abstract_zh"],
            }
        )
    return papers
