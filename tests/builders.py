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


# ------------------------------------------------------------------ ai-summary (issue 10)
# Entries of real ai-summary digests (daily-arXiv-ai-enhanced forks), shortened to a few lines:
# the AI-field rules' fixtures plant one fault in a copy of one of them.

AI_SCALE = {  # casablancassss 2026-03-20 [cs.AI]: a Chinese entry that mentions <think> itself
    "id": "2603.19163",
    "title": "SCALe: Scheduled Curriculum Adaptive Loss for Multimodal Reasoning",
    "tldr": "SCALe是一种用于改进视觉语言模型多模态推理的训练方法，"
    "通过动态长度独立加权机制分离推理和答案部分的监督。",
    "motivation": "标准监督微调(SFT)中所有token对损失贡献相等，"
    "长的思维链(<think>)会掩盖短但关键的答案(<answer>)片段，导致推理冗长且答案不准确。",
    "method": "提出SCALe方法：1)显式分离推理和答案部分的监督；2)使用动态长度独立加权。",
    "result": "SCALe在多种基准测试上一致优于标准SFT；与SFT+GRPO管道性能相当，但训练时间仅需约1/7。",
    "conclusion": "SCALe是一种轻量级但有效的多模态推理改进方法，兼顾训练效率和性能。",
    "abstract": "Multimodal reasoning in vision-language models (VLMs) typically relies on a "
    "two-stage process. "
    "Long <think> traces overshadow short but task-critical <answer> segments.",
}
AI_SEED = {  # 70asunflower 2026-06-15: an English entry whose figures are the abstract's
    "id": "2606.13856",
    "title": "The Seed Lottery in VLA Fine-Tuning",
    "tldr": "Seed lottery: same VLA fine-tuning, 92%→65% silently.",
    "motivation": "Fine-tuning a VLA on a single GPU can silently collapse for one random seed.",
    "method": "Compare weight-level (L2, EWC) and output-level regularizers over 13 seeds.",
    "result": "Baseline: 1/13 seeds collapses to 65.2% (vs 91-94% for other 12 runs), a 29 pp gap.",
    "conclusion": "Output-level regularization removes the seed lottery.",
    "abstract": "Twelve runs produce a robot succeeding 91--94% of the time, while one run silently "
    "degrades to 65.2\\%: a 29 pp gap with no error message.",
}
AI_SCALE_ZH = {
    **AI_SCALE,
    "result": "在ImageNet-1K上，GAE达到95.2%准确率，使用Qwen2.5-7B与GPT-4o对比。",
    "abstract": AI_SCALE["abstract"] + " GAE reaches $95.2\\%$ top-1 accuracy on ImageNet-1K.",
}


def ai_entry(number: int, e: dict[str, str]) -> str:
    """One numbered ai-summary entry with every AI field and the abstract in <details>."""
    return (
        f"### [{number}] [{e['title']}](https://arxiv.org/abs/{e['id']})\n*Wei Tang,Xuejing Liu*\n\n"
        f"Main category: cs.AI\n\nTL;DR: {e['tldr']}\n\n\n<details>\n  <summary>Details</summary>\n"
        f"Motivation: {e['motivation']}\n\nMethod: {e['method']}\n\nResult: {e['result']}\n\n"
        f"Conclusion: {e['conclusion']}\n\nAbstract: {e['abstract']}\n\n</details>\n\n\n"
    )


def ai_digest(sections: dict[str, list[dict[str, str]]], toc: dict[str, int] | None = None) -> str:
    """An ai-summary digest: ToC (the true counts unless ``toc`` says otherwise), sections."""
    counts = toc if toc is not None else {name: len(entries) for name, entries in sections.items()}
    lines = ["<div id=toc></div>\n\n# Table of Contents\n\n"]
    lines += [f"- [{name}](#{name}) [Total: {n}]\n" for name, n in counts.items()]
    lines.append("\n\n")
    number = 0
    for name, entries in sections.items():
        lines.append(f"<div id='{name}'></div>\n\n# {name} [[Back]](#toc)\n\n")
        for e in entries:
            number += 1
            lines.append(ai_entry(number, e))
    return "".join(lines)
