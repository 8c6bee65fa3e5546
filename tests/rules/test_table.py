"""The rule table: a code is registered once, and each kind of rule has its own typed check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from digestparse.lint.context import DigestContext
from digestparse.lint.corpus_context import CorpusContext
from digestparse.lint.diagnostic import Diagnostic, Severity
from digestparse.lint.registry import load_rules
from digestparse.lint.table import RULES, CorpusRule, DigestRule, Rule, corpus_rule, declare, digest_rule

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
