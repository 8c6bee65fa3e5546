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

_KEY_WORD = re.compile(r"[A-Za-z0-9]+")
_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}
_ESCAPED_BRACE = re.compile(r"\\([{}])")
_BRACE_WORDS = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_AND = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)  # BibTeX's separator, in any case


def _escape(text: str) -> str:
    """A field value every BibTeX reader takes back exactly: LaTeX specials escaped outside
    maths, one line, and braces that balance (see :func:`_balance_braces`)."""
    parts = text.split("$")
    for index in range(0, len(parts), 2):  # even parts are outside $…$
        parts[index] = _escape_specials(parts[index])
    text = "$".join(parts) if len(parts) % 2 else "\\$".join(parts)
    return _balance_braces(" ".join(text.split()))


def _escape_specials(text: str) -> str:
    """``&``, ``%`` and ``#`` with a backslash in front, unless one is there already.

    What ``re.sub(r"(?<!\\)([&%#])", r"\\\1", text)`` gives, with ``str.replace``: the
    template of a substitution is expanded in Python once per match, 2 s for a title of
    250,000 ``#``. Escaping every one and taking back the doubled backslash is the same: a doubled one
    comes only from a backslash that was already there.
    """
    for char in "&%#":
        if char in text:
            text = text.replace(char, "\\" + char).replace("\\\\" + char, "\\" + char)
    return text


def _balance_braces(text: str) -> str:
    """Make the braces of a value balance, so it cannot close its field early.

    A value is written as ``{value}``: an unmatched ``}`` would end it there and let the rest
    add fields (a title ``Evil}, author = {Mallory``), and an unmatched ``{`` would swallow the
    entries after it. BibTeX counts every brace, bibtexparser skips a brace after a backslash;
    so that both read the same value, an escaped brace ``\\{`` becomes ``\\textbraceleft{}``
    (``\\}`` likewise), a trailing backslash (which would escape the closing brace) becomes
    ``\\textbackslash{}``, and braces left unmatched are dropped; matched pairs are kept.
    """
    text = _ESCAPED_BRACE.sub(lambda m: _BRACE_WORDS[m.group(1)], text)
    if text.endswith("\\"):
        text = text[:-1] + "\\textbackslash{}"
    if "{" not in text and "}" not in text:
        return text
    unmatched: list[int] = []
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unmatched.append(index)
    drop = set(unmatched) | set(opened)
    return "".join(char for index, char in enumerate(text) if index not in drop) if drop else text


def _author_field(names: list[str], truncated: bool) -> str:
    """Names joined with `` and ``; a name that itself holds the word ``and`` (or is the word
    ``others``) is braced, so it stays one name instead of becoming two (or ``et al.``)."""
    escaped = [_escape(name) for name in names]
    written = [f"{{{name}}}" if _AND.search(name) or name.lower() == "others" else name for name in escaped]
    return " and ".join(written + (["others"] if truncated else []))


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
        fields = [
            Field("title", _escape(paper.title)),
            Field("author", _author_field(paper.authors, paper.authors_truncated)),
            Field("year", str(paper.arxiv_id.year_month[0])),
            Field("eprint", str(paper.arxiv_id)),
            Field("archivePrefix", "arXiv"),
        ]
        if paper.categories:
            fields.append(Field("primaryClass", _escape(paper.categories[0])))
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
