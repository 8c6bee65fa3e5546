"""The line grammar of the ai-summary format: patterns and the label table, no reading logic.

Every pattern is anchored and linear: character classes that cannot overlap, bounded repeats,
and at most one ``.*`` followed by a literal (one pass back from the end of the line), so no
title, field or heading a generator or an attacker writes can make matching backtrack.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- entry head and author line

HEAD_PREFIX = "### ["
# `### [12] [` : the entry number of numbered templates (the title's "[" follows)
HEAD_NUMBER = re.compile(r"### \[(?P<number>\d{1,9})\] \[")
TITLE_ZH = re.compile(r"> \*(?P<text>[^\n]*)\*[ \t\r]*")
# `*A, B* | **Category: cs.CR, cs.AI**` (xmkxabc): the author line with the category list
AUTHORS_WITH_CATEGORIES = re.compile(
    r"\*(?P<authors>[^\n]*)\* \| \*\*Category: (?P<cats>[^*\n]*)\*\*[ \t\r]*"
)

# ------------------------------------------------------------------------------- furniture

TOC_ANCHOR = "<div id=toc></div>"
TOC_TITLE = "# Table of Contents"
# `- [cs.CV](#cs.CV) [Total: 261]` ; the anchor may hold parentheses: `(#Zenodo (CERN …))`
TOC_TOTAL = re.compile(r"- \[(?P<name>[^\]\n]*)\]\(#.*\) \[Total: (?P<count>\d{1,9})\][ \t\r]*")
# `- [cs.CR](#cscr) (24 篇)` (xmkxabc)
TOC_PIECES = re.compile(r"- \[(?P<name>[^\]\n]*)\]\(#[^)\n]*\) \((?P<count>\d{1,9}) 篇\)[ \t\r]*")
# `## 今日总计: 381 篇论文` (xmkxabc)
DAY_TOTAL = re.compile(r"## 今日总计: (?P<count>\d{1,9}) 篇论文[ \t\r]*")
# `# cs.CV [[Back]](#toc)`
SECTION_BACK = re.compile(r"# (?P<name>.*) \[\[Back\]\]\(#toc\)[ \t\r]*")
SECTION_DIV = re.compile(r"<div id='[^'\n]*'></div>[ \t\r]*")
# `<a id='cscr'></a>` then `## cs.CR ` (xmkxabc)
SECTION_ANCHOR = re.compile(r"<a id='[^'\n]*'></a>[ \t\r]*")
SECTION_H2 = re.compile(r"## (?P<name>[^\n]*\S)[ \t\r]*")
# `# AI-Enhanced arXiv Daily 2025-06-26`: any first `# ` title; the date is its last word
TITLE = re.compile(r"# (?P<text>[^\n]*\S)[ \t\r]*")
TITLE_DATE = re.compile(r"(?:^|\s)(?P<date>\d{4}-\d{2}-\d{2})$")
PATH_DATE = re.compile(r"(?:^|[/\\])(?P<date>\d{4}-\d{2}-\d{2})\.md$")

# --------------------------------------------------------------------------------- details

DETAILS_OPEN = ("<details>", "<details open>")
DETAILS_CLOSE = "</details>"
SUMMARY = re.compile(r"[ \t]*<summary>(?P<text>[^<\n]*)</summary>[ \t\r]*")
# what a `<summary>` says when the block holds the abstract without a label
SUMMARY_ABSTRACT = frozenset({"abstract", "摘要"})

# ---------------------------------------------------------------------------------- labels

# `Label: value`, `**Label:** value`, `**Label**: value`, `> **Label:** value`,
# `- **Label (English)**: value`; a full-width colon is a colon too.
LABEL = re.compile(
    r"(?P<pre>(?:> )?(?:- )?(?:\*\*)?)(?P<name>[^:：*<\n]{1,40})(?P<post>(?:\*\*)?[:：](?:\*\*)?)[ \t]*"
)
# A line that can start a field or is a structure line of the <details> block, for one search
# over an entry's body (the reader keeps the labels its table and order accept).
BODY_LINE = re.compile(
    r"^(?:(?:> )?(?:- )?(?:\*\*)?(?P<name>[^:：*<\n]{1,40})(?:\*\*)?[:：](?:\*\*)?[ \t]*"
    r"|[ \t]*<(?P<tag>details(?: open)?>|/details>|summary>(?P<summary>[^<\n]*)</summary>)[ \t\r]*$)",
    re.MULTILINE,
)
PARENTHESISED = re.compile(r"[^(\n]*\((?P<inner>[^()\n]{1,30})\)")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]{0,40}\}")

# Label text -> field key. Keys that are Paper fields map straight to them; any other key is an
# extra label the template prints (kept in the entry's text, re-emitted when it is rendered).
LABELS: dict[str, str] = {
    # Paper fields
    "Main category": "categories",
    "Main Category": "categories",
    "主分类": "categories",
    "카테고리": "categories",
    "TL;DR": "tldr",
    "TLDR": "tldr",
    "Innovation Snapshot": "tldr",
    "一句话结论": "tldr",
    "Motivation": "motivation",
    "研究动机": "motivation",
    "Method": "method",
    "主要方法": "method",
    "Result": "result",
    "主要结果": "result",
    "Conclusion": "conclusion",
    "结论": "conclusion",
    "Abstract": "abstract",
    "Original Abstract": "abstract",
    "Original abstract": "abstract",
    "英文原始摘要": "abstract",
    "中文摘要": "abstract_zh",
    "摘要翻译": "abstract_zh",
    "Comment": "comment",
    # extra labels of the templates seen (not Paper fields)
    "Direction": "direction",
    "Subtopic": "subtopic",
    "Relevance": "relevance",
    "Why": "why",
    "Priority": "priority",
    "Selection reason": "selection_reason",
    "来源": "source",
    "期刊": "journal",
    "DOI": "doi",
    "免费全文": "fulltext",
    "Keywords": "keywords",
    "Task": "task",
    "研究问题": "research_question",
    "主要创新点": "innovation",
    "Recommendation": "recommendation",
    "AI_Comments": "ai_comments",
    "Matched topics": "matched_topics",
    "实验 / 验证": "experiments",
    "Key Figures": "key_figures",
    "局限 / 后续问题": "limitations",
    "Classification reason": "classification_reason",
    "ai_Abstract": "ai_abstract",
    "Abstract Translation": "abstract_translation",
}
_FOLDED = {name.casefold(): key for name, key in LABELS.items()}

# The template order: one order every known template agrees with. A label starts a field only
# when its key comes later than the field being read, so an abstract line that begins with
# `Conclusion:` (the abstract is last) or a repeated label stays text of its field.
ORDER: tuple[str, ...] = (
    "categories",
    "direction",
    "subtopic",
    "relevance",
    "why",
    "priority",
    "selection_reason",
    "source",
    "journal",
    "doi",
    "fulltext",
    "keywords",
    "comment",
    "tldr",
    "task",
    "research_question",
    "innovation",
    "recommendation",
    "ai_comments",
    "matched_topics",
    "motivation",
    "method",
    "experiments",
    "result",
    "key_figures",
    "conclusion",
    "limitations",
    "classification_reason",
    "ai_abstract",
    "abstract_zh",
    "abstract",
    "abstract_translation",
)
RANK: dict[str, int] = {key: index for index, key in enumerate(ORDER)}
# the first characters a label line can start with (a cheap test before the regex)
LABEL_STARTS = frozenset({">", "-", "*"} | {name[0] for name in LABELS})

PAPER_TEXT_FIELDS = frozenset(
    {"tldr", "motivation", "method", "result", "conclusion", "abstract", "abstract_zh", "comment"}
)
# Labels a writer uses for a field the entry's own template has no place for.
DEFAULT_LABELS: dict[str, str] = {
    "categories": "Main category: ",
    "comment": "Comment: ",
    "tldr": "TL;DR: ",
    "motivation": "Motivation: ",
    "method": "Method: ",
    "result": "Result: ",
    "conclusion": "Conclusion: ",
    "abstract_zh": "中文摘要: ",
    "abstract": "Abstract: ",
}


def label_key(name: str) -> str | None:
    """The key a label's text names (``TL;DR`` -> ``tldr``), or ``None`` for other words.

    ``연구 배경 및 동기 (Motivation)`` names its key in parentheses.
    """
    key = LABELS.get(name)
    if key is not None:
        return key
    name = name.strip()
    key = _FOLDED.get(name.casefold())
    if key is not None:
        return key
    if name.endswith(")"):
        inner = PARENTHESISED.fullmatch(name)
        if inner is not None:
            return _FOLDED.get(inner["inner"].strip().casefold())
    return None


def parse_head(line: str) -> tuple[int | None, int, int, int, int] | None:
    """``### [N] [Title](URL)`` -> (number, title start, title end, url start, url end).

    The title is split from the URL at the *last* ``](`` before the closing ``)``: titles hold
    ``[``, ``]`` and ``)``; URLs never hold ``](``. ``None`` when the line is not a linked head.
    """
    if not line.startswith(HEAD_PREFIX):
        return None
    match = HEAD_NUMBER.match(line)
    number = int(match["number"]) if match is not None else None
    start = match.end() if match is not None else len(HEAD_PREFIX)
    end = len(line.rstrip(" \t\r"))
    if end <= start or line[end - 1] != ")":
        return None
    split = line.rfind("](", start, end)
    if split < 0:
        return None
    return number, start, split, split + 2, end - 1


def is_author_line(line: str) -> bool:
    """``*A,B*``, ``**`` (no author) or ``*A, B* | **Category: …**``; not a bold label line."""
    if not line.startswith("*"):
        return False
    text = line.rstrip(" \t\r")
    if text.endswith("**") and " | **Category: " in text:
        return True
    if len(text) < 2 or not text.endswith("*"):
        return False
    if text.startswith("**") and text != "**":
        match = LABEL.match(text)
        return match is None or label_key(match["name"]) is None
    return True
