"""Hypothesis strategies for abstract-table digests (DailyArXiv tables) with their real quirks.

Tables come in the column sets the corpus shows (the generator's four columns, the issue
template's three, the Authors/Tags fork, the ``#``/bilingual-abstract fork, the AI Summary
fork, an unknown KiMi column); titles and abstracts hold unescaped ``|``, ``\\|``, ``$…$``, CJK
and brackets; comments are short, long (folded into ``<details>``) or empty, and a short last
comment may hold ``|``; tables can be empty and headings can have no table. The text is built
here, by test code, the way the generator writes it (not with digestparse's writer), and each
generated paper remembers the fields a reader must find.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.property.strategies import encodings

__all__ = ["Generated", "GeneratedPaper", "abstract_table_digests", "encodings"]

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_TITLE_QUIRKS = ["|", "\\|", "$Y|X$", "$^{2}$", "[cls]", "(a)", "中文标题", "Déjà", "*", "R&D", "<think>"]
_TEXT_QUIRKS = [*_TITLE_QUIRKS, " | ", "a|b", "](", "**bold**", "$\\alpha$", "量子", "x<y"]
_word = st.text(_WORD_CHARS, min_size=1, max_size=10)
_title = st.lists(st.one_of(_word, st.sampled_from(_TITLE_QUIRKS)), min_size=1, max_size=10).map(" ".join)
_text = st.lists(st.one_of(_word, st.sampled_from(_TEXT_QUIRKS)), min_size=1, max_size=40).map(" ".join)
_long_text = st.lists(_word, min_size=200, max_size=400).map(" ".join)
_name = st.lists(st.text(_WORD_CHARS + "éü-.'", min_size=1, max_size=9), min_size=1, max_size=3).map(" ".join)
_ident = st.builds(
    lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}", st.integers(15, 26), st.integers(1, 12), st.integers(1, 99999)
)
_date = st.dates(datetime.date(2010, 1, 1), datetime.date(2027, 12, 31))
_CATEGORIES = ["cs.CV", "cs.AI", "cs.CL", "cs.LG", "cs.RO", "quant-ph", "cond-mat.supr-con", "stat.ML"]

# Column sets seen in the corpus (plus an unknown column, kept as written).
LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("Title", "Date", "Abstract", "Comment"),
    ("Title", "Date", "Comment"),
    ("Title", "Date", "Authors", "Tags", "Comment"),
    ("#", "Title", "Abstract", "Date", "Authors"),
    ("Date", "AI Summary"),
    ("Title", "Date", "Abstract", "Comment", "KiMi"),
)


@dataclass
class GeneratedPaper:
    """What a reader must find in one generated row."""

    arxiv_id: str
    version: int | None
    link: str
    title: str
    published: datetime.date
    section: str
    abstract: str = ""
    abstract_zh: str | None = None
    comment: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    categories: list[str] = field(default_factory=list)
    tldr: str | None = None


@dataclass
class Generated:
    """A generated digest: its text and its papers in file order."""

    text: str
    papers: list[GeneratedPaper]


def _details(label: str, body: str) -> str:
    return f"<details><summary>{label}</summary><p>{body}</p></details>"


def _folded(value: str, over: int) -> str:
    return value if len(value) <= over else _details(value[:5] + "...", value)


@st.composite
def _paper(draw: st.DrawFn, layout: tuple[str, ...], section: str) -> tuple[GeneratedPaper, str]:
    ident = draw(_ident)
    version = draw(st.one_of(st.none(), st.integers(1, 9)))
    scheme = draw(st.sampled_from(["http", "https"]))
    page = draw(st.sampled_from(["abs", "abs", "pdf"]))
    link = f"{scheme}://arxiv.org/{page}/{ident}" + (f"v{version}" if version else "")
    paper = GeneratedPaper(ident, version, link, draw(_title), draw(_date), section)
    comment_last = layout[-1] == "Comment"
    cells: list[str] = []
    for column in layout:
        if column == "Title":
            cells.append(f"**[{paper.title}]({link})**")
        elif column == "Date":
            cells.append(paper.published.isoformat())
        elif column == "Abstract":
            paper.abstract = draw(st.one_of(_text, _long_text)).strip()
            if layout[0] == "#":
                paper.abstract_zh = draw(_text).strip()
                cells.append(_details("EN", paper.abstract) + _details("中文", paper.abstract_zh))
            else:
                cells.append(_details("Show", paper.abstract))
        elif column == "Comment":
            short = st.text(_WORD_CHARS + (" |,." if comment_last else " ,."), max_size=20)
            comment = draw(st.one_of(st.just(""), short, _text)).strip()
            if not comment_last:  # a plain `|` can only sit in the last cell
                comment = comment.replace("|", "/")
            paper.comment = comment or None
            cells.append("" if not comment else _folded(comment, 20))
        elif column == "Authors":
            paper.authors = [draw(_name)]
            paper.authors_truncated = True
            cells.append(f"{paper.authors[0]} et al.")
        elif column == "Tags":
            paper.categories = draw(
                st.lists(st.sampled_from(_CATEGORIES), min_size=1, max_size=3, unique=True)
            )
            extra = draw(st.lists(st.sampled_from(["I.2.7", "68T05"]), max_size=1))
            cells.append(_folded(", ".join(paper.categories + extra), 10))
        elif column == "#":
            cells.append("{number}")
        elif column == "AI Summary":
            lines = draw(st.lists(_text, min_size=1, max_size=3))
            summarized = draw(st.booleans())
            paper.tldr = "\n".join(lines).strip() if summarized else None
            body = (
                "<br><details><summary>Show Summary</summary>" + "<br>".join(lines) + "</details>"
                if summarized
                else "<br>Not yet summarized"
            )
            cells.append(f"**[{paper.title}]({link})**{body}")
        else:  # an unknown column
            cells.append(f"[papers-cool](https://papers.cool/arxiv/{ident})")
    row = "| " + " | ".join(cells) + " |"
    if comment_last and paper.comment is None and draw(st.booleans()):
        row = row[: -len(" |  |")] + " |"  # an early file: the empty last cell left out
    return paper, row


@st.composite
def _section(draw: st.DrawFn, index: int, issue: bool) -> tuple[str, list[GeneratedPaper]]:
    keyword = draw(st.sampled_from(["Time Series", "VLA", "量子计算", "t-J", "RAG"])) + f" {index}"
    if draw(st.integers(0, 9)) == 0:
        return f"## {keyword}\nNo new papers found.\n\n", []
    layout = draw(st.sampled_from(LAYOUTS[1:3] if issue else LAYOUTS))
    drawn = draw(st.lists(_paper(layout, keyword), max_size=4))
    header = "| " + " | ".join(f"**{c}**" for c in layout) + " |\n|" + " --- |" * len(layout) + "\n"
    rows = [row.replace("{number}", str(n), 1) + "\n" for n, (_p, row) in enumerate(drawn, start=1)]
    return f"## {keyword}\n{header}{''.join(rows)}\n", [p for p, _row in drawn]


@st.composite
def abstract_table_digests(draw: st.DrawFn) -> Generated:
    """A README or an issue template of one to four keyword sections."""
    issue = draw(st.booleans())
    date = draw(_date)
    if issue:
        text = (
            f"---\ntitle: Latest 15 Papers - {date.strftime('%B %d, %Y')}\nlabels: documentation\n---\n"
            "**Please check the [Github](https://github.com/zezhishao/MTS_Daily_ArXiv) page for a better "
            "reading experience and more papers.**\n\n"
        )
    else:
        text = f"# Daily Papers\nThe project fetches papers.\n\nLast update: {date.isoformat()}\n\n"
    papers: list[GeneratedPaper] = []
    for index in range(draw(st.integers(1, 4))):
        block, members = draw(_section(index, issue))
        text += block
        papers.extend(members)
    return Generated(text, papers)
