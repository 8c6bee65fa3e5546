"""Collect a reader's output into a :class:`Layout` while keeping every line exactly once."""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from .._lines import raw_lines
from .._source import Source
from ..models import Paper, ParseProblem
from .layout import EntryFacts, EntrySource, HeaderField, Layout, Piece, Span, paper_snapshot


class LayoutBuilder:
    """Readers hand over line ranges in order; the builder turns them into pieces.

    Every line of the source must be handed over exactly once, as trivia, a header field or an
    entry: that is what guarantees the byte-exact round trip, and :meth:`finish` checks it.
    """

    def __init__(self, source: Source, separator: str) -> None:
        self.source = source
        self.lines = source.lines
        self.separator = separator
        self.pieces: list[Piece] = []
        self.papers: list[Paper] = []
        self.problems: list[ParseProblem] = []
        self.header_names: set[str] = set()
        self._trivia_start: int | None = None
        self._next = 0  # first line index not yet handed over
        self._line_ends: list[int] | None = None  # characters before each line's end, cumulated

    def trivia(self, start: int, end: int) -> None:
        """Lines ``[start, end)`` are kept as they are, belonging to no entry."""
        self._advance(start, end)
        if self._trivia_start is None:
            self._trivia_start = start

    def header_field(self, name: str, index: int, value: Any) -> None:
        """Line ``index`` holds the digest field ``name`` with the parsed ``value``."""
        self._flush_trivia()
        self._advance(index, index + 1)
        self.header_names.add(name)
        self.pieces.append(HeaderField(name, raw_lines(self.lines, index, index + 1), value))

    def entry(
        self,
        paper: Paper,
        start: int,
        end: int,
        facts: EntryFacts,
        spans: dict[str, Span],
    ) -> None:
        """Lines ``[start, end)`` are the entry ``paper`` was parsed from."""
        self._flush_trivia()
        self._advance(start, end)
        offsets = (self._offset(start), self._offset(end))
        text = self.source.text
        source = EntrySource(
            text, start + 1, end, paper_snapshot(paper), facts, spans, paper, offsets=offsets
        )
        self.pieces.append(source)
        self.papers.append(paper)

    def problem(self, code: str, message: str, index: int, col: int = 1, end: int | None = None) -> None:
        """Record something the reader could not read as the format says.

        ``index`` is the 0-based line; ``end`` the 0-based exclusive end of the lines concerned.
        """
        self.problems.append(
            ParseProblem(
                code=code,
                message=message,
                line=index + 1,
                col=col,
                end_line=end if end is not None else index + 1,
            )
        )

    def finish(self) -> Layout:
        """Hand over what is left as trivia and return the layout."""
        if self._next < len(self.lines):
            self.trivia(self._next, len(self.lines))
        self._flush_trivia()
        ends = self.source.text.endswith("\n") or not self.source.text
        return Layout(
            self.pieces,
            self.separator,
            ends_with_newline=ends,
            bom=self.source.bom,
            newline=self.source.newline,
        )

    def _offset(self, index: int) -> int:
        """Where line ``index`` starts in the text (past its end for ``len(lines)``): slicing
        the text between two such offsets gives what :func:`raw_lines` joins."""
        ends = self._line_ends
        if ends is None:
            ends = self._line_ends = list(accumulate(map(len, self.lines), initial=0))
        return ends[index] + index

    def _advance(self, start: int, end: int) -> None:
        if start != self._next or end < start:
            raise AssertionError(f"reader skipped or repeated lines: {self._next} -> [{start}, {end})")
        self._next = end

    def _flush_trivia(self) -> None:
        if self._trivia_start is not None:
            self.pieces.append(raw_lines(self.lines, self._trivia_start, self._next))
            self._trivia_start = None
