"""Generate ``corpus/generated``: digests with planted anomalies and harmless look-alikes.

Run ``python -m tests.generate_corpus`` from the project root to rewrite the folder; a test
fails when the committed files differ from what this produces, and another checks that
``digestparse check corpus/generated`` reports exactly ``expected.txt``. ``PLANTED.md`` lists
every planted anomaly and every look-alike that must stay quiet.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.builders import (
    AI_SCALE,
    AI_SCALE_ZH,
    AI_SEED,
    Entry,
    ai_digest,
    ai_entry,
    badge_digest,
    sections_digest,
)

FIGURES = (
    "We pre-train on 29M image-text pairs using only {hours} A100-40G GPU hours, which is 0.36{pct} of "
    "the tokens, and reach {score} on MMBench."
)
OK_AUTHORS = (
    "Ada Lovelace",
    "Alan Turing",
    "Grace Hopper",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Frances Allen",
    "John Backus",
)


def _paper(ident: str, title: str, **kw: object) -> Entry:
    return Entry(arxiv_id=ident, title=title, **kw)  # type: ignore[arg-type]


def files() -> dict[str, bytes]:
    """Relative path -> bytes of every generated digest."""
    out: dict[str, bytes] = {}
    figures_a = FIGURES.format(hours="220", pct="\\%", score="$19.1$")
    figures_b = FIGURES.format(hours="442", pct="%", score="19.1")
    figures_same = FIGURES.format(hours="220", pct="%", score="19.1")
    figures_broken = figures_same.replace(" and reach", "\nand reach").replace("the tokens", "thetokens")

    # A topic file with per-digest anomalies (one per entry) and a correct badge.
    topic = [
        _paper(
            "2504.90001",
            "Open Pre-Training on Academic Budgets",
            abstract=figures_a,
            authors=OK_AUTHORS[:6],
            truncated=True,
            categories=("cs.CV", "cs.CL"),
        ),
        _paper("2504.90002", "An Entry Whose Identifier Disagrees With Its Link", listed_id="2504.90020"),
        _paper("2504.9003", "An Entry With A Malformed Identifier", link="https://arxiv.org/abs/2504.9003"),
        _paper("2504.90004", "An Entry With An Unknown Category", categories=("cs.CVV", "math.IT")),
        _paper("2505.90005", "An Entry From The Future Month"),
        _paper(
            "2504.90006", "An Entry By Linh Kästner Misdecoded", authors=("Linh K√§stner", "Ângelo Benetti")
        ),
        _paper("2504.90007", "An Entry With No Authors", authors=()),
        _paper("2504.90008", "Maths Stays Untouched", abstract="The error is O(√n) with √2 as the constant."),
        _paper("2504.90002", "An Entry Whose Identifier Disagrees With Its Link", listed_id="2504.90020"),
    ]
    out["hot_topic/MLLM.md"] = badge_digest(topic, topic="MLLM", date="2025-04-07").encode()
    # A topic file whose badge is wrong and whose last entry is cut off, in CRLF with a BOM.
    cut = badge_digest(
        [_paper("2504.92001", "A Complete Entry"), _paper("2504.92002", "A Cut Entry")],
        topic="LLM",
        date="2025-04-07",
        badge=3,
    )
    cut = cut[: cut.rindex("  <details open>")]
    out["hot_topic/LLM.md"] = ("\ufeff" + cut.replace("\n", "\r\n")).encode()
    # The same papers told again, a day later, by another badge-list file (no final newline).
    later = [
        _paper(
            "2504.90001",
            "Open Pre-Training on Academic Budgets",
            abstract=figures_same,
            authors=OK_AUTHORS,
            categories=("cs.CV", "cs.CL"),
        ),
        _paper("2504.90004", "An Entry With An Unknown Category", categories=("cs.CV",)),
        _paper(
            "2504.90008",
            "A Retitled Entry About Maths",
            abstract="The error is O(√n) with √2 as the constant.",
        ),
        _paper(
            "2504.93001",
            "An Entry With A Versioned Link",
            link="http://arxiv.org/abs/2504.93001v1",
            abstract="Accuracy improves by 28% on the benchmark.",
        ),
        _paper("2504.93009", "Open Pre-Training on Academic Budgets"),
    ]
    out["hot_topic/Diffusion.md"] = (
        badge_digest(later, topic="Diffusion", date="2025-04-08").encode().rstrip(b"\n")
    )
    # A sections digest: the planted figure conflict, a dropped author, text hygiene, orphan text.
    zh = dict(title_zh="开放预训练", abstract_zh="我们在学术预算上预训练。\n\n- 要点一\n- 要点二")
    sections = [
        _paper(
            "2504.90001",
            "Open Pre-Training on Academic Budgets ",
            abstract=figures_b,
            authors=OK_AUTHORS,
            categories=(),
            **zh,
        ),
        _paper(
            "2504.93001",
            "An Entry With A Versioned Link",
            link="https://arxiv.org/pdf/2504.93001v2",
            abstract="Accuracy improves by 34% on the benchmark.",
            categories=(),
        ),
        _paper(
            "2504.94001",
            "Hygiene Problems In One Entry",
            authors=("Sophie G\x7fötz",),
            categories=(),
            title_zh="主动推\ufffd",
            abstract_zh="第一行\r\n第二行",
        ),
        _paper("2504.94002", "A Paper Whose Author List Lost Someone", authors=OK_AUTHORS[:3], categories=()),
    ]
    orphan = ["", "", "\nThis second translation belongs to no entry.\n\n---\n"]
    out["7-Apr-2025/topic/LLM_related_papers.md"] = sections_digest(sections, between=orphan).encode()
    again = [
        _paper("2504.94002", "A Paper Whose Author List Lost Someone", authors=OK_AUTHORS[:4], categories=()),
        _paper(
            "2504.90001",
            "Open Pre-Training on  Academic Budgets",
            abstract=figures_broken,
            authors=OK_AUTHORS,
            categories=(),
            title_zh="学术预算下的开放预训练",
            abstract_zh="另一种翻译。",
        ),
    ]
    out["8-Apr-2025/topic/LLM_related_papers.md"] = sections_digest(again).encode()
    # An empty digest, as an unflushed write buffer leaves it.
    out["archive/2025-04-07/Embodied_AI.md"] = b""
    out.update(ai_summary_files())
    return out


def ai_summary_files() -> dict[str, bytes]:
    """An ai-summary digest (Chinese, as most of the family) with the AI-field faults planted.

    Planted: a `[Total: N]` one too high, a ToC line without its section, a section missing
    from the ToC, generation-failure placeholders, an empty field, a field cut inside a
    character, an English field, a `<think>` block, a figure the abstract contradicts and one
    it does not state. Look-alikes: a Chinese field quoting English model names, `$95.2\\%$`
    against `95.2%`, a paper's own `<think>` mention, a non-arXiv section left out of the ToC.
    """
    zh = [dict(AI_SCALE, id=f"2603.9500{i}") for i in range(1, 5)]
    planted = [
        dict(
            AI_SCALE,
            id="2603.95101",
            tldr="Summary generation failed",
            motivation="Motivation analysis unavailable",
            method="Method extraction failed",
            result="Result analysis unavailable",
            conclusion="Conclusion extraction failed",
        ),
        dict(AI_SCALE, id="2603.95102", conclusion=""),
        dict(AI_SCALE, id="2603.95103", tldr=str(AI_SCALE["tldr"])[:-8] + "相\ufffd"),
        dict(AI_SCALE, id="2603.95104", result="Not mentioned in abstract"),
        dict(
            AI_SCALE, id="2603.95105", tldr="<think>用户想要一句话总结。</think>\nSCALe分离推理和答案的监督。"
        ),
        dict(AI_SCALE_ZH, id="2603.95106", result="在ImageNet-1K上，GAE达到59.2%准确率。"),
        dict(AI_SCALE, id="2603.95107", result="训练时间减少37%，与SFT+GRPO管道性能相当。"),
    ]
    look_alikes = [dict(AI_SCALE_ZH, id="2603.95201"), dict(AI_SCALE, id="2603.95202")]
    sections = {"cs.AI": zh + planted, "cs.CV": look_alikes, "cs.RO": [dict(AI_SCALE, id="2603.95301")]}
    toc = {"cs.AI": len(zh + planted) + 1, "cs.CV": len(look_alikes), "cs.LG": 3}
    for entries in sections.values():
        for entry in entries:
            entry["title"] = f"{entry['title']} ({entry['id']})"  # distinct titles: no DP406
    text = ai_digest(sections, toc=toc)
    zenodo = ai_entry(99, dict(AI_SEED, id="x")).replace(
        "https://arxiv.org/abs/x", "https://doi.org/10.5281/zenodo.1"
    )
    text += "<div id='Zenodo'></div>\n\n# Zenodo [[Back]](#toc)\n\n" + zenodo
    return {"data/2026-03-20.md": text.encode()}


def write(root: Path) -> None:
    """Write the generated digests under ``root`` (the folder is not cleared first)."""
    for relative, data in files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus/generated"))
