"""The cells of one paper-table row after its title: cut, then read into values.

:func:`general_cells` cuts any column set with ``str.find`` and reads each cell by its column's
kind into a :class:`RowCells`. The generator's own five-cell rows (nearly every real row) are
read by the reader's fast path from one ``FAST_ROW`` match instead; both give the same values
for the rows the fast path accepts (the tests compare them on every row of the corpus).
"""

from __future__ import annotations

from typing import NamedTuple

from ...arxiv import ArxivId, parse_link
from ...errors import InvalidArxivIdError
from ...normalize.mojibake import repair_mojibake
from . import grammar as g

CodeStyle = tuple[str, str, str, str]  # before label, label, after URL, text of an empty cell
NULL_CODE_STYLE: CodeStyle = ("**[", "link", ")**", g.NULL_CODE)


class Identity(NamedTuple):
    """What a link cell ``[ID](URL)`` says about the paper."""

    arxiv_id: ArxivId | None
    version: int | None
    versioned: bool  # the link text carries ``vN``
    kind: str | None  # the URL's page (``abs``/``pdf``), None for a non-arXiv URL
    # (text, the URL's raw ID, the URL's parsed ID) when the text and the URL may disagree or do
    # not parse: what the checker looks at (DP201, DP202). None for a row whose text is the URL's
    # valid ID, so such rows share one facts object.
    check: tuple[str | None, str | None, ArxivId | None] | None


class RowCells(NamedTuple):
    """The values of a row's cells after the title, and how they were written."""

    kinds: tuple[str, ...]  # the kind of each cell the row has
    authors: list[str]
    truncated: bool
    et_al: str
    id_text: str
    url: str
    id_col: int  # 0-based column of the link text in the line
    identity: Identity
    code_url: str | None
    code_style: CodeStyle
    abstract: str
    abstract_bold: bool
    abstract_suffix: str
    abstract_zh: str | None
    others: tuple[str, ...]
    trailing: str
    notes: tuple[str, ...]  # DP103 messages: cells that say something unexpected


def mentions_arxiv(text: str) -> bool:
    """True when ``text`` links or names an arXiv paper (what must never vanish silently)."""
    lowered = text.lower()
    return "arxiv.org/" in lowered or "arxiv:" in lowered


def split_authors(cell: str) -> tuple[list[str], bool, str]:
    """``X et.al.`` -> (["X"], True, " et.al."); ``A, B`` -> (["A", "B"], False, " et.al.")."""
    text = repair_mojibake(cell.strip(" \t\r"))
    for mark in (g.ET_AL, g.ET_AL_SPACED):
        if text.endswith(mark):
            head = text[: -len(mark)].strip()
            return ([n.strip() for n in head.split(",") if n.strip()] if head else []), True, mark
    if text == g.ET_AL.strip():
        return [], True, g.ET_AL
    return [n.strip() for n in text.split(",") if n.strip()], False, g.ET_AL


def general_cells(
    line: str, offset: int, columns: tuple[str, ...], follows: tuple[bool, ...] | None = None
) -> RowCells | str | None:
    """Cut ``line[offset:]`` by ``columns`` and read each cell.

    ``follows`` is :func:`free_after` of the columns, computed once per header by the caller.
    Returns the cells, a message when the row cannot be read (no link cell), or None for a row
    whose link is not arXiv's (a DOI or PDF row: trivia).
    """
    rest = line[offset:]
    body = rest.rstrip(" \t\r")
    trailing = rest[len(body) :]
    if body.endswith("|"):
        body = body[:-1]
    spans, kinds = cell_spans(body, columns, follows)
    authors: list[str] = []
    truncated = False
    et_al = g.ET_AL
    link: tuple[str, str, int] | None = None
    code_url: str | None = None
    code_style = NULL_CODE_STYLE
    abstract = ""
    abstract_bold = False
    abstract_suffix = ""
    abstract_zh: str | None = None
    others: list[str] = []
    notes: list[str] = []
    for position, (kind, (start, end)) in enumerate(zip(kinds, spans, strict=False)):
        cell = body[start:end]
        if kind == g.AUTHORS:
            authors, truncated, et_al = split_authors(cell)
        elif kind == g.PDF:
            link = link_cell(cell, offset + start)
            if link is None:
                return "table row: the PDF cell is not `[ID](URL)`"
        elif kind == g.CODE:
            code_url, code_style, note = code_cell(cell)
            if note:
                notes.append(note)
        elif kind == g.ABSTRACT:
            abstract, abstract_bold, abstract_suffix = abstract_cell(cell, position == 0)
        elif kind == g.ABSTRACT_ZH:
            abstract_zh = repair_mojibake(cell.strip(" \t\r"))
        else:
            others.append(cell)
    if link is None:
        return "table row has no PDF cell `[ID](URL)`"
    text, url, id_col = link
    identity = identify(text, url)
    if identity is None:
        return None
    return RowCells(
        kinds=kinds[: len(spans)],
        authors=authors,
        truncated=truncated,
        et_al=et_al,
        id_text=text,
        url=url,
        id_col=id_col,
        identity=identity,
        code_url=code_url,
        code_style=code_style,
        abstract=abstract,
        abstract_bold=abstract_bold,
        abstract_suffix=abstract_suffix,
        abstract_zh=abstract_zh,
        others=tuple(others),
        trailing=trailing,
        notes=tuple(notes),
    )


