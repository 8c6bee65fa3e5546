"""Build digest texts in both formats, exactly as the real generators write them.

Used by rule fixtures, property tests and the generator of ``corpus/generated``. The layout
(trailing spaces included) follows ``docs/formats/index.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

UPDATED = (
    "[![Last Updated](https://img.shields.io/badge/dynamic/json?url=https://api.github.com/repos/"
    "tavish9/awesome-daily-AI-arxiv/commits/main&query=%24.commit.author.date&label=updated"
    "&color=orange)]()"
)


@dataclass
class Entry:
    """One paper, with what both formats can say about it."""

    arxiv_id: str = "2504.01089"
    title: str = "A Study of Things"
    authors: Sequence[str] = ("Ada Lovelace", "Alan Turing")
    truncated: bool = False
    categories: Sequence[str] = ("cs.CV",)
    abstract: str = "We study things and find 42 of them."
    link: str | None = None
    listed_id: str | None = None  # the backticked ID when it differs from arxiv_id
    title_zh: str | None = None
    abstract_zh: str | None = None
    details_open: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def badge_entry(e: Entry) -> str:
    """The five lines of a badge-list entry."""
    link = e.link or f"https://arxiv.org/abs/{e.arxiv_id}"
    head = f"- **[{e.title}]({link})**  `arXiv:{e.listed_id or e.arxiv_id}`  "
    if e.categories:
        head += " ".join(f"`{c}`" for c in e.categories) + "  "
    names = list(e.authors) + (["et al."] if e.truncated else [])
    details = "<details open>" if e.details_open else "<details>"
    return (
        f"{head}\n  _{', '.join(names)}_\n  {details}<summary>Abstract</summary>\n"
        f"  {e.abstract}\n  </details>\n"
    )


def badge_digest(
    entries: Sequence[Entry],
    *,
    topic: str = "MLLM",
    date: str = "2025-04-02",
    badge: int | None = None,
    keywords: Sequence[str] = ("VLM", "MLLM"),
    between: Sequence[str] = (),
) -> str:
    """A badge-list topic file; ``between[i]`` is extra text put before entry ``i + 1``."""
    count = len(entries) if badge is None else badge
    header = (
        f"# 🔍 {topic} Papers · {date}\n\n"
        f"[![Total Papers](https://img.shields.io/badge/Papers-{count}-2688EB)]()\n{UPDATED}\n\n---\n\n"
        "## 📌 Filter by Category\n"
        f"**Keywords**: {' '.join(f'`{k}`' for k in keywords)}  \n**Filter**: `None`\n\n---\n\n"
        "## 📚 Paper List\n\n"
    )
    parts = []
    for index, entry in enumerate(entries):
        extra = between[index - 1] if 0 < index <= len(between) else ""
        parts.append(extra + badge_entry(entry))
    return header + "\n".join(parts)


def sections_entry(e: Entry) -> str:
    """One sections entry, ending with its ``---`` line."""
    link = e.link or f"https://arxiv.org/pdf/{e.arxiv_id}"
    out = f"# {e.title} \n\n"
    if e.title_zh is not None:
        out += f"**Title (ZH)**: {e.title_zh} \n\n"
    out += f"**Authors**: {', '.join(e.authors)}  \n\n**Link**: [PDF]({link})  \n\n"
    out += f"**Abstract**: {e.abstract} \n\n"
    if e.abstract_zh is not None:
        out += f"**Abstract (ZH)**: {e.abstract_zh} \n\n"
    return out + "---\n"


def sections_digest(entries: Sequence[Entry], between: Sequence[str] = ()) -> str:
    """A sections file; ``between[i]`` is text put after entry ``i`` (orphan text)."""
    parts = []
    for index, entry in enumerate(entries):
        parts.append(sections_entry(entry))
        if index < len(between) and between[index]:
            parts.append(between[index])
    return "".join(parts)
