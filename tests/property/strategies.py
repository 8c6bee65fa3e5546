"""Hypothesis strategies for digests of both formats, with the quirks real ones have.

Titles carry brackets, stars, maths, pipes, raw HTML-like tags and non-ASCII; badge-list
author lists are cut with ``et al.``; sections abstracts span lines that look like Markdown
(lists, quotes, headings, bold labels, code fences) and ZH fields; files come with LF or CRLF,
with or without a BOM and a final newline.
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.builders import Entry, badge_digest, sections_digest

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_QUIRKS = [
    "[cls]",
    "[[x]]",
    "*",
    "**",
    "$P(y|x)$",
    "|",
    "<think>",
    "</answer>",
    "$^{2}$",
    "\\%",
    "0.36\\%",
    "Déjà",
    "Kästner",
    "Ångström",
    "中文",
    "(a)",
    ")**",
    "](",
    "`code`",
    "&#177;",
    "√2",
    "--",
    "'",
]
word = st.one_of(st.text(_WORD_CHARS, min_size=1, max_size=10), st.sampled_from(_QUIRKS))
phrase = st.lists(word, min_size=1, max_size=12).map(" ".join)
name = st.lists(st.text(_WORD_CHARS + "éüøç-.'", min_size=1, max_size=9), min_size=1, max_size=3).map(
    " ".join
)
categories = st.lists(
    st.sampled_from(["cs.CV", "cs.AI", "cs.CL", "cs.LG", "cs.RO", "math.IT", "stat.ML"]),
    max_size=4,
    unique=True,
)
new_style_id = st.builds(
    lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}", st.integers(15, 26), st.integers(1, 12), st.integers(1, 99999)
)
_MARKDOWN_LINES = [
    "- a bullet",
    "1. Distributional separation.",
    "> AI Agent, Agentic AI",
    "### 完整翻译：",
    "**目的：** 说明",
    "```",
    "* Equal contribution.",
    "http://example.com/code",
    "# not a title?",
]
continuation = st.one_of(phrase, st.sampled_from(_MARKDOWN_LINES))
multiline = st.builds(
    lambda first, rest: "\n".join([first, *rest]), phrase, st.lists(continuation, max_size=4)
)


@st.composite
def badge_entries(draw: st.DrawFn) -> Entry:
    authors = draw(st.lists(name, max_size=7))
    truncated = draw(st.booleans()) and len(authors) > 0
    version = draw(st.one_of(st.none(), st.integers(1, 7)))
    ident = draw(new_style_id)
    link = f"http://arxiv.org/abs/{ident}v{version}" if version else None
    return Entry(
        arxiv_id=ident,
        title=draw(phrase),
        authors=authors,
        truncated=truncated,
        categories=draw(categories),
        abstract=draw(phrase),
        link=link,
        details_open=draw(st.booleans()),
    )


@st.composite
def sections_entries(draw: st.DrawFn) -> Entry:
    with_zh = draw(st.booleans())
    return Entry(
        arxiv_id=draw(new_style_id),
        title=draw(phrase),
        authors=draw(st.lists(name, min_size=1, max_size=8)),
        categories=(),
        abstract=draw(multiline),
        title_zh=draw(multiline) if with_zh else None,
        abstract_zh=draw(multiline) if with_zh else None,
    )


@st.composite
def encodings(draw: st.DrawFn, text: str) -> bytes:
    """The same digest with LF or CRLF, with or without a BOM and a final newline."""
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.encode("utf-8")


badge_digests = st.lists(badge_entries(), min_size=1, max_size=6).map(lambda es: (es, badge_digest(es)))
sections_digests = st.lists(sections_entries(), min_size=1, max_size=6).map(
    lambda es: (es, sections_digest(es))
)
