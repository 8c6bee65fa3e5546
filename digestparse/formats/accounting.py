"""Every arXiv link of a file that was read ends up in a paper or in a reported problem.

A reader reads the entries it recognises; a line that mentions an arXiv paper outside every
entry it made and every problem it recorded would otherwise vanish from the data without a
word (a paper in a shape the generator wrote once, a hand-edited line). This pass runs after
every reader, built-in or plug-in, and records each such line as a DP111 problem. It is linear:
one scan for mentions, one walk over the entry and problem spans in line order.
"""

from __future__ import annotations

import re

from .._source import Source
from ..models import Digest, ParseProblem

# Case-sensitive literals first: the common spellings are found without IGNORECASE's cost.
_MENTION = re.compile(r"arxiv\.org/(?:abs|pdf)/|arXiv\.org/(?:abs|pdf)/|arXiv:\s?\d{4}\.\d{4,5}")
_SNIPPET = 60


def unaccounted_mentions(source: Source, digest: Digest) -> list[ParseProblem]:
    """DP111 problems for lines with an arXiv link outside every paper and problem span."""
    text = source.text
    if "arxiv.org/" not in text and "arXiv" not in text:
        return []
    covered = sorted(
        [(p.line, max(p.end_line, p.line)) for p in digest.papers if p.line]
        + [(p.line, p.end_line or p.line) for p in digest.problems]
    )
    problems: list[ParseProblem] = []
    span_index = 0
    line = 1
    position = 0
    last_reported = 0
    for match in _MENTION.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if line == last_reported:
            continue
        while span_index < len(covered) and covered[span_index][1] < line:
            span_index += 1
        if span_index < len(covered) and covered[span_index][0] <= line:
            continue
        last_reported = line
        line_start = text.rfind("\n", 0, match.start()) + 1
        col = match.start() - line_start + 1
        snippet = source.line_text(line).strip()
        if len(snippet) > _SNIPPET:
            snippet = snippet[: _SNIPPET - 1] + "…"
        problems.append(
            ParseProblem(
                code="DP111",
                message=f"arXiv link outside any entry, not read as a paper: {snippet!r}",
                line=line,
                col=col,
                end_line=line,
            )
        )
    return problems
