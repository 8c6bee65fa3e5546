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
from bibtexparser.middlewares import default_unparse_stack
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


def cite_key(paper: Paper, taken: set[str]) -> str:
    """``lastname`` + year + first title word, made unique with a letter suffix."""
    names = [n for n in (paper.authors[0].split() if paper.authors else []) if n.strip(".") not in _SUFFIXES]
    last = _KEY_WORD.findall(names[-1]) if names else []
    words = [w.lower() for w in _KEY_WORD.findall(paper.title) if len(w) > 3] or ["paper"]
    year = str(paper.arxiv_id.year_month[0]) if paper.arxiv_id else ""
    base = ("".join(last).lower() or "anon") + year + str(words[0])
    key, suffix = base, ord("a")
    while key in taken:
        key = base + chr(suffix)
        suffix += 1
    taken.add(key)
    return key


def to_bibtex(papers: Iterable[Paper]) -> str:
    """A ``.bib`` text with one ``@misc`` entry per arXiv identifier."""
    library = Library()
    seen: set[str] = set()
    keys: set[str] = set()
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
        library.add(Entry("misc", cite_key(paper, keys), fields))
    # The library is thrown away after writing: an unparse stack that may change it in place
    # skips bibtexparser's deep copy of every entry, and with it the warning it logs (on the
    # user's stderr) for a library of 10,000 entries or more.
    return str(write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True)))
