"""Entries of real digests (``../shared/corpus``), shortened, that the exact-output fixtures plant
one fault in each.

Each excerpt names the file and lines it comes from. Abstracts are cut to their first sentence,
and nothing else of those files is kept: the fixtures are a few entries, never a whole file.
"""

from __future__ import annotations

# csqiandong/2025-09-11_eecfa4d/11-Sep-2025/topic/RAG_related_papers.md, lines 1-9 and 10-18:
# the Daily-Reporter's sections format (a title line ending in a space, fields after a blank
# line, `---` after each entry).
SECTIONS_BIOASQ = (
    "# LLM Ensemble for RAG: Role of Context Length in Zero-Shot Question Answering for BioASQ "
    "Challenge \n"
    "\n"
    "**Authors**: Dima Galat, Diego Molla-Aliod  \n"
    "\n"
    "**Link**: [PDF](https://arxiv.org/pdf/2509.08596)  \n"
    "\n"
    "**Abstract**: Biomedical question answering (QA) poses significant challenges due to the need "
    "for precise interpretation of specialized knowledge drawn from a vast, complex, and rapidly "
    "evolving corpus. \n"
    "\n"
    "---\n"
)
SECTIONS_SIBT = (
    "# An Iterative LLM Framework for SIBT utilizing RAG-based Adaptive Weight Optimization \n"
    "\n"
    "**Authors**: Zhuo Xiao, Qinglong Yao, Jingjing Wang, Fugen Zhou, Bo Liu, Haitao Sun, Zhe Ji, "
    "Yuliang Jiang, Junjie Wang, Qiuwen Wu  \n"
    "\n"
    "**Link**: [PDF](https://arxiv.org/pdf/2509.08407)  \n"
    "\n"
    "**Abstract**: Seed implant brachytherapy (SIBT) is an effective cancer treatment modality; "
    "however, clinical planning often relies on manual adjustment of objective function weights, "
    "leading to inefficiencies and suboptimal results. \n"
    "\n"
    "---\n"
)

# tavish9/2025-04-09_4ca5340/hot_topic/3D_Generation.md, lines 1-16 (the badge says 1 here, for
# the one entry kept) and 17-22: a badge-list topic file.
BADGE_HEADER = (
    "# 🔍 3D_Generation Papers · 2025-04-08\n"
    "\n"
    "[![Total Papers](https://img.shields.io/badge/Papers-{count}-2688EB)]()\n"
    "\n"
    "---\n"
    "\n"
    "## 📌 Filter by Category\n"
    "**Keywords**: `Video Generation` `Scene Generation` `Content Generation`  \n"
    "**Filter**: `2D`\n"
    "\n"
    "---\n"
    "\n"
    "## 📚 Paper List\n"
    "\n"
)
BADGE_EP_DIFFUSER = (
    "- **[EP-Diffuser: An Efficient Diffusion Model for Traffic Scene Generation and Prediction via "
    "Polynomial Representations](https://arxiv.org/abs/2504.05422)**  `arXiv:2504.05422`  "
    "`cs.CV` `cs.LG` `cs.RO`  \n"
    "  _Yue Yao, Mohamed-Khalil Bouzidi, Daniel Goehring, Joerg Reichardt_\n"
    "  <details open><summary>Abstract</summary>\n"
    "  As the prediction horizon increases, predicting the future evolution of traffic scenes "
    "becomes increasingly difficult due to the multi-modal nature of agent motion.\n"
    "  </details>\n"
    "\n"
)


def badge_topic(*entries: str) -> str:
    """A badge-list topic file of ``entries``, its badge counting them."""
    return BADGE_HEADER.format(count=len(entries)) + "".join(entries)


