"""Stage 0 (the pre-scan) finds every paper told twice, whatever link its entries carry.

Only papers the pre-scan finds told more than once get the full fingerprint the cross-digest
rules compare; a paper it misses is compared by its title only. ``check(path)`` must therefore
report what ``check(digest)`` reports (which counts the papers read) for the same text: entries
whose link is not an arXiv link still name their paper, by a backticked ``arXiv:ID``
(badge-list) or by the link's text (paper-table).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import digestparse
from digestparse.lint.prescan import repeated_in, scan_ids
from tests.builders import Entry, badge_digest

FIGURES_A = "We train on 29M pairs using only 220 A100-40G GPU hours, which is 0.36% of the tokens."
FIGURES_B = "We train on 29M pairs using only 442 A100-40G GPU hours, which is 0.36% of the tokens."
HF = "https://huggingface.co/papers/2504.01089"
TABLE = "## Topic\n\n|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n"
ROW = "|**2026-01-02**|**A Study of Things in Tables**|{author} et.al.|[2601.00010]({url})|null|\n"

CASES = {
    # one badge-list file telling a paper twice, both entries linking Hugging Face's page
    "badge-list-same-file": (
        ["DP401"],
        {"a.md": badge_digest([Entry(link=HF, abstract=FIGURES_A), Entry(link=HF, abstract=FIGURES_B)])},
    ),
    # two paper-table files whose rows link a PDF mirror: the ID is the link's text
    "paper-table-two-files": (
        ["DP404"],
        {
            "a.md": TABLE + ROW.format(author="Ada Lovelace", url="https://mirror.example/2601.00010.pdf"),
            "b.md": TABLE + ROW.format(author="Alan Turing", url="https://mirror.example/2601.00010.pdf"),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_of_paths_reports_what_check_of_digests_reports(name: str, tmp_path: Path) -> None:
    select, files = CASES[name]
    paths = []
    for file_name, text in files.items():
        path = tmp_path / file_name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    digests = [digestparse.load(path) for path in paths]
    from_digests = digestparse.check(digests, select=select)
    assert [d.code for d in from_digests] == select  # the paper is told twice, differently
    assert digestparse.check(paths, select=select) == from_digests


def test_an_entry_naming_its_paper_twice_is_one_telling() -> None:
    """A badge-list entry names its paper by link and by backticked ID, a paper-table row by
    link text and link: neither is a paper told twice."""
    badge = scan_ids(badge_digest([Entry()]).encode())
    row = scan_ids((TABLE + ROW.format(author="A", url="http://arxiv.org/abs/2601.00010")).encode())
    assert (badge.names, badge.repeated) == (frozenset({"2504.01089"}), frozenset())
    assert (row.names, row.repeated) == (frozenset({"2601.00010"}), frozenset())
    assert repeated_in([badge, row]) == frozenset()
    assert repeated_in([badge, badge]) == frozenset({"2504.01089"})


def test_the_paper_index_finds_the_papers_the_pre_scan_finds(tmp_path: Path) -> None:
    from digestparse.index.dataset import named_ids

    (tmp_path / "a.md").write_text(
        TABLE + ROW.format(author="A", url="https://mirror.example/x.pdf"), "utf-8"
    )
    (tmp_path / "b.md").write_text(badge_digest([Entry(link=HF)]), "utf-8")
    assert named_ids([tmp_path]) == {"2601.00010", "2504.01089"}


# Where the identifier's pattern may still be written: the grammar table, the parser, and the
# format packages' own row grammars (each captures more than the identifier, and is the
# readers' to change).
_OWN_PATTERN = {
    "_lines.py": "the grammar table every scan builds on",
    "arxiv.py": "the parser: year, month, number and version as groups",
    "formats/accounting.py": "DP111's mention (case-sensitive, new-style only): a reader's judgement",
    "formats/paper_table/grammar.py": "the row's fast path: the ID with its version, then its link",
    "formats/paper_table/sniff.py": "the table sniff's link cell",
}


def test_the_identifier_pattern_is_written_in_the_grammar_table_only() -> None:
    package = Path(digestparse.__file__).parent
    writing = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if r"\d{4}\.\d{4,5}" in path.read_text(encoding="utf-8")
    }
    assert writing <= set(_OWN_PATTERN), sorted(writing - set(_OWN_PATTERN))
