"""Exact output of ``digestparse check`` for the rules the generated corpus does not plant.

``corpus/generated/expected.txt`` is the exact output for most rules (one run over the
generated digests, tests/test_generated_corpus.py). Each case here is a real digest excerpt
(tests/rules/real_entries.py) with one fault planted, the rule selected alone, and every line
the command prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from digestparse.cli import main
from tests.builders import AI_SEED, ai_digest
from tests.rules.real_entries import (
    BADGE_EP_DIFFUSER,
    CRAWL_WIFI8,
    INDEX_TABLE,
    README_ARCHIVE,
    SECTIONS_BIOASQ,
    SECTIONS_SIBT,
    badge_topic,
)

RAG = "11-Sep-2025/topic/RAG_related_papers.md"


@dataclass(frozen=True)
class Exact:
    code: str
    files: dict[str, str]
    expected: str
    named: tuple[str, ...] = (".",)  # what the command line names (a found non-digest is skipped)


EXACT = [
    Exact(
        "DP100",
        {"11-Feb-2025/README.md": INDEX_TABLE},
        "11-Feb-2025/README.md:1:1: DP100 [error] not a paper digest: it looks like an index table "
        "(4 table rows) and links no arXiv paper\n",
        ("11-Feb-2025/README.md",),
    ),
    Exact(
        "DP102",
        {RAG: SECTIONS_BIOASQ + SECTIONS_SIBT.removesuffix("\n---\n")},
        f"{RAG}:16:1: DP102 [error] truncated entry: the file ends before the entry's `---`\n",
    ),
    Exact(
        "DP103",
        {RAG: SECTIONS_BIOASQ.replace("Challenge \n\n", "Challenge \nCLEF 2025 Working Notes\n\n")},
        f"{RAG}:2:1: DP103 [warning] text between the title and the first field\n",
    ),
    Exact(
        "DP105",
        {
            RAG: SECTIONS_BIOASQ
            + SECTIONS_SIBT.replace("**Link**: [PDF](https://arxiv.org/pdf/2509.08407)  \n\n", "")
        },
        f"{RAG}:10:1: DP105 [error] entry has no `link` field\n",
    ),
    Exact(
        "DP108",
        {"README.md": README_ARCHIVE.format(count=3)},
        "README.md:3:59: DP108 [warning] badge says 2 but the count table adds up to 3\n"
        "README.md:9:1: DP108 [warning] count table says 3 for 'Artificial Intelligence 🧠' but its "
        "section lists 2\n",
    ),
    Exact(
        "DP111",
        {
            "hot_topic/3D_Generation.md": badge_topic(BADGE_EP_DIFFUSER)
            + "* code: https://arxiv.org/abs/2504.06022\n"
        },
        "hot_topic/3D_Generation.md:21:17: DP111 [error] arXiv link outside any entry, not read as a "
        "paper: '* code: https://arxiv.org/abs/2504.06022'\n",
    ),
    Exact(
        "DP205",
        {
            RAG: SECTIONS_BIOASQ.replace(
                "https://arxiv.org/pdf/2509.08596", "https://www.semanticscholar.org/arxiv/2509.08596"
            )
        },
        f"{RAG}:5:11: DP205 [warning] link is not an arXiv URL: "
        "'https://www.semanticscholar.org/arxiv/2509.08596'\n",
    ),
    Exact(
        "DP601",
        {f"data/2026-06-{day}.md": ai_digest({"cs.RO": [AI_SEED]}) for day in (12, 13, 15, 16)},
        "data/2026-06-15.md:1:1: DP601 [warning] no digest for 2026-06-14 in the series data/{date}.md "
        "(between 2026-06-13 and 2026-06-15)\n",
    ),
    Exact(
        "DP602",
        {f"data/2026-06-{day}.md": ai_digest({"cs.RO": [AI_SEED]}) for day in (15, 16)},
        "data/2026-06-16.md:1:1: DP602 [warning] digest of 2026-06-16 is byte-identical to the digest "
        "of 2026-06-15\n",
    ),
    Exact(
        "DP603",
        {"data/2026-06-15.md": ai_digest({"cs.RO": [AI_SEED]}), "data/2026-06-15.jsonl": CRAWL_WIFI8},
        "data/2026-06-15.md:1:1: DP603 [error] 1 paper(s) of the sidecar 2026-06-15.jsonl are not in the "
        "digest: 2606.13759\n"
        "data/2026-06-15.md:12:1: DP603 [error] 2606.13856 is not in the sidecar 2026-06-15.jsonl\n",
    ),
    Exact(
        "DP901",
        {
            "hot_topic/3D_Generation.md": badge_topic(BADGE_EP_DIFFUSER).replace(
                "- **[EP", "<!-- digestparse: ignore DP401 -->\n- **[EP"
            )
        },
        "hot_topic/3D_Generation.md:15:1: DP901 [warning] suppression comment does not suppress DP401\n",
    ),
]


@pytest.mark.parametrize("case", EXACT, ids=lambda c: c.code)
def test_exact_output(
    case: Exact, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in case.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", *case.named, "--isolated", "--select", case.code, "-q"])
    out, _ = capsys.readouterr()
    assert out == case.expected
    assert code == (2 if case.code == "DP100" else 1)
