"""Every rule has a fixture that triggers it and one that must stay quiet.

A case is a rule code and a set of files. ``trigger`` cases must produce at least one finding
of that code (and only of that code, with the rule selected alone); ``quiet`` cases none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import digestparse
from digestparse.lint.registry import load_rules
from tests.builders import Entry, badge_digest, sections_digest

OPAL = Entry()
TWO = [Entry(), Entry(arxiv_id="2504.02000", title="Another Paper Entirely")]
FIGURES_A = "We train on 29M pairs using only 220 A100-40G GPU hours, which is 0.36% of the tokens."
FIGURES_B = "We train on 29M pairs using only 442 A100-40G GPU hours, which is 0.36\\% of the tokens."
FIGURES_SAME = "We train on 29M pairs using only 220 A100-40G GPU hours, which is 0.36\\% of the tokens."
README = """# 🚀 Daily AI arXiv Digest

[![Total Papers](https://img.shields.io/badge/paper_today-{badge}+-red)]()

## 📌 Full Archive

| Category | Count |
| -------- | ----- |
| [Robotics 🤖](#robotics-) | {rows}    |

### Robotics 🤖

<details open><summary>Click to Collapse</summary>

{entries}
[↑ Back to Top](#-full-archive)

</details>

"""


def _readme(badge: int, rows: int) -> str:
    from tests.builders import badge_entry

    entries = "\n".join(
        badge_entry(Entry(arxiv_id=f"2504.0{i}001", categories=(), details_open=False)) for i in range(2)
    )
    return README.format(badge=badge, rows=rows, entries=entries)


def _sections_date(name: str) -> str:
    return f"7-Apr-2025/topic/{name}"


@dataclass
class Case:
    code: str
    kind: str  # "trigger" or "quiet"
    files: dict[str, str | bytes]
    name: str = ""

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}{'-' + self.name if self.name else ''}"


CASES = [
    # Found by searching, a file no format reads is skipped (tests/test_repository.py); a digest
    # whose bytes are not UTF-8 is still a digest, and is reported.
    Case("DP100", "trigger", {"a.md": badge_digest([OPAL]).encode() + b"\xff\n"}),
    Case("DP100", "quiet", {"a.md": badge_digest([OPAL])}),
    Case("DP101", "trigger", {"a.md": badge_digest([OPAL]).removesuffix("  </details>\n")}),
    Case("DP101", "quiet", {"a.md": badge_digest(TWO)}),
    Case("DP102", "trigger", {"a.md": sections_digest([OPAL]).removesuffix("---\n")}),
    Case("DP102", "trigger", {"a.md": sections_digest(TWO).replace("---\n", "", 1)}, "no-separator"),
    Case("DP102", "quiet", {"a.md": sections_digest(TWO)}),
    Case(
        "DP103",
        "trigger",
        {"a.md": sections_digest([OPAL]).replace(" \n\n**Authors**", " \nstray\n\n**Authors**")},
    ),
    Case("DP103", "quiet", {"a.md": sections_digest([OPAL])}),
    Case(
        "DP104",
        "trigger",
        {"a.md": sections_digest(TWO, between=["\nLeaked text of a second translation.\n\n---\n"])},
    ),
    Case("DP104", "quiet", {"a.md": sections_digest(TWO)}),
    Case("DP104", "quiet", {"README.md": _readme(2, 2)}, "readme-scaffolding"),
    Case(
        "DP105",
        "trigger",
        {
            "a.md": sections_digest([OPAL]).replace(
                "**Link**: [PDF](https://arxiv.org/pdf/2504.01089)  \n\n", ""
            )
        },
    ),
    Case(
        "DP105",
        "trigger",
        {"a.md": badge_digest(TWO).replace("  _Ada Lovelace, Alan Turing_\n", "", 1)},
        "badge-list-no-author-line",
    ),
    Case("DP105", "quiet", {"a.md": sections_digest([OPAL])}),
    Case("DP106", "trigger", {"a.md": badge_digest([Entry(authors=())])}),
    Case("DP106", "quiet", {"a.md": badge_digest([Entry(authors=("A",) * 6, truncated=True)])}),
    Case("DP107", "trigger", {"a.md": badge_digest(TWO, badge=3)}),
    Case("DP107", "quiet", {"a.md": badge_digest(TWO)}),
    Case("DP108", "trigger", {"README.md": _readme(5, 0)}),
    Case("DP108", "quiet", {"README.md": _readme(2, 2)}),
    Case("DP109", "trigger", {"a.md": ""}),
    Case("DP109", "quiet", {"a.md": badge_digest([OPAL])}),
    Case("DP110", "trigger", {"a.md": badge_digest([OPAL, OPAL])}),
    Case("DP110", "quiet", {"a.md": badge_digest(TWO)}),
    Case(
        "DP111",
        "trigger",
        {"a.md": badge_digest(TWO) + "\n* see also https://arxiv.org/abs/2504.00595\n"},
    ),
    Case(
        "DP111",
        "quiet",
        {"a.md": badge_digest(TWO) + "\n* see also https://example.org/abs/2504.00595\n"},
        "non-arxiv-link",
    ),
    Case("DP201", "trigger", {"a.md": badge_digest([Entry(listed_id="2504.01098")])}),
    Case("DP201", "quiet", {"a.md": badge_digest([Entry(link="http://arxiv.org/abs/2504.01089v3")])}),
    Case("DP202", "trigger", {"a.md": badge_digest([Entry(listed_id="2504.0108")])}),
    Case(
        "DP202",
        "quiet",
        {
            "a.md": badge_digest(
                [
                    Entry(arxiv_id="hep-th/9901001", link="https://arxiv.org/abs/hep-th/9901001"),
                    Entry(arxiv_id="0704.0001", title="An Old Four Digit One"),
                ]
            )
        },
    ),
    Case("DP203", "trigger", {"a.md": badge_digest([Entry(categories=("cs.CVV",))])}),
    Case("DP203", "quiet", {"a.md": badge_digest([Entry(categories=("math.IT", "cs.CV", "eess.SY"))])}),
    Case("DP204", "trigger", {"a.md": badge_digest([Entry(arxiv_id="2505.00001")])}),
    Case("DP204", "quiet", {"a.md": badge_digest([Entry(arxiv_id="2412.00001")])}),
    Case("DP205", "trigger", {"a.md": sections_digest([Entry(link="https://example.org/paper.pdf")])}),
    Case("DP205", "quiet", {"a.md": sections_digest([OPAL])}),
    Case("DP301", "trigger", {"a.md": badge_digest([Entry(authors=("Linh K√§stner",))])}),
    Case(
        "DP301",
        "trigger",
        {"a.md": sections_digest([Entry(abstract="diminished â€œspikinessâ€\x9d and")])},
        "cp1252",
    ),
    Case(
        "DP301",
        "quiet",
        {"a.md": badge_digest([Entry(authors=("Ângelo Benetti", "Jülg"), abstract="error is O(√n) and √2")])},
    ),
    Case("DP302", "trigger", {"a.md": sections_digest([Entry(authors=("Sophie G\x7fötz",))])}),
    Case("DP302", "quiet", {"a.md": sections_digest([Entry(authors=("Sophie Götz",))])}),
    Case(
        "DP303",
        "trigger",
        {"a.md": sections_digest([Entry(abstract_zh="第一行\r\n\r\n第二行", title_zh="题目")])},
    ),
    Case("DP303", "quiet", {"a.md": sections_digest([OPAL]).replace("\n", "\r\n")}),
    Case(
        "DP304",
        "trigger",
        {"a.md": sections_digest([Entry(title_zh="主动推\ufffd Zhang", abstract_zh="摘要")])},
    ),
    Case("DP304", "quiet", {"a.md": sections_digest([Entry(title_zh="主动推理", abstract_zh="摘要")])}),
    Case(
        "DP401",
        "trigger",
        {
            "a.md": badge_digest([Entry(abstract=FIGURES_A)]),
            _sections_date("b.md"): sections_digest([Entry(abstract=FIGURES_B)]),
        },
    ),
    Case(
        "DP401",
        "trigger",
        {"a.md": badge_digest([Entry(abstract=FIGURES_A), Entry(abstract=FIGURES_B)])},
        "same-file",
    ),
    Case(
        "DP401",
        "quiet",
        {
            "a.md": badge_digest([Entry(abstract=FIGURES_A)]),
            "b.md": sections_digest([Entry(abstract=FIGURES_SAME.replace(" which", "\nwhich"))]),
            "c.md": badge_digest(
                [
                    Entry(
                        abstract="We train on 29M pairs using only220 A100-40G GPU"
                        " hours,which is $0.36$% of the tokens."
                    )
                ]
            ),
        },
    ),
    Case(
        "DP402",
        "trigger",
        {
            "a.md": badge_digest([Entry(abstract=FIGURES_A, link="http://arxiv.org/abs/2504.01089v1")]),
            "b.md": badge_digest([Entry(abstract=FIGURES_B, link="http://arxiv.org/abs/2504.01089v2")]),
        },
    ),
    Case(
        "DP402",
        "quiet",
        {
            "a.md": badge_digest([Entry(link="http://arxiv.org/abs/2504.01089v1")]),
            "b.md": badge_digest([Entry(link="http://arxiv.org/abs/2504.01089v2")]),
        },
    ),
    Case(
        "DP403",
        "trigger",
        {"a.md": badge_digest([OPAL]), "b.md": badge_digest([Entry(title="A Study of Other Things")])},
    ),
    Case(
        "DP403",
        "quiet",
        {
            "a.md": badge_digest([Entry(title="A $\\textbf{Study}$ of things")]),
            "b.md": sections_digest([OPAL]),
        },
    ),
    Case(
        "DP404",
        "trigger",
        {
            "a.md": badge_digest([Entry(authors=("A", "B", "C"))]),
            "b.md": badge_digest([Entry(authors=("A", "C"))]),
        },
    ),
    Case(
        "DP404",
        "quiet",
        {
            "a.md": badge_digest([Entry(authors=("Linh Kästner", "Ångel Ruiz"))]),
            "b.md": sections_digest([Entry(authors=("Linh Ka\u0308stner", "Angel Ruiz"))]),
        },
        "accents",
    ),
    Case(
        "DP404",
        "quiet",
        {
            "a.md": badge_digest([Entry(authors=tuple("ABCDEF"), truncated=True)]),
            "b.md": sections_digest([Entry(authors=tuple("ABCDEFGH"))]),
        },
    ),
    Case(
        "DP405",
        "trigger",
        {
            "a.md": badge_digest([Entry(categories=("cs.CV", "cs.AI"))]),
            "b.md": badge_digest([Entry(categories=("cs.CV",))]),
        },
    ),
    Case(
        "DP405",
        "quiet",
        {"a.md": badge_digest([Entry(categories=("cs.CV", "cs.AI"))]), "b.md": sections_digest([OPAL])},
    ),
    Case(
        "DP406",
        "trigger",
        {"a.md": badge_digest([OPAL]), "b.md": badge_digest([Entry(arxiv_id="2504.09999")])},
    ),
    Case(
        "DP406",
        "quiet",
        {
            "a.md": badge_digest([Entry(title="Introduction")]),
            "b.md": badge_digest([Entry(arxiv_id="2504.09999", title="Introduction")]),
        },
    ),
    Case("DP901", "trigger", {"a.md": badge_digest(TWO, between=["<!-- digestparse: ignore DP401 -->\n"])}),
    Case(
        "DP901",
        "quiet",
        {"a.md": badge_digest([OPAL, OPAL], between=["<!-- digestparse: ignore DP110 -->\n"])},
    ),
]


def _write(tmp_path: Path, files: dict[str, str | bytes]) -> list[Path]:
    written = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        written.append(path)
    return written


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_fixture(case: Case, tmp_path: Path) -> None:
    _write(tmp_path, case.files)
    select = ["ALL"] if case.code == "DP901" else [case.code]
    found = digestparse.check(tmp_path, select=select)
    codes = [d.code for d in found if d.code == case.code]
    if case.kind == "trigger":
        assert codes, f"{case.code} did not fire"
        if case.code != "DP901":
            assert {d.code for d in found} == {case.code}
    else:
        assert codes == [], [d.message for d in found]


def test_every_rule_has_a_trigger_and_a_quiet_fixture() -> None:
    for code in load_rules():
        kinds = {c.kind for c in CASES if c.code == code}
        assert kinds == {"trigger", "quiet"}, code


def test_default_selection_is_quiet_on_well_formed_digests(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "hot_topic/MLLM.md": badge_digest(TWO),
            "7-Apr-2025/topic/LLM_related_papers.md": sections_digest(
                [Entry(title_zh="一项研究", abstract_zh="我们研究事物。"), TWO[1]]
            ),
        },
    )
    found = digestparse.check(tmp_path)
    assert [d for d in found if d.severity.value != "info"] == []
