"""Hypothesis strategies for ai-summary digests, with the quirks real ones have.

The texts are built here the way daily-arXiv-ai-enhanced's ``to_md/convert.py`` builds them
(``paper_template.md`` filled with ``str.format``, entries joined by two newlines), apart from
the package's writer, so a writer bug cannot hide a reader bug. Titles carry ``|``, ``\\|``,
brackets, ``$…$`` and CJK; AI fields are long, empty, or mention label words in mid-line;
abstracts run over several lines whose continuation lines begin with label words of earlier
fields (``Conclusion:``, ``Method:``), which must stay abstract text; sections can be empty; the
author line can be ``**``. Three templates: the generator's own, a fork's with extra labels
(``Relevance:``, ``Why:``, ``Matched topics:``), and the unnumbered one without a table of
contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.property.strategies import encodings  # noqa: F401  (re-exported for the tests)

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_QUIRKS = ["|", "\\|", "[cls]", "(a)", "$P(y|x)$", "$^{2}$", "中文", "结论", "Déjà", "*", "&", "'", "—", "…"]
_LABEL_WORDS = ["Conclusion:", "Method:", "Result:", "Motivation:", "TL;DR:", "Abstract:", "Results:"]
word = st.one_of(st.text(_WORD_CHARS, min_size=1, max_size=10), st.sampled_from(_QUIRKS))
phrase = st.lists(word, min_size=1, max_size=10).map(" ".join)
long_phrase = st.lists(st.one_of(word, st.sampled_from(_LABEL_WORDS)), min_size=1, max_size=60).map(" ".join)
# a value on one line, possibly empty, never starting with a label (the generator's values are
# LLM prose; a label word in mid-line is fine)
ai_value = st.one_of(st.just(""), phrase, long_phrase)
name = st.lists(st.text(_WORD_CHARS + "éüøç-.'", min_size=1, max_size=9), min_size=1, max_size=3).map(
    " ".join
)
category = st.sampled_from(["cs.CV", "cs.AI", "cs.CL", "cs.LG", "eess.SP", "q-bio.BM", "机器学习"])
new_style_id = st.builds(
    lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}", st.integers(15, 26), st.integers(1, 12), st.integers(1, 99999)
)
# abstract lines after the first: arXiv's line breaks, some starting with an earlier label word
continuation = st.one_of(phrase, st.builds(lambda w, p: f"{w} {p}", st.sampled_from(_LABEL_WORDS), phrase))


@dataclass
class AiEntry:
    """One paper as the generator has it (the JSONL record's fields)."""

    arxiv_id: str
    title: str
    authors: list[str]
    category: str
    tldr: str
    motivation: str
    method: str
    result: str
    conclusion: str
    abstract: str
    extras: dict[str, str] = field(default_factory=dict)


@st.composite
def ai_entries(draw: st.DrawFn) -> AiEntry:
    lines = [draw(phrase), *draw(st.lists(continuation, max_size=3))]
    return AiEntry(
        arxiv_id=draw(new_style_id),
        title=draw(phrase),
        authors=draw(st.lists(name, max_size=5)),
        category=draw(category),
        tldr=draw(ai_value),
        motivation=draw(ai_value),
        method=draw(ai_value),
        result=draw(ai_value),
        conclusion=draw(ai_value),
        abstract="\n".join(lines),
        extras={"relevance": draw(st.sampled_from(["0/5", "3/5"])), "why": draw(ai_value)},
    )


TEMPLATES = ("generator", "extra-labels", "unnumbered")


def entry_text(entry: AiEntry, number: int, template: str) -> str:
    """One entry as ``paper_template.md`` (of the given fork) renders it."""
    head = f"### [{number}] [{entry.title}](https://arxiv.org/abs/{entry.arxiv_id})"
    if template == "unnumbered":
        head = f"### [{entry.title}](https://arxiv.org/abs/{entry.arxiv_id})"
    extra_head = extra_details = ""
    if template == "extra-labels":
        extra_head = f"Relevance: {entry.extras['relevance']}\n\nWhy: {entry.extras['why']}\n\n"
        extra_details = "Matched topics: \n\n"
    return (
        f"{head}\n*{','.join(entry.authors)}*\n\nMain category: {entry.category}\n\n{extra_head}"
        f"TL;DR: {entry.tldr}\n\n\n<details>\n  <summary>Details</summary>\n{extra_details}"
        f"Motivation: {entry.motivation}\n\nMethod: {entry.method}\n\nResult: {entry.result}\n\n"
        f"Conclusion: {entry.conclusion}\n\nAbstract: {entry.abstract}\n\n</details>\n"
    )


def digest_text(entries: list[AiEntry], template: str, empty_sections: list[str]) -> str:
    """The whole file as ``convert.py`` writes it: ToC with true counts, sections, entries."""
    sections: dict[str, list[AiEntry]] = {}
    for entry in entries:
        sections.setdefault(entry.category, []).append(entry)
    for name in empty_sections:
        sections.setdefault(name, [])
    numbered = iter(range(1, len(entries) + 1))
    if template == "unnumbered":
        return "\n\n".join(entry_text(e, 0, template) for e in entries)
    out = "<div id=toc></div>\n\n# Table of Contents\n\n"
    out += "".join(f"- [{name}](#{name}) [Total: {len(group)}]\n" for name, group in sections.items())
    for name, group in sections.items():
        out += f"\n\n<div id='{name}'></div>\n\n# {name} [[Back]](#toc)\n\n"
        out += "\n\n".join(entry_text(e, next(numbered), template) for e in group)
    return out


@st.composite
def ai_digests(draw: st.DrawFn) -> tuple[list[AiEntry], str, str]:
    """(entries in file order, template, text)."""
    entries = draw(st.lists(ai_entries(), min_size=1, max_size=5, unique_by=lambda e: e.arxiv_id))
    template = draw(st.sampled_from(TEMPLATES))
    empty = draw(st.lists(st.sampled_from(["cs.RO", "math.OC"]), max_size=1))
    text = digest_text(entries, template, [] if template == "unnumbered" else empty)
    if template != "unnumbered":  # the file lists them section by section
        order = {}
        for entry in entries:
            order.setdefault(entry.category, []).append(entry)
        entries = [e for group in order.values() for e in group]
    return entries, template, text
