"""The table of rules, keyed by stable code, and the decorators that fill it.

A rule is a check plus facts: code, kebab-case name, severity, whether it runs by default and
whether it has a safe fix. Its docstring is its documentation, with the same headings for
every rule (ruff's convention): ``## What it does``, ``## Why is this bad?``, ``## Example``,
``## Use instead``, ``## Fix safety``. ``digestparse rules CODE`` prints it and
``docs/rules/CODE.md`` is generated from it.

Each kind of rule has its own typed check, and its own decorator, so mypy checks every rule
against what the runner hands it:

* ``digest`` (:func:`digest_rule`): one digest at a time, ``(DigestContext) -> findings``;
* ``corpus`` (:func:`corpus_rule`): one telling of a paper against the earlier tellings of
  the same paper, ``(CorpusContext) -> findings``, over an index built while the files stream
  by;
* ``repository`` (:func:`repository_rule`): once per run over every checked file,
  ``(RepositoryContext) -> findings`` (date-named series, sidecar files);
* ``suppression`` (:func:`suppression_rule`): once per file after its suppression comments
  were applied, ``(SuppressionContext) -> findings``;
* ``file`` (:func:`declare`): a file that cannot be read as a digest; it has no check, its
  module holds the functions that decide it (``rules/refusal.py``).

The rule modules import this module, never :mod:`.registry` (which imports them), and the
contexts import neither: a context gets the severities it makes diagnostics with from the
runner.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar, Literal

from .context import DigestContext
from .corpus_context import CorpusContext
from .diagnostic import Diagnostic, Severity
from .repository import RepositoryContext
from .suppressions import SuppressionContext

RuleKind = Literal["digest", "corpus", "repository", "suppression", "file"]
DigestCheck = Callable[[DigestContext], Iterable[Diagnostic]]
CorpusCheck = Callable[[CorpusContext], Iterable[Diagnostic]]
RepositoryCheck = Callable[[RepositoryContext], Iterable[Diagnostic]]
SuppressionCheck = Callable[[SuppressionContext], Iterable[Diagnostic]]

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
    """A registered rule's facts. A plain ``Rule`` has no check: a ``file`` rule, raised when
    a file cannot be read as a digest. Each other kind is a subclass holding its typed check."""

    code: str
    name: str
    severity: Severity
    default: bool
    fixable: bool
    doc: str
    kind: ClassVar[RuleKind] = "file"

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name

    @property
    def family(self) -> str:
        """The family the code belongs to, e.g. ``cross-digest`` for ``DP401``."""
        return FAMILIES.get(self.code[:3], "other")


@dataclass(frozen=True, slots=True)
class DigestRule(Rule):
    """A rule that looks at one digest at a time."""

    check: DigestCheck
    kind: ClassVar[RuleKind] = "digest"


@dataclass(frozen=True, slots=True)
class CorpusRule(Rule):
    """A rule that compares a paper's new telling with the earlier tellings of that paper."""

    check: CorpusCheck
    kind: ClassVar[RuleKind] = "corpus"


@dataclass(frozen=True, slots=True)
class RepositoryRule(Rule):
    """A rule that runs once per run over every checked digest."""

    check: RepositoryCheck
    kind: ClassVar[RuleKind] = "repository"


@dataclass(frozen=True, slots=True)
class SuppressionRule(Rule):
    """A rule about a file's suppression comments, run after they were applied."""

    check: SuppressionCheck
    kind: ClassVar[RuleKind] = "suppression"


RULES: dict[str, Rule] = {}


def add(rule: Rule) -> None:
    """Put ``rule`` in the table; a code is registered once (a second rule with the same code
    is a programming error, not a replacement)."""
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} registered twice")
    RULES[rule.code] = rule


def _doc(check: Callable[..., object]) -> str:
    return inspect.cleandoc(check.__doc__ or "")


def digest_rule(
    code: str, name: str, severity: Severity, *, default: bool = True, fixable: bool = False
) -> Callable[[DigestCheck], DigestCheck]:
    """Register the decorated digest check under ``code``; its docstring is its documentation."""

    def register(check: DigestCheck) -> DigestCheck:
        add(DigestRule(code, name, severity, default, fixable, _doc(check), check))
        return check

    return register


def corpus_rule(
    code: str, name: str, severity: Severity, *, default: bool = True
) -> Callable[[CorpusCheck], CorpusCheck]:
    """Register the decorated corpus check under ``code``; its docstring is its documentation."""

    def register(check: CorpusCheck) -> CorpusCheck:
        add(CorpusRule(code, name, severity, default, False, _doc(check), check))
        return check

    return register


def repository_rule(
    code: str, name: str, severity: Severity, *, default: bool = True
) -> Callable[[RepositoryCheck], RepositoryCheck]:
    """Register the decorated repository check under ``code``."""

    def register(check: RepositoryCheck) -> RepositoryCheck:
        add(RepositoryRule(code, name, severity, default, False, _doc(check), check))
        return check

    return register


def suppression_rule(
    code: str, name: str, severity: Severity, *, default: bool = True
) -> Callable[[SuppressionCheck], SuppressionCheck]:
    """Register the decorated suppression check under ``code``."""

    def register(check: SuppressionCheck) -> SuppressionCheck:
        add(SuppressionRule(code, name, severity, default, False, _doc(check), check))
        return check

    return register


def declare(code: str, name: str, severity: Severity, doc: str, *, default: bool = True) -> None:
    """Register a ``file`` rule: one without a check, raised when a file is refused."""
    add(Rule(code, name, severity, default, False, inspect.cleandoc(doc)))
