"""arXiv identifiers, links and the category taxonomy.

Identifier grammar (https://info.arxiv.org/help/arxiv_identifier.html):

* new style ``YYMM.NNNN`` (April 2007 to December 2014) and ``YYMM.NNNNN`` (from January 2015),
  optionally followed by a version ``vN``;
* old style ``archive[.SC]/YYMMNNN`` such as ``hep-th/9901001`` or ``math.GT/0309136``.

The category list is arXiv's own taxonomy, shipped as ``data/arxiv-categories.tsv`` with its
source named in the file's first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from .errors import InvalidArxivIdError

_NEW_STYLE = re.compile(r"(?P<yy>\d\d)(?P<mm>\d\d)\.(?P<num>\d{4,5})(?:v(?P<version>[1-9]\d{0,3}))?")
_OLD_STYLE = re.compile(
    r"(?P<archive>[a-z][a-z\-]*(?:\.[A-Z]{2})?)/(?P<yy>\d\d)(?P<mm>\d\d)(?P<num>\d{3})"
    r"(?:v(?P<version>[1-9]\d{0,3}))?"
)
_LINK = re.compile(r"https?://(?:www\.|export\.)?arxiv\.org/(?P<kind>abs|pdf)/(?P<id>[^\s?#)]+?)(?:\.pdf)?/?")


class ArxivId(str):
    """An arXiv identifier without its version: ``str(ArxivId("2504.01089v2")) == "2504.01089"``.

    Construct it with :meth:`parse` (which also returns the version) or call the class on a
    string; either raises :class:`InvalidArxivIdError` for anything that is not an identifier.
    It is a ``str`` so that it compares, hashes and serialises as the plain identifier.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> ArxivId:
        ident, _version = _split(value)
        return str.__new__(cls, ident)

    @classmethod
    def parse(cls, value: str) -> tuple[ArxivId, int | None]:
        """Parse ``value`` into the identifier and its version (``None`` when it has none)."""
        ident, version = _split(value)
        return str.__new__(cls, ident), version

    @property
    def is_old_style(self) -> bool:
        """True for ``archive/YYMMNNN`` identifiers such as ``hep-th/9901001``."""
        return "/" in self

    @property
    def year_month(self) -> tuple[int, int]:
        """(year, month) the identifier was issued in, e.g. ``(2025, 4)`` for ``2504.01089``."""
        digits = self.split("/", 1)[1] if self.is_old_style else self
        yy, mm = int(digits[0:2]), int(digits[2:4])
        return (1900 + yy if yy >= 91 else 2000 + yy), mm

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(),
            serialization=core_schema.to_string_ser_schema(),
        )


def _split(value: str) -> tuple[str, int | None]:
    match = _NEW_STYLE.fullmatch(value)
    if match is not None:
        yymm = int(match["yy"] + match["mm"])
        month = int(match["mm"])
        width = 4 if yymm < 1501 else 5
        if 1 <= month <= 12 and len(match["num"]) == width and yymm >= 704:
            ident = f"{match['yy']}{match['mm']}.{match['num']}"
            return ident, _version(match["version"])
    match = _OLD_STYLE.fullmatch(value)
    if match is not None and 1 <= int(match["mm"]) <= 12:
        ident = f"{match['archive']}/{match['yy']}{match['mm']}{match['num']}"
        return ident, _version(match["version"])
    raise InvalidArxivIdError(f"not an arXiv identifier: {value!r}")


def _version(text: str | None) -> int | None:
    return int(text) if text else None


@dataclass(frozen=True, slots=True)
class ArxivLink:
    """What an arXiv URL says: the kind of page, the raw identifier text, and its parse."""

    kind: str  # "abs" or "pdf"
    raw_id: str
    arxiv_id: ArxivId | None
    version: int | None


def parse_link(url: str) -> ArxivLink | None:
    """Read an ``arxiv.org/abs/…`` or ``arxiv.org/pdf/…`` URL; ``None`` for any other URL."""
    match = _LINK.fullmatch(url.strip())
    if match is None:
        return None
    raw = match["id"]
    try:
        ident, version = ArxivId.parse(raw)
    except InvalidArxivIdError:
        return ArxivLink(match["kind"], raw, None, None)
    return ArxivLink(match["kind"], raw, ident, version)


def link_for(arxiv_id: str, kind: str, version: int | None = None) -> str:
    """The canonical https URL of an identifier's ``abs`` or ``pdf`` page."""
    suffix = f"v{version}" if version else ""
    return f"https://arxiv.org/{kind}/{arxiv_id}{suffix}"


@dataclass(frozen=True, slots=True)
class Category:
    """One row of arXiv's taxonomy."""

    code: str
    name: str
    archive: str
    active: bool
    canonical: str | None  # the code this one is an alias of, e.g. math.IT -> cs.IT


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, Category]:
    """arXiv's category taxonomy keyed by code, loaded once from the shipped TSV."""
    text = resources.files("digestparse").joinpath("data/arxiv-categories.tsv").read_text("utf-8")
    table: dict[str, Category] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        code, name, archive, active, canonical = (line.split("\t") + [""] * 5)[:5]
        table[code] = Category(code, name, archive, active == "1", canonical or None)
    return table


def is_known_category(code: str) -> bool:
    """True when ``code`` names a real category: active, or an alias of an active one."""
    entry = taxonomy().get(code)
    if entry is None:
        return False
    if entry.active:
        return True
    target = taxonomy().get(entry.canonical) if entry.canonical else None
    return target is not None and target.active
