"""The one table of rules, keyed by stable code.

A rule is a function plus facts: code, kebab-case name, severity, whether it runs by default
and whether it has a safe fix. Its docstring is its documentation, with the same headings for
every rule (ruff's convention): ``## What it does``, ``## Why is this bad?``, ``## Example``,
``## Use instead``, ``## Fix safety``. ``digestparse rules CODE`` prints it and
``docs/rules/CODE.md`` is generated from it.

Kinds: ``digest`` rules look at one digest at a time; ``corpus`` rules compare a paper with
what earlier files said about it, over an index built while the files stream by; ``file``
rules are raised by the runner itself (a file that cannot be read as a digest); ``repository``
rules run once per run over every checked file (``lint/repository.py``: date-named series,
sidecar files).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .diagnostic import Severity

RuleKind = Literal["digest", "corpus", "file", "repository"]
CheckFunction = Callable[..., Any]

FAMILIES = {
    "DP1": "structure",
    "DP2": "identifiers and categories",
    "DP3": "text",
    "DP4": "cross-digest",
    "DP5": "AI-written fields",
    "DP6": "repository",
    "DP9": "suppression comments",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its facts and its check."""

    code: str
    name: str
    severity: Severity
    kind: RuleKind
    default: bool
    fixable: bool
    doc: str
    check: CheckFunction | None

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name

    @property
    def family(self) -> str:
        """The family the code belongs to, e.g. ``cross-digest`` for ``DP401``."""
        return FAMILIES.get(self.code[:3], "other")


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    kind: RuleKind = "digest",
    default: bool = True,
    fixable: bool = False,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated check under ``code``; its docstring is the rule's documentation."""

    def register(check: CheckFunction) -> CheckFunction:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        doc = inspect.cleandoc(check.__doc__ or "")
        RULES[code] = Rule(code, name, severity, kind, default, fixable, doc, check)
        return check

    return register


def declare(
    code: str,
    name: str,
    severity: Severity,
    doc: str,
    *,
    kind: RuleKind = "file",
    default: bool = True,
) -> None:
    """Register a rule that has no check function of its own (raised by the runner)."""
    RULES[code] = Rule(code, name, severity, kind, default, False, inspect.cleandoc(doc), None)


def matches(code: str, patterns: Iterable[str]) -> bool:
    """True when ``code`` starts with one of ``patterns`` (``ALL`` matches every code)."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def resolve_selection(
    select: Sequence[str] | None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
) -> frozenset[str]:
    """The codes that run: ``select`` (default: the default rules) plus ``extend_select``,
    minus ``ignore``. Patterns are code prefixes, as in ruff: ``DP4`` means every ``DP4xx``."""
    load_rules()
    if select is None:
        chosen = {code for code, r in RULES.items() if r.default}
    else:
        chosen = {code for code in RULES if matches(code, select)}
    chosen |= {code for code in RULES if matches(code, extend_select)}
    return frozenset(code for code in chosen if not matches(code, ignore))


def unknown_patterns(patterns: Iterable[str]) -> list[str]:
    """Patterns that match no rule code (reported as usage errors)."""
    load_rules()
    return [p for p in patterns if p != "ALL" and not any(code.startswith(p) for code in RULES)]


def load_rules() -> dict[str, Rule]:
    """Import the rule modules (which register themselves) and return the table."""
    from .rules import accounting, corpus, counts, identifiers, repository, structure, suppression, text  # noqa: F401
    from .rules import ai_fields as _ai_fields  # noqa: F401
    from .rules import ai_figures as _ai_figures  # noqa: F401

    return RULES


def as_dict(rule_: Rule) -> dict[str, Any]:
    """JSON-ready facts of a rule (for ``digestparse rules --json``)."""
    return {
        "code": rule_.code,
        "name": rule_.name,
        "severity": rule_.severity.value,
        "kind": rule_.kind,
        "default": rule_.default,
        "fixable": rule_.fixable,
        "summary": rule_.summary,
        "family": rule_.family,
    }
