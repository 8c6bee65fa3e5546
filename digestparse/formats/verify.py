"""Refuse to write what would read back differently.

A format can hold some fields and some values only: a sections title cannot contain a line
``---`` followed by ``# …`` (that starts a new entry), a comma-separated author list cannot
hold ``Smith, John`` as one name, a badge-list category cannot contain a backtick, a sections
file has no place for categories or the ``et al.`` mark. Rather than encode every such rule in
every writer, the records that a write renders (edited or added ones: unchanged entries are
written back byte for byte) are checked the one way that covers them all, including a
plug-in's: the written text is read again with the same format and each rendered paper must
come back with the values it was written with. Cost: one read, and only when something was
edited.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._source import from_text
from ..errors import UnrepresentableError
from ..models import Digest, Paper
from .layout import changed_papers, layout_of
from .plugin import FormatPlugin

# Where an entry was read: not content, never compared.
_POSITIONS = frozenset({"path", "line", "end_line", "section"})
# Values a writer derives when left empty (a link from the identifier, its version from the link).
_DERIVED_WHEN_EMPTY = frozenset({"link", "version"})


def require_papers(digest: Digest) -> None:
    """Every item of ``digest.papers`` is a :class:`Paper` (list mutation bypasses pydantic)."""
    for index, item in enumerate(digest.papers):
        if not isinstance(item, Paper):
            raise UnrepresentableError(
                f"papers[{index}] is a {type(item).__name__}, not a Paper", path=digest.path
            )


def verify_written(plugin: FormatPlugin, digest: Digest, text: str) -> None:
    """Raise :class:`UnrepresentableError` when a rendered paper does not read back as written."""
    changed = changed_papers(digest, layout_of(digest))
    if not changed:
        return
    for index in changed:
        _check_capacity(plugin, digest, index)
    back = plugin.read(from_text(text, digest.path)).papers
    if len(back) != len(digest.papers):
        culprit = _first_culprit(digest.papers, back, changed)
        extra = len(back) - len(digest.papers)
        raise UnrepresentableError(
            f"{_name(digest.papers[culprit])}: its text would read back as {extra:+d} paper(s) in "
            f"{plugin.name}: a field holds the format's own entry syntax",
            path=digest.path,
        )
    counterpart = _counterparts(digest.papers, back)
    for index in changed:
        written, read = digest.papers[index], counterpart[index]
        for field in sorted(plugin.paper_fields - _POSITIONS):
            mine, theirs = getattr(written, field), getattr(read, field)
            if _same(mine, theirs) or (field in _DERIVED_WHEN_EMPTY and not mine):
                continue
            raise UnrepresentableError(
                f"{_name(written)}: {field} {_short(mine)} would read back as {_short(theirs)} in "
                f"{plugin.name}; write a value the format can hold",
                path=digest.path,
            )


def _check_capacity(plugin: FormatPlugin, digest: Digest, index: int) -> None:
    paper = digest.papers[index]
    for field, info in Paper.model_fields.items():
        if field in plugin.paper_fields or field in _POSITIONS:
            continue
        value = getattr(paper, field)
        if value != info.get_default(call_default_factory=True):
            raise UnrepresentableError(
                f"{_name(paper)}: {plugin.name} has no place for {field} ({_short(value)}); "
                "clear it, or use convert() to change format with a loss report",
                path=digest.path,
            )


def _counterparts(papers: Sequence[Paper], back: Sequence[Paper]) -> list[Paper]:
    """The re-read paper of each written one: the n-th telling of the same identifier (a format
    may place a new paper elsewhere than its list position, e.g. in its section's table), or
    the paper at the same position when identifiers do not tell."""
    by_id: dict[str, list[Paper]] = {}
    for paper in back:
        by_id.setdefault(str(paper.arxiv_id), []).append(paper)
    taken: dict[str, int] = {}
    matched = []
    for index, paper in enumerate(papers):
        key = str(paper.arxiv_id)
        candidates = by_id.get(key, [])
        nth = taken.get(key, 0)
        if paper.arxiv_id is not None and nth < len(candidates):
            matched.append(candidates[nth])
            taken[key] = nth + 1
        else:
            matched.append(back[index])
    return matched


def _same(mine: object, theirs: object) -> bool:
    if isinstance(mine, (list, tuple)) and isinstance(theirs, (list, tuple)):
        return list(mine) == list(theirs)
    if mine is None or theirs is None:  # "no such field" and "an empty one" read alike
        return (mine or "") == (theirs or "")
    return mine == theirs


def _first_culprit(papers: Sequence[Paper], back: Sequence[Paper], changed: list[int]) -> int:
    for index in changed:
        if index >= len(back) or back[index].title != papers[index].title:
            return index
    return changed[0]


def _name(paper: Paper) -> str:
    return f"paper {paper.arxiv_id}" if paper.arxiv_id else f"paper {paper.title[:40]!r}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
