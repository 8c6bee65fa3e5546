"""Split a table row into its cells and take each cell apart, by the shapes the generator writes.

The generator joins cells with ``" | "`` and escapes nothing, so a title (``$Y|X$-Shifts``), an
abstract or a comment can hold ``|`` and even ``" | "``. Splitting on ``|`` would shift every
later cell. Instead each cell's end is found from its own shape: a title cell ends at
``")** | "``, a ``<details>`` cell at ``"</details> | "``, a plain cell at the next ``" | "``,
and the last column takes whatever is left before the closing ``" |"``. A row that stops early
(its last cells empty and left out) gets empty cells for the missing columns.

Everything here is a pure function over one line: no regular expression runs on a row, only
``str.find`` and slicing, so a row costs a few scans of its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import grammar as g


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell's text (spaces around it stripped) and where it starts on the line (0-based)."""

    text: str
    start: int


def split_row(line: str, kinds: tuple[str, ...]) -> list[Cell]:
    """The cells of ``line`` (which starts with ``|``), one per column kind in ``kinds``."""
    text = line.rstrip(" \t\r")
    last = len(kinds) - 1
    pos = 2 if text.startswith("| ") else 1
    cells: list[Cell] = []
    for index, kind in enumerate(kinds):
        if index == last:
            end = len(text) - 1 if text.endswith("|") and len(text) - 1 >= pos else len(text)
            cells.append(cell_at(text, pos, end))
            break
        end = _cell_end(text, pos, kind)
        if end < 0:  # the row stops here: this cell takes the rest, later cells are empty
            rest_end = len(text) - 1 if text.endswith("|") and len(text) - 1 >= pos else len(text)
            cells.append(cell_at(text, pos, rest_end))
            cells.extend(Cell("", len(text)) for _ in range(last - index))
            break
        cells.append(cell_at(text, pos, end))
        pos = end + len(g.SEPARATOR)
    return cells


def cell_at(text: str, start: int, end: int) -> Cell:
    """The cell ``text[start:end]``, spaces around it stripped."""
    value = text[start:end]
    stripped = value.strip(" ")
    if not stripped:
        return Cell("", start)
    return Cell(stripped, start + value.index(stripped[0]))


def _cell_end(text: str, pos: int, kind: str) -> int:
    """Where the cell starting at ``pos`` ends (the index of its ``" | "``), or -1.

    An empty cell ends right away: ``"|  |"`` is ``" | "`` at ``pos``, so only the shape test
    looks past the cell's leading spaces, never the search for the plain separator.
    A shaped cell (title, ``<details>``) whose closing token is not followed by ``" | "``
    takes the rest of the row: the row stops after it (its later cells were left out), and a
    ``" | "`` inside it must not end it early.
    """
    start = pos
    while start < len(text) and text[start] == " ":
        start += 1
    if kind in ("title", "summary") and text.startswith(g.TITLE_OPEN, start):
        summary = text.find(g.TITLE_CLOSE + g.BREAK, start) if kind == "summary" else -1
        if summary < 0:
            close = text.find(g.TITLE_CLOSE + g.SEPARATOR, start)
            return close + len(g.TITLE_CLOSE) if close >= 0 else -1
        start = summary + len(g.TITLE_CLOSE) + len(g.BREAK)
        if not text.startswith(g.DETAILS_OPEN, start):  # a placeholder (`Not yet summarized`)
            return text.find(g.SEPARATOR, start)
    elif kind not in g.DETAILS_KINDS or not text.startswith(g.DETAILS_OPEN, start):
        return text.find(g.SEPARATOR, pos)
    close = text.find(g.DETAILS_CLOSE + g.SEPARATOR, start)
    return close + len(g.DETAILS_CLOSE) if close >= 0 else -1


@dataclass(frozen=True, slots=True)
class TitleLink:
    """A ``**[Title](URL)**`` cell taken apart; ``rest`` is what follows it in the cell."""

    title: str
    url: str
    url_offset: int  # where the URL starts in the cell
    rest: str


