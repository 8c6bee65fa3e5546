"""Typed records for digests and their papers.

The public field names here are an interface other tools depend on; add fields, never rename.
Values are clean text: the syntax's trailing spaces are gone and Mac-Roman/cp1252 mojibake is
repaired. The exact source text lives apart, in the digest's layout (see ``formats/layout.py``),
which is what makes ``dumps(loads(text)) == text`` hold by construction.
"""

from __future__ import annotations

import datetime

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .arxiv import ArxivId

DigestFormat = str
"""A format's registered name (``badge-list``, ``sections``, ``paper-table``, ``ai-summary``,
``abstract-table``, or a plug-in's): see :mod:`digestparse.formats.registry`."""

BUILTIN_FORMATS: tuple[str, ...] = ("badge-list", "sections", "paper-table", "ai-summary", "abstract-table")
FORMATS = BUILTIN_FORMATS  # the names before plug-ins; kept for callers of 0.1


class Paper(BaseModel):
    """One entry of a digest.

    ``line`` and ``end_line`` are the 1-based, inclusive line span of the entry in its file
    (0 for a paper that was created in code rather than read).
    """

    model_config = ConfigDict(validate_assignment=True)

    arxiv_id: ArxivId | None = Field(
        description="The identifier without version; None only when the entry's ID is malformed."
    )
    version: int | None = Field(default=None, description="Version from the link, e.g. 2 for v2.")
    title: str
    authors: list[str] = Field(default_factory=list)
    authors_truncated: bool = Field(
        default=False, description="The list was cut by the generator and ended in 'et al.'."
    )
    categories: list[str] = Field(default_factory=list)
    abstract: str = ""
    link: str = ""
    title_zh: str | None = None
    abstract_zh: str | None = None
    section: str | None = Field(
        default=None,
        description="The section (README category, table topic, keyword) the entry sits in.",
    )
    published: datetime.date | None = Field(
        default=None, description="The date printed in the entry's row (paper-table, abstract-table)."
    )
    code_url: str | None = Field(default=None, description="The code link of a paper-table row.")
    comment: str | None = Field(default=None, description="arXiv's comment field (abstract-table).")
    tldr: str | None = Field(default=None, description="An AI-written one-paragraph summary (ai-summary).")
    motivation: str | None = Field(default=None, description="AI-written: why the work was done.")
    method: str | None = Field(default=None, description="AI-written: how it was done.")
    result: str | None = Field(default=None, description="AI-written: what it found.")
    conclusion: str | None = Field(default=None, description="AI-written: what it concludes.")
    path: str | None = Field(default=None, description="The file the paper was read from.")
    line: int = 0
    end_line: int = 0

    def plain_title(self) -> str:
        """The title as a reader sees it: Markdown and LaTeX escapes resolved, spaces folded."""
        from .normalize.text import plain_text

        return plain_text(self.title)

    def plain_abstract(self) -> str:
        """The abstract as a reader sees it (see :meth:`plain_title`)."""
        from .normalize.text import plain_text

        return plain_text(self.abstract)

    def abstract_html(self) -> str:
        """The abstract rendered to HTML by mistune, for export to web pages."""
        from .normalize.text import to_html

        return to_html(self.abstract)


class ParseProblem(BaseModel):
    """Something the reader could not read as the format says, kept instead of raised.

    The text it concerns is never dropped: it stays in the digest's layout and is written back.
    ``code`` is the checker rule that reports it.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    line: int
    col: int = 1
    end_line: int | None = None


class Digest(BaseModel):
    """A whole digest file: its header facts and its papers, in file order."""

    model_config = ConfigDict(validate_assignment=True)

    format: DigestFormat | None = Field(
        frozen=True, description="None only for an empty file whose path does not tell its format."
    )
    path: str | None = None
    date: datetime.date | None = None
    title: str | None = Field(default=None, description="The header line's text (badge-list).")
    topic: str | None = None
    badge_count: int | None = None
    keywords: list[str] = Field(default_factory=list)
    filter: list[str] = Field(default_factory=list)
    declared_counts: dict[str, int] = Field(
        default_factory=dict,
        description="Counts the digest states per section (ai-summary's `[Total: N]`), by section name.",
    )
    papers: list[Paper] = Field(default_factory=list)
    problems: list[ParseProblem] = Field(default_factory=list)

    # The text the digest was read from: a ``formats.layout.Layout`` (read it with
    # ``formats.layout.layout_of``). Typed ``object`` here so that the records do not depend on
    # the formats that read them (no import circle between ``models`` and ``formats``).
    _layout: object | None = PrivateAttr(default=None)


def trusted_paper(**fields: object) -> Paper:
    """Build a :class:`Paper` from values the readers already parsed to their exact types.

        Readers create one record per entry, and pydantic's ``model_construct`` costs about 7 µs of
        bookkeeping each (measured: a third of all reading time on a sections corpus); setting the
        instance state directly costs about 2 µs. Every field must be given, with its final type:
        this skips validation, it does not replace it. The fields most formats do not hold (the
    table and AI fields) may be left out and are ``None``. Records built by users go through the normal
        validated constructor.
    """
    if len(fields) != _FIELD_COUNT:
        fields = {**_OPTIONAL_DEFAULTS, **fields}
    paper = Paper.__new__(Paper)
    object.__setattr__(paper, "__dict__", fields)
    object.__setattr__(paper, "__pydantic_fields_set__", _EVERY_FIELD)
    object.__setattr__(paper, "__pydantic_extra__", None)
    object.__setattr__(paper, "__pydantic_private__", None)
    return paper


_OPTIONAL_DEFAULTS: dict[str, object] = {
    name: None
    for name in ("published", "code_url", "comment", "tldr", "motivation", "method", "result", "conclusion")
}
_FIELD_COUNT = len(Paper.model_fields)
_EVERY_FIELD: set[str] = set(Paper.model_fields)
"""The fields-set of every record a reader builds, shared: a reader sets every field, so the set
is always all of them, and pydantic only ever adds a name to it (on assignment: a name already
there). One set of 27 names per paper was 2.2 KB, a third of a retained paper's memory, and one
more object the garbage collector rescans; ``copy``, ``model_copy`` and pickling give each copy
its own set, as before."""