def cell_spans(
    body: str, columns: tuple[str, ...], follows: tuple[bool, ...] | None = None
) -> tuple[list[tuple[int, int]], tuple[str, ...]]:
    """Cut the cells after the title: (start, end) offsets in ``body`` and the kind of each.

    ``body`` is the row after ``**|`` without its closing ``|``. Fixed cells (authors, link,
    code) never hold ``|``; a free-text cell (Abstract, 摘要) may. A free cell followed only by
    fixed ones is cut from the right; one followed by another free cell ends at ``**|`` (or the
    row's end) when bold, else at the next ``|``. The last column takes the rest of the row; cells beyond the
    table's columns are kept as ``other``. A row can have fewer cells than its header.
    """
    spans: list[tuple[int, int]] = []
    if not body:
        return spans, columns
    cursor = 0
    size = len(body)
    last = len(columns) - 1
    if follows is None:
        follows = free_after(columns)
    for index, kind in enumerate(columns):
        if index >= last:
            spans.append((cursor, size))
            break
        if kind in g.FREE_TEXT:
            if not follows[index]:
                cut = _cut_from_right(body, cursor, last - index)
                if cut is not None:
                    spans.append((cursor, cut[0] - 1))
                    starts = [*cut, size + 1]
                    spans.extend((starts[i], starts[i + 1] - 1) for i in range(len(cut)))
                    break
            elif body.startswith(g.BOLD, cursor):
                end = body.find(g.TITLE_CLOSE, cursor + 2)
                if end >= 0:
                    spans.append((cursor, end + 2))
                    cursor = end + 3
                    continue
                if body.endswith(g.BOLD) and size - cursor >= 4:  # the last cell the row has
                    spans.append((cursor, size))
                    break
        end = body.find("|", cursor)
        if end < 0:
            spans.append((cursor, size))
            break
        spans.append((cursor, end))
        cursor = end + 1
    kinds = columns
    if len(spans) == len(columns) and columns and columns[-1] not in g.FREE_TEXT:
        start, end = spans[-1]
        if body.find("|", start, end) >= 0:  # more cells than the header has columns
            spans.pop()
            for piece in body[start:end].split("|"):
                spans.append((start, start + len(piece)))
                start += len(piece) + 1
            kinds = columns + (g.OTHER,) * (len(spans) - len(columns))
    return spans, kinds


def free_after(columns: tuple[str, ...]) -> tuple[bool, ...]:
    """For each column, whether a free-text column follows it (computed once per header)."""
    flags: list[bool] = []
    seen = False
    for kind in reversed(columns):
        flags.append(seen)
        seen = seen or kind in g.FREE_TEXT
    return tuple(reversed(flags))


def _cut_from_right(body: str, start: int, count: int) -> list[int] | None:
    """Start offsets of the last ``count`` cells of ``body[start:]``, or None if it has fewer."""
    starts: list[int] = []
    end = len(body)
    for _ in range(count):
        bar = body.rfind("|", start, end)
        if bar < 0:
            return None
        starts.append(bar + 1)
        end = bar
    starts.reverse()
    return starts


def link_cell(cell: str, column: int) -> tuple[str, str, int] | None:
    """``[ID](URL)`` -> (ID, URL, 0-based column of ID in the line); None otherwise."""
    stripped = cell.strip(" \t")
    if not (stripped.startswith("[") and stripped.endswith(")")):
        return None
    middle = stripped.find("](")
    if middle < 0 or "]" in stripped[1:middle] or ")" in stripped[middle + 2 : -1]:
        return None
    return stripped[1:middle], stripped[middle + 2 : -1], column + cell.find("[") + 1


def code_cell(cell: str) -> tuple[str | None, CodeStyle, str]:
    """(code URL, how the cell was written, a DP103 message or "")."""
    text = cell.strip(" \t")
    if text == g.NULL_CODE or not text:
        return None, ("**[", "link", ")**", text), ""
    match = g.LINK_CELL.fullmatch(text)
    if match is not None:
        return match["url"], (match["before"] + "[", match["text"], ")" + match["after"], g.NULL_CODE), ""
    if text.startswith(("http://", "https://")) and " " not in text:
        return text, ("", "", "", g.NULL_CODE), ""
    return None, NULL_CODE_STYLE, f"code cell {text[:60]!r} is neither `null` nor a link"


def abstract_cell(cell: str, replaces_authors: bool) -> tuple[str, bool, str]:
    """An Abstract cell: (text, written bold, `` et.al.`` the generator appended)."""
    text = cell.strip(" \t\r")
    suffix = ""
    if replaces_authors and text.endswith(g.ET_AL):
        text, suffix = text[: -len(g.ET_AL)], g.ET_AL
    bold = len(text) >= 4 and text.startswith(g.BOLD) and text.endswith(g.BOLD)
    if bold:
        text = text[2:-2]
    return repair_mojibake(text), bold, suffix


def identify(text: str, url: str) -> Identity | None:
    """The paper's identifier from the link text and URL; None when neither is arXiv's.

    The text is what the row prints (``2110.14789v1``); a text that is a label (``PDF``) is not
    an identifier. The version is the text's, else the URL's.
    """
    link = parse_link(url)
    text = text.strip()
    if link is not None and link.raw_id == text and link.arxiv_id is not None:
        return Identity(link.arxiv_id, link.version, link.version is not None, link.kind, None)
    text_id: ArxivId | None = None
    text_version: int | None = None
    looks_like_id = any(ch.isdigit() for ch in text)
    if looks_like_id:
        try:
            text_id, text_version = ArxivId.parse(text)
        except InvalidArxivIdError:
            text_id = None
    if link is None:
        if text_id is None:
            return None
        return Identity(text_id, text_version, text_version is not None, None, (text, None, None))
    arxiv_id = text_id if text_id is not None else (None if looks_like_id else link.arxiv_id)
    version = text_version if text_version is not None else link.version
    check = (text if looks_like_id else None, link.raw_id, link.arxiv_id)
    return Identity(arxiv_id, version, text_version is not None, link.kind, check)
