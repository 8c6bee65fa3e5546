"""Hypothesis strategies for paper-table digests, with the quirks real ones have.

A document is drawn as text (built here, not by digestparse's writer) together with the field
values every row states, so the tests can check the reader against what was written. Quirks:
titles with ``|``, ``\\|``, ``*``, ``$…$`` and CJK; cut (``X et.al.``) and full author lists;
versioned, unversioned and old-style IDs; ``/abs/`` and ``/pdf/…pdf`` links; ``null`` and three
code-link spellings; column sets with Abstract (bold or not), 摘要 (with a ``<think>`` block and
``|``), an Abstract column replacing Authors, rows shorter than their header, tables without a
header row, empty tables, list items with summaries; front matter, ``Updated on`` lines, tables of
contents and back-to-top links; long fields.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from hypothesis import strategies as st

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_QUIRKS = [
    "|",
    "\\|",
    "*",
    "**",
    "$P(y|x)$",
    "$^3$",
    "C$^3$Fusion",
    "中文标题",
    "Déjà",
    "[cls]",
    "<T>",
    "(a)",
    "--",
]
word = st.one_of(st.text(_WORD_CHARS, min_size=1, max_size=10), st.sampled_from(_QUIRKS))
phrase = st.lists(word, min_size=1, max_size=10).map(" ".join)
long_phrase = st.lists(word, min_size=1, max_size=120).map(" ".join)
name = (
    st.lists(st.text(_WORD_CHARS + "éüøç-.'", min_size=1, max_size=9), min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda n: not n.endswith((" et.al.", " et al.")) and n != "et.al.")
)
topic = st.lists(st.text(_WORD_CHARS + "&-", min_size=1, max_size=8), min_size=1, max_size=3).map(" ".join)
dates = st.dates(datetime.date(2007, 4, 1), datetime.date(2030, 12, 31))
new_id = st.builds(
    lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}", st.integers(15, 29), st.integers(1, 12), st.integers(1, 99999)
)
old_id = st.builds(
    lambda a, y, m, n: f"{a}/{y:02d}{m:02d}{n:03d}",
    st.sampled_from(["quant-ph", "hep-th", "math.GT", "cond-mat"]),
    st.integers(91, 99),
    st.integers(1, 12),
    st.integers(1, 999),
)
_THINK = "<think> 好的，我需要总结 | 这篇论文。 </think> 问题：方法 | 结论"


@dataclass
class Row:
    """The values one row states, as the reader must give them back."""

    published: datetime.date
    title: str
    arxiv_id: str
    version: int | None
    link: str
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    code_url: str | None = None
    abstract: str = ""
    abstract_zh: str | None = None
    section: str | None = None


def _free_text(text: str) -> str:
    """A free-text cell value the reader can give back: not starting and ending with ``**``."""
    return text if not (text.startswith("**") and text.endswith("**")) else text + " x"


@st.composite
def rows(
    draw: st.DrawFn, columns: tuple[str, ...], section: str | None, item: bool = False
) -> tuple[str, Row]:
    """One table row (or list item) for a table of ``columns`` (kinds after Title)."""
    versioned = draw(st.booleans())
    ident = draw(st.one_of(new_id, new_id, old_id))
    version = draw(st.integers(1, 9)) if versioned or "/" in ident else None
    text = ident + (f"v{version}" if version else "")
    link = draw(
        st.sampled_from([f"http://arxiv.org/abs/{text}", f"http://arxiv.org/pdf/{text}.pdf"])
        if not versioned or "/" in ident
        else st.just(f"http://arxiv.org/abs/{text}")
    )
    row = Row(
        published=draw(dates),
        title=draw(st.one_of(phrase, long_phrase)),
        arxiv_id=ident,
        version=version,
        link=link,
        section=section,
    )
    if item:
        summary = draw(st.one_of(st.none(), phrase))
        row.abstract = summary or ""
        line = f"- **{row.published}** **{row.title}** [{text}]({link})\n"
        return line + (f"  > {summary}\n" if summary is not None else ""), row
    cells: list[str] = []
    short = draw(st.booleans()) and len(columns) > 3  # leave the last (optional) cell out
    for position, kind in enumerate(columns):
        if short and position == len(columns) - 1:
            break
        if kind == "authors":
            row.authors = draw(st.lists(name, min_size=1, max_size=4))
            row.authors_truncated = draw(st.booleans())
            if row.authors_truncated:
                row.authors = row.authors[:1]
                cells.append(f"{row.authors[0]} et.al.")
            else:
                cells.append(", ".join(row.authors))
        elif kind == "pdf":
            cells.append(f"[{text}]({link})")
        elif kind == "code":
            url = draw(st.one_of(st.none(), st.just("https://github.com/o/r-1")))
            row.code_url = url
            spelled = draw(st.sampled_from(["**[link]({})**", "[link]({})", "**[code]({})**"]))
            cells.append("null" if url is None else spelled.format(url))
        elif kind == "abstract":
            row.abstract = _free_text(draw(st.one_of(phrase, long_phrase)))
            bold = draw(st.booleans()) or "abstract_zh" in columns
            if position == 0:
                cells.append(row.abstract + " et.al.")
            else:
                cells.append(f"**{row.abstract}**" if bold else row.abstract)
        elif kind == "abstract_zh":
            row.abstract_zh = _free_text(draw(st.one_of(phrase, st.just(_THINK))))
            cells.append(row.abstract_zh)
    line = f"|**{row.published}**|**{row.title}**|" + "".join(c + "|" for c in cells)
    return line + draw(st.sampled_from(["", "", " "])) + "\n", row


COLUMN_SETS: dict[tuple[str, ...], str] = {
    ("authors", "pdf", "code"): "|Publish Date|Title|Authors|PDF|Code|",
    ("authors", "pdf", "code", "abstract"): "|Publish Date|Title|Authors|PDF|Code|Abstract|",
    ("authors", "pdf", "code", "abstract_zh"): "| Publish Date | Title | Authors | PDF | Code | 摘要 |",
    ("abstract", "pdf", "code"): "|Publish Date|Title|Abstract|PDF|Code|",
    (
        "authors",
        "pdf",
        "code",
        "abstract",
        "abstract_zh",
    ): "|Publish Date|Title|Authors|PDF|Code|Abstract|摘要|",
}
ALIGNS = ["---", ":---------", " :---: "]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Row], datetime.date | None]:
    """A whole digest: its text, the rows it holds in order, and its date."""
    out: list[str] = []
    date = draw(st.one_of(st.none(), dates))
    if draw(st.booleans()):
        out.append("---\nlayout: default\n---\n\n")
    if date is not None:
        out.append(
            draw(
                st.sampled_from(
                    ["## Updated on {}\n", "Updated on {}\n", "### Automatically Updated on {}\n"]
                )
            ).format(date.strftime("%Y.%m.%d"))
        )
        out.append("> Usage instructions: [here](./docs/README.md#usage)\n\n")
    names = draw(st.lists(topic, min_size=1, max_size=4, unique=True))
    items = draw(st.integers(0, 9)) == 0
    if draw(st.booleans()):
        out.append("<details>\n  <summary>Table of Contents</summary>\n  <ol>\n")
        out.extend(f"    <li><a href=#{n.lower().replace(' ', '-')}>{n}</a></li>\n" for n in names)
        out.append("  </ol>\n</details>\n\n")
    expected: list[Row] = []
    for section in names:
        out.append(f"## {section}\n\n")
        columns = draw(st.sampled_from(list(COLUMN_SETS)))
        count = draw(st.integers(0, 4))
        if items:
            for _ in range(count):
                text, row = draw(rows(columns, section, item=True))
                out.append(text + "\n")
                expected.append(row)
            continue
        if columns != ("authors", "pdf", "code") or draw(st.integers(0, 3)) > 0:
            out.append(COLUMN_SETS[columns] + "\n")
            out.append("|" + (draw(st.sampled_from(ALIGNS)) + "|") * (len(columns) + 2) + "\n")
        for _ in range(count):
            text, row = draw(rows(columns, section))
            out.append(text)
            expected.append(row)
        if date is not None and draw(st.booleans()):
            stamp = date.strftime("%Y%m%d")
            out.append(f"\n<p align=right>(<a href=#updated-on-{stamp}>back to top</a>)</p>\n")
        out.append("\n")
    text = "".join(out)
    if expected or "|Publish Date|" in text or "| Publish Date |" in text or date is not None:
        return text, expected, date
    return text + "|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n", expected, date


def byte_variants(text: str) -> st.SearchStrategy[bytes]:
    """The document as LF or CRLF, with or without a BOM and a final newline."""
    return st.builds(
        lambda crlf, bom, final: (
            ("\ufeff" if bom else "")
            + (text if final else text.rstrip("\n")).replace("\n", "\r\n" if crlf else "\n")
        ).encode("utf-8"),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    )
