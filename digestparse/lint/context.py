"""What a digest rule sees: the digest, its lines, and helpers to place and make diagnostics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from ..formats.layout import EntrySource, HeaderField, Layout, Piece
from ..models import Digest, Paper
from ..normalize.mojibake import repair_mojibake
from .diagnostic import Diagnostic, Fix, Severity

AI_FIELD_NAMES = ("tldr", "motivation", "method", "result", "conclusion", "title_zh", "abstract_zh")
"""The ``Paper`` fields an AI wrote (summaries and translations): what the AI rules judge."""


@dataclass
class DigestContext:
    """One digest under check. ``lines`` are its normalised text split on ``\\n``.

    ``severities``: each rule code's severity, what :meth:`diagnostic` makes findings with
    (the runner's, from the rule table: this module does not import the table, whose digest
    rules take this context)."""

    digest: Digest
    path: str
    layout: Layout
    severities: Mapping[str, Severity]

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines as the readers saw them (LF line ends, no BOM)."""
        return self.text.split("\n")

    @cached_property
    def text(self) -> str:
        """The file's text as the readers saw it; rules search it once before walking lines."""
        return self.layout.original_text()

    @cached_property
    def ai_papers(self) -> list[Paper]:
        """The papers holding at least one AI-written field (:data:`AI_FIELD_NAMES`), in order.

        The AI rules walk these only: most digests hold none, and asking every paper of every
        digest for seven fields in each of the rules was the largest cost of ``--select ALL``.
        """
        return [p for p in self.digest.papers if any(p.__dict__[n] is not None for n in AI_FIELD_NAMES)]

    @cached_property
    def repaired_lines(self) -> dict[int, str]:
        """1-based line -> its mojibake-repaired text, for the lines repair changes.

        Computed once per file for the text rules (DP301 reports these lines, DP302 leaves
        them to DP301).
        """
        repaired: dict[int, str] = {}
        if self.text.isascii():
            return repaired
        for number, line in enumerate(self.lines, start=1):
            if not line.isascii():
                fixed = repair_mojibake(line)
                if fixed != line:
                    repaired[number] = fixed
        return repaired

    def source_of(self, paper: Paper) -> EntrySource | None:
        """Where a paper was read from."""
        return self.layout.source_of(paper)

    def span(self, paper: Paper, name: str) -> tuple[int, int]:
        """(line, col) of a paper's field, or of the entry's start when unknown."""
        source = self.source_of(paper)
        if source is not None and name in source.spans:
            return source.spans[name]
        return (paper.line or 1, 1)

    def header_line(self, name: str) -> tuple[int, HeaderField] | None:
        """The 1-based line and piece of a header field such as ``badge_count``."""
        for line, piece in self.pieces_with_lines():
            if isinstance(piece, HeaderField) and piece.name == name:
                return line, piece
        return None

    def pieces_with_lines(self) -> list[tuple[int, Piece]]:
        """Every layout piece with the 1-based line it starts on (computed once per file)."""
        return self._pieces_with_lines

    @cached_property
    def _pieces_with_lines(self) -> list[tuple[int, Piece]]:
        placed: list[tuple[int, Piece]] = []
        line = 1
        for piece in self.layout.pieces:
            placed.append((line, piece))
            if isinstance(piece, str):
                line += piece.count("\n")
            elif isinstance(piece, HeaderField):
                line += 1
            else:  # an entry: its lines are known from its span
                line += piece.end_line - piece.line + 1
        return placed

    def trivia_lines(self, after_first_entry: bool = False) -> Iterator[tuple[int, str]]:
        """(line, text) of every line that belongs to no entry and no header field."""
        seen_entry = False
        for line, piece in self.pieces_with_lines():
            if isinstance(piece, EntrySource):
                seen_entry = True
                continue
            if not isinstance(piece, str) or (after_first_entry and not seen_entry):
                continue
            parts = piece.split("\n")
            if piece.endswith("\n"):
                parts.pop()
            for offset, text in enumerate(parts):
                yield line + offset, text

    def diagnostic(
        self,
        code: str,
        message: str,
        line: int,
        col: int = 1,
        *,
        end_line: int | None = None,
        end_col: int | None = None,
        fix: Fix | None = None,
        related: tuple[tuple[str, int], ...] = (),
    ) -> Diagnostic:
        """A diagnostic of rule ``code`` in this file, with the rule's severity."""
        return Diagnostic(
            code, self.severities[code], message, self.path, line, col, end_line, end_col, fix, related
        )
