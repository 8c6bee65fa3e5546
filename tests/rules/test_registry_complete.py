"""The rule table is complete: every rule is well named, documented and has its three fixtures.

For each registered rule: a code of the pattern ``DPnnn`` in a known family, registered by
exactly one call in the rule modules; a unique kebab-case name; a page in ``docs/rules/`` with
the five headings, and no page for a code that is not a rule; a fixture that triggers it and
one that must stay quiet (tests/rules/test_rules.py) and a fixture of its exact output
(``corpus/generated/expected.txt`` or tests/rules/test_exact_output.py).
"""

from __future__ import annotations

import ast
import re

from digestparse.lint.registry import load_rules
from digestparse.lint.table import FAMILIES
from tests.conftest import ROOT
from tests.rules.test_exact_output import EXACT
from tests.rules.test_rules import CASES

CODE = re.compile(r"DP[1-9][0-9]{2}")
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety")
DOCS = ROOT / "docs" / "rules"
RULE_MODULES = ROOT / "digestparse" / "lint" / "rules"
REGISTERING = {"digest_rule", "corpus_rule", "repository_rule", "suppression_rule", "declare"}

# Rules that cannot have one of the three fixtures, each with the reason. None today: add a
# rule here only with a reason no fixture can be written.
NO_FIXTURE: dict[str, dict[str, str]] = {}


def test_codes_follow_the_pattern_and_belong_to_a_family() -> None:
    rules = load_rules()
    assert [code for code in rules if not CODE.fullmatch(code)] == []
    assert [code for code, rule in rules.items() if rule.code != code] == []
    assert [code for code in rules if code[:3] not in FAMILIES] == []


def test_names_are_unique_kebab_case() -> None:
    names = [rule.name for rule in load_rules().values()]
    assert [n for n in names if not NAME.fullmatch(n)] == []
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_each_code_is_registered_by_one_call_in_the_rule_modules() -> None:
    """The table refuses a second registration at import; this finds it in the source, and
    finds a rule registered outside lint/rules/."""
    calls: list[str] = []
    for path in sorted(RULE_MODULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in REGISTERING:
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{path.name}: a code that is not a literal"
                calls.append(str(first.value))
    assert sorted(c for c in set(calls) if calls.count(c) > 1) == []
    assert sorted(calls) == sorted(load_rules())


def test_each_rule_page_has_the_five_headings_in_order() -> None:
    for code in load_rules():
        page = (DOCS / f"{code}.md").read_text(encoding="utf-8").splitlines()
        found = [line for line in page if line in HEADINGS]
        assert found == list(HEADINGS), code


def test_one_page_per_rule_and_no_orphan_page() -> None:
    rules = load_rules()
    pages = {path.stem for path in DOCS.glob("*.md")} - {"index"}
    assert sorted(pages - set(rules)) == []  # no page of a code that is no rule
    assert sorted(set(rules) - pages) == []
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert [code for code in rules if f"[{code}]({code}.md)" not in index] == []


def _exact_output_codes() -> set[str]:
    expected = (ROOT / "corpus" / "generated" / "expected.txt").read_text(encoding="utf-8")
    planted = {line.split(": ", 1)[1].split(" ", 1)[0] for line in expected.splitlines()}
    return planted | {case.code for case in EXACT}


def test_every_rule_has_a_trigger_a_quiet_and_an_exact_output_fixture() -> None:
    fixtures = {
        "trigger": {c.code for c in CASES if c.kind == "trigger"},
        "quiet": {c.code for c in CASES if c.kind == "quiet"},
        "exact-output": _exact_output_codes(),
    }
    missing = {
        code: [
            kind
            for kind, codes in fixtures.items()
            if code not in codes and kind not in NO_FIXTURE.get(code, {})
        ]
        for code in load_rules()
    }
    assert {code: kinds for code, kinds in missing.items() if kinds} == {}
    assert set(NO_FIXTURE) <= set(load_rules())
