"""Which rules there are and which of them run.

The rules live in the table of :mod:`.table`, which each rule module fills when it is imported
(the decorators there, one per kind of rule). This module imports the rule modules, so the
table is complete, and answers the questions about it: the rules selected by ``select`` and
``ignore`` patterns, the patterns that match no rule, each rule's facts as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .diagnostic import Severity
from .table import RULES, Rule


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
    """Import the rule modules (which register themselves in the table) and return the table."""
    from .rules import (  # noqa: F401
        accounting,
        corpus,
        counts,
        identifiers,
        refusal,
        repository,
        structure,
        suppression,
        text,
    )
    from .rules import ai_fields as _ai_fields  # noqa: F401
    from .rules import ai_figures as _ai_figures  # noqa: F401

    return RULES


def severities() -> dict[str, Severity]:
    """Each rule code's severity: what the contexts make findings with."""
    return {code: r.severity for code, r in load_rules().items()}


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