def title_link(cell: str, *, summary: bool = False) -> TitleLink | None:
    """Read ``**[Title](URL)**`` (followed by ``<br>…`` in an AI Summary cell), or ``None``.

    The URL is taken after the *last* ``](`` before the closing ``)**``: titles hold ``[``,
    ``]`` and ``)`` (``Beyond [cls]: …``), a URL never holds ``](``.
    """
    if not cell.startswith(g.TITLE_OPEN):
        return None
    if summary:
        close = cell.find(g.TITLE_CLOSE + g.BREAK)
        if close < 0:
            close = len(cell) - len(g.TITLE_CLOSE) if cell.endswith(g.TITLE_CLOSE) else -1
    else:
        close = len(cell) - len(g.TITLE_CLOSE) if cell.endswith(g.TITLE_CLOSE) else -1
    if close < len(g.TITLE_OPEN):
        return None
    link_open = cell.rfind(g.LINK_OPEN, len(g.TITLE_OPEN), close)
    if link_open < 0:
        return None
    rest = cell[close + len(g.TITLE_CLOSE) :]
    return TitleLink(
        cell[len(g.TITLE_OPEN) : link_open],
        cell[link_open + len(g.LINK_OPEN) : close],
        link_open + len(g.LINK_OPEN),
        rest,
    )


@dataclass(frozen=True, slots=True)
class Details:
    """``<details><summary>LABEL</summary>[<p>]BODY[</p>]</details>`` taken apart."""

    label: str
    body: str
    paragraph: bool  # the body sits in <p>…</p>
    body_offset: int  # where the body starts in the text read
    end: int  # just after </details>


def details(text: str, start: int = 0, *, last: bool = False) -> Details | None:
    """The ``<details>`` block at ``start`` of ``text``, or ``None`` when there is none.

    A block without ``<p>`` (the AI Summary's) may hold LLM text with stray tags, so when it is
    the ``last`` thing in the cell it runs to the cell's final ``</details>``.
    """
    if not text.startswith(g.DETAILS_OPEN, start):
        return None
    label_start = start + len(g.DETAILS_OPEN)
    label_end = text.find(g.SUMMARY_CLOSE, label_start)
    if label_end < 0:
        return None
    body_start = label_end + len(g.SUMMARY_CLOSE)
    if text.startswith(g.PARAGRAPH_OPEN, body_start):
        close = text.find(g.PARAGRAPH_CLOSE, body_start)
        if close >= 0:
            inner = body_start + len(g.PARAGRAPH_OPEN)
            end = close + len(g.PARAGRAPH_CLOSE)
            return Details(text[label_start:label_end], text[inner:close], True, inner, end)
    if last and text.endswith(g.DETAILS_CLOSE):
        close = len(text) - len(g.DETAILS_CLOSE)
    else:
        close = text.find(g.DETAILS_CLOSE, body_start)
    if close < body_start:
        return None
    return Details(
        text[label_start:label_end], text[body_start:close], False, body_start, close + len(g.DETAILS_CLOSE)
    )


def unfold(cell: str) -> tuple[str, bool]:
    """A comment or tags cell's value: the text inside a folded ``<details>``, or the cell."""
    block = details(cell, last=True)
    if block is not None and block.end == len(cell):
        return block.body, True
    return cell, False


def authors(cell: str) -> tuple[list[str], bool]:
    """``X et al.`` -> (["X"], True); ``A, B`` -> (["A", "B"], False); ``""`` -> ([], False)."""
    truncated = cell.endswith(g.ET_AL) or cell == g.ET_AL.strip()
    if truncated:
        cell = cell[: -len(g.ET_AL)] if cell.endswith(g.ET_AL) else ""
    names = [name.strip() for name in cell.split(",")]
    return [name for name in names if name], truncated
