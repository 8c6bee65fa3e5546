"""What a rule reports: frozen values that rules return and formatters render.

Positions are 1-based lines and 1-based columns (counted in characters), as editors and
GitHub annotations show them; ``end_col`` is exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How much a finding matters. ``info`` never changes the exit code."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe (for sorting and thresholds)."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from (line, col) up to (end_line, end_col), exclusive, with ``content``."""

    line: int
    col: int
    end_line: int
    end_col: int
    content: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "content": self.content,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a finding. Only ``safe`` fixes are applied by ``--fix``."""

    message: str
    edits: tuple[Edit, ...]
    safe: bool = True

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "message": self.message,
            "applicability": "safe" if self.safe else "unsafe",
            "edits": [e.as_dict() for e in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule at one place."""

    code: str
    severity: Severity
    message: str
    path: str
    line: int
    col: int = 1
    end_line: int | None = None
    end_col: int | None = None
    fix: Fix | None = None
    related: tuple[tuple[str, int], ...] = field(default=())  # other places: (path, line)
    arxiv_id: str | None = None  # the paper a cross-digest finding is about

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Files in path order, then by position, then by code: a stable output order."""
        return (self.path, self.line, self.col, self.code, self.message)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form with every field (``fix`` is ``None`` when there is none)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_col": self.end_col if self.end_col is not None else self.col,
            "fix": self.fix.as_dict() if self.fix else None,
            "related": [{"path": p, "line": n} for p, n in self.related],
            "arxiv_id": self.arxiv_id,
        }
