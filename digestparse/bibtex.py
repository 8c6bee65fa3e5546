"""BibTeX export with bibtexparser v2, in the form arXiv itself recommends::

    @misc{wang2025openqwen2vl,
      title = {Open-Qwen2VL: …},
      author = {Weizhi Wang and Yu Tian and …},
      year = {2025},
      eprint = {2504.00595},
      archivePrefix = {arXiv},
      primaryClass = {cs.CL},
      url = {https://arxiv.org/abs/2504.00595}
    }

One entry per arXiv identifier (the first telling wins; ``merge`` picks best values). An
author list cut with ``et al.`` ends in ``and others``, BibTeX's own mark for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field

from .arxiv import link_for
from .models import Paper

_LATEX_SPECIAL = re.compile(r"(?<!\\)([&%#])")
_KEY_WORD = re.compile(r"[A-Za-z0-9]+")
_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}


def _escape(text: str) -> str:
    """Escape LaTeX specials outside maths and make braces balance (BibTeX needs both)."""
    parts = text.split("$")
    for index in range(0, len(parts), 2):  # even parts are outside $…$
        parts[index] = _LATEX_SPECIAL.sub(r"\\\1", parts[index])
    text = "$".join(parts) if len(parts) % 2 else "\\$".join(parts)
    if text.count("{") != text.count("}"):
        text = text.replace("{", "").replace("}", "")
    return " ".join(text.split())


def _base_key(paper: Paper) -> str:
    """``lastname`` + year + first title word of more than three letters (ASCII letters and
    digits only)."""
    names = [n for n in (paper.authors[0].split() if paper.authors else []) if n.strip(".") not in _SUFFIXES]
    last = _KEY_WORD.findall(names[-1]) if names else []
    words = [w.lower() for w in _KEY_WORD.findall(paper.title) if len(w) > 3] or ["paper"]
    year = str(paper.arxiv_id.year_month[0]) if paper.arxiv_id else ""
    return ("".join(last).lower() or "anon") + year + str(words[0])


def letter_suffix(number: int) -> str:
    """The ``number``-th suffix (from 0): ``a`` … ``z``, ``aa``, ``ab`` … ``zz``, ``aaa`` …"""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class CiteKeys:
    """Unique cite keys: the base key, then the base with a letter suffix (``a`` … ``z``,
    ``aa`` …), alphanumeric however many papers share a base.

    Each base remembers the next suffix to try, so n papers with the same base cost O(n) in
    all, not O(n²) (and a suffix never runs past ``z`` into punctuation). A suffixed key can
    still be another paper's base (``smith2025modela`` …): such a key is skipped.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}

    def key(self, paper: Paper) -> str:
        """A key for ``paper`` that no earlier paper got."""
        base = _base_key(paper)
        key = base
        while key in self.taken:
            number = self._next.get(base, 0)
            self._next[base] = number + 1
            key = base + letter_suffix(number)
        self.taken.add(key)
        return key


def to_bibtex(papers: Iterable[Paper]) -> str:
    """A ``.bib`` text with one ``@misc`` entry per arXiv identifier."""
    library = Library()
    seen: set[str] = set()
    keys = CiteKeys()
    for paper in papers:
        if paper.arxiv_id is None or str(paper.arxiv_id) in seen:
            continue
        seen.add(str(paper.arxiv_id))
        authors = [_escape(name) for name in paper.authors] + (["others"] if paper.authors_truncated else [])
        fields = [
            Field("title", _escape(paper.title)),
            Field("author", " and ".join(authors)),
            Field("year", str(paper.arxiv_id.year_month[0])),
            Field("eprint", str(paper.arxiv_id)),
            Field("archivePrefix", "arXiv"),
        ]
        if paper.categories:
            fields.append(Field("primaryClass", paper.categories[0]))
        fields.append(Field("url", link_for(paper.arxiv_id, "abs", paper.version)))
        library.add(Entry("misc", keys.key(paper), fields))
    return str(write_string(library, unparse_stack=[_enclosing()]))


def _enclosing() -> AddEnclosingMiddleware:
    """bibtexparser's default unparse step (every value in braces), allowed to change the
    library in place: the default deep-copies every entry first, most of the time of a large
    export, for a library that is thrown away right after."""
    return AddEnclosingMiddleware(
        allow_inplace_modification=True,
        default_enclosing="{",
        reuse_previous_enclosing=False,
        enclose_integers=True,
    )