# tavish9/2025-04-10_cf9a8d0/README.md, lines 1-3, 31-35 (one row of the count table), 42-56
# (two entries of its section; the section's end as the generator writes it): the README
# archive of the badge-list generator.
README_ARCHIVE = (
    "# 🚀 Daily AI arXiv Digest\n"
    "\n"
    "[![Total Papers](https://img.shields.io/badge/paper_today-2+-red)]()\n"
    "\n"
    "## 📌 Full Archive\n"
    "\n"
    "| Category                                                                                | Count |\n"
    "| --------------------------------------------------------------------------------------- | ----- |\n"
    "| [Artificial Intelligence 🧠](#artificial-intelligence-) | {count}    |\n"
    "\n"
    "### Artificial Intelligence 🧠\n"
    "\n"
    "<details open><summary>Click to Collapse</summary>\n"
    "\n"
    "- **[AssistanceZero: Scalably Solving Assistance Games](https://arxiv.org/abs/2504.07091)**  "
    "`arXiv:2504.07091`  \n"
    "  _Cassidy Laidlaw, Eli Bronstein, Timothy Guo, Dylan Feng, Lukas Berglund, Justin Svegliato, "
    "et al._\n"
    "  <details><summary>Abstract</summary>\n"
    "  Assistance games are a promising alternative to reinforcement learning from human feedback "
    "(RLHF) for training AI assistants.\n"
    "  </details>\n"
    "\n"
    "- **[SkillWeaver: Web Agents can Self-Improve by Discovering and Honing Skills]"
    "(https://arxiv.org/abs/2504.07079)**  `arXiv:2504.07079`  \n"
    "  _Boyuan Zheng, Michael Y. Fatemi, Xiaolong Jin, Zora Zhiruo Wang, Apurva Gandhi, Yueqi Song, "
    "et al._\n"
    "  <details><summary>Abstract</summary>\n"
    "  To survive and thrive in complex environments, humans have evolved sophisticated "
    "self-improvement mechanisms through environment exploration, hierarchical abstraction of "
    "experiences into reuseable skills, and collaborative construction of an ever-growing skill "
    "repertoire.\n"
    "  </details>\n"
    "\n"
    "[↑ Back to Top](#-full-archive)\n"
    "\n"
    "</details>\n"
    "\n"
)

# kjaebye/2025-02-11_55aa95d/11-Feb-2025/README.md, lines 1-6: the index table the Daily-Reporter
# writes beside its digests (not a digest).
INDEX_TABLE = (
    "# 11-Feb-2025\n"
    "\n"
    "| Subject | Link | Number of Papers |\n"
    "|:-----:|:----:|:----------------:|\n"
    "| RO | [Link](https://github.com/KJaebye/EmbodiedAI-Robotics-arXiv-Daily-Reporter/tree/main/"
    "18-Dec-2024/RO) | 65 |\n"
    "| AI | [Link](https://github.com/KJaebye/EmbodiedAI-Robotics-arXiv-Daily-Reporter/tree/main/"
    "18-Dec-2024/AI) | 247 |\n"
)

# ai-enhanced/70asunflower/2026-06-15_003a54e/data/2026-06-15.jsonl, line 1, with its summary
# cut to its first sentence: the crawl the ai-summary generator writes beside its digest.
CRAWL_WIFI8 = (
    '{"id": "2606.13759", "categories": ["cs.NI"], "pdf": "https://arxiv.org/pdf/2606.13759", '
    '"abs": "https://arxiv.org/abs/2606.13759", "authors": ["Francesc Wilhelmi", "Boris Bellalta", '
    '"Giovanni Geraci", "Lorenzo Galati-Giordano", "Francesca Meneghello", "Aleksandra Kijanka", '
    '"Iñaki Val", "David López-Pérez"], "title": "A Tutorial on IEEE 802.11bn Multi-AP Coordination '
    'for Wi-Fi 8: From Standardization to Performance Evaluation", "comment": null, "summary": "The '
    "IEEE 802.11bn amendment defines significant modifications to the standard by establishing "
    'Ultra High Reliability (UHR) targets in Wireless Local Area Networks (WLANs)."}\n'
)
