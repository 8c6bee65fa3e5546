"""Fold repeated findings of one rule in one file into one line of text output.

A generator that appended a file to itself yields the same finding fifty times (DP110 for each
repeated entry); fifty lines hide the one other finding that matters. Text output therefore
shows a rule's findings in a file as one line, at the first of them, with how many there are
and where the next few are. ``--no-group`` (or ``-v``) lists each; JSON, SARIF and GitHub
annotations always list each, since tools and pull-request views place them one by one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..lint.diagnostic import Diagnostic

GROUP_OVER = 5  # a rule's findings in one file are grouped when there are more than this
SHOWN_LINES = 5  # lines named in a group's note


def group_repeats(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` (sorted by place) with each rule's findings in a file, when there are
    more than :data:`GROUP_OVER`, replaced by the first one, its message noting the rest."""
    by_kind: dict[tuple[str, str], list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_kind.setdefault((diagnostic.path, diagnostic.code), []).append(diagnostic)
    grouped: list[Diagnostic] = []
    for diagnostic in diagnostics:
        members = by_kind[(diagnostic.path, diagnostic.code)]
        if len(members) <= GROUP_OVER:
            grouped.append(diagnostic)
        elif members[0] is diagnostic:
            grouped.append(_folded(members))
    return grouped


def _folded(members: list[Diagnostic]) -> Diagnostic:
    first, rest = members[0], members[1:]
    lines = ", ".join(str(d.line) for d in rest[:SHOWN_LINES])
    more = ", …" if len(rest) > SHOWN_LINES else ""
    note = (
        f" [{len(members)} {first.code} findings in this file; the others at line(s) {lines}{more}; "
        "--no-group lists each]"
    )
    return dataclasses.replace(first, message=first.message + note)
