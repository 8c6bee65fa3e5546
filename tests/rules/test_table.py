"""The rule table: a code is registered once, and each kind of rule has its own typed check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import digestparse
from digestparse.lint.context import DigestContext
from digestparse.lint.corpus_context import CorpusContext
from digestparse.lint.diagnostic import Diagnostic, Severity
from digestparse.lint.registry import load_rules
from digestparse.lint.table import RULES, CorpusRule, DigestRule, Rule, corpus_rule, declare, digest_rule
from tests.builders import Entry, badge_digest

DOC = """A rule used by this test only.

## What it does
Nothing.
"""


@pytest.fixture
def table() -> Iterator[dict[str, Rule]]:
    """The real table, restored after the test whatever it registered."""
    load_rules()
    saved = dict(RULES)
    yield RULES
    RULES.clear()
    RULES.update(saved)


def test_declare_refuses_a_code_declared_twice(table: dict[str, Rule]) -> None:
    declare("DP998", "test-only", Severity.WARNING, DOC)
    with pytest.raises(ValueError, match="DP998 registered twice"):
        declare("DP998", "test-only-again", Severity.ERROR, DOC)
    assert table["DP998"].name == "test-only"


def test_declare_refuses_the_code_of_a_rule_with_a_check(table: dict[str, Rule]) -> None:
    with pytest.raises(ValueError, match="DP401 registered twice"):
        declare("DP401", "differing-figures-again", Severity.ERROR, DOC)
    assert isinstance(table["DP401"], CorpusRule)


def test_a_decorator_refuses_a_code_already_registered(table: dict[str, Rule]) -> None:
    def again(ctx: DigestContext) -> Iterator[Diagnostic]:
        """Again."""
        yield from ()

    with pytest.raises(ValueError, match="DP101 registered twice"):
        digest_rule("DP101", "again", Severity.ERROR)(again)

    def corpus_again(ctx: CorpusContext) -> Iterator[Diagnostic]:
        """Again."""
        yield from ()

    with pytest.raises(ValueError, match="DP406 registered twice"):
        corpus_rule("DP406", "again", Severity.ERROR)(corpus_again)


def test_each_rule_declares_its_kind_by_its_class() -> None:
    rules = load_rules()
    assert {code for code, r in rules.items() if isinstance(r, CorpusRule)} == {
        "DP401",
        "DP402",
        "DP403",
        "DP404",
        "DP405",
        "DP406",
    }
    assert all(r.kind == "digest" for r in rules.values() if isinstance(r, DigestRule))
    assert rules["DP100"].kind == "file" and type(rules["DP100"]) is Rule


def test_a_new_corpus_rule_needs_no_runner_edit(table: dict[str, Rule], tmp_path: Path) -> None:
    """A corpus rule registered in the table (here by a test) is handed every telling by the
    runner as it is: its findings come back from ``check``, suppressions apply to them, and
    the rules already there are not disturbed."""

    @corpus_rule("DP499", "told-with-other-authors", Severity.WARNING)
    def told_with_other_authors(ctx: CorpusContext) -> Iterator[Diagnostic]:
        """A paper told again with other authors (a test rule)."""
        if not ctx.new:
            return
        for old in ctx.earlier:
            if old.authors != ctx.telling.authors:
                message = f"{ctx.arxiv_id}: {len(ctx.telling.authors)} author(s), {len(old.authors)} before"
                yield ctx.diagnostic("DP499", message, ctx.telling.line, ((old.path, old.line),))

    first = tmp_path / "hot_topic" / "2025-04-01.md"
    second = tmp_path / "hot_topic" / "2025-04-02.md"
    first.parent.mkdir()
    first.write_text(badge_digest([Entry()]), encoding="utf-8")
    second.write_text(badge_digest([Entry(authors=("Ada Lovelace",))]), encoding="utf-8")
    found = digestparse.check(tmp_path, select=["DP499", "DP404"])
    assert [(d.code, Path(d.path).name, d.line, d.message, d.related) for d in found] == [
        ("DP404", "2025-04-02.md", 16, found[0].message, ((str(first), 16),)),
        ("DP499", "2025-04-02.md", 16, "2504.01089: 1 author(s), 2 before", ((str(first), 16),)),
    ]
    text = second.read_text(encoding="utf-8").replace("- **[", "<!-- digestparse: ignore DP499 -->\n- **[", 1)
    second.write_text(text, encoding="utf-8")
    assert [d.code for d in digestparse.check(tmp_path, select=["DP499", "DP901"])] == []
    in_memory = [digestparse.load(first), digestparse.load(second)]
    assert [d.code for d in digestparse.check(in_memory, select=["DP499"])] == []  # suppressed there too


def test_the_context_s_ai_field_names_are_the_ai_rules_fields() -> None:
    """``DigestContext.ai_papers`` picks the papers the AI rules walk by these names: a field
    added to the rules but not here would go unchecked."""
    from digestparse.lint.context import AI_FIELD_NAMES
    from digestparse.lint.rules.ai_fields import AI_FIELDS

    assert set(AI_FIELD_NAMES) == {name for name, _ in AI_FIELDS}
