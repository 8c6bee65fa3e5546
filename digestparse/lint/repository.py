"""What the repository rules (DP6xx) see: the checked files as typed records, and their series.

Stage 1 reduces each digest to a :class:`CheckedFile` (path, date, format, papers' identifiers
and titles, content hash); the repository rules run once per run, in the parent, over the list.
A *series* is the files whose paths differ only by a date: ``data/2025-11-20.md`` and
``data/2025-11-21.md``, ``18-Dec-2024/ir_papers.md`` and ``19-Dec-2024/ir_papers.md``,
``archive/2026-04-27/X.md`` and ``archive/2026-04-28/X.md``. The date is the last one in the path
(a snapshot folder such as ``2025-11-20_dc25d3d/`` above it names another series).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from .diagnostic import Diagnostic, Severity

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(
    r"(?<![0-9])(?:(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"|(?P<d2>\d{1,2})-(?P<mon>" + "|".join(_MONTHS) + r")-(?P<y2>\d{4}))(?![0-9])"
)


class CheckedPaper(NamedTuple):
    """One entry of a checked digest, as the repository rules compare it (a tuple of plain
    values: worker processes send one per paper to the parent, and a named tuple unpickles
    several times faster than a dataclass)."""

    arxiv_id: str | None
    title: str
    section: str | None
    line: int


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """One digest of the run, reduced to what the repository rules need (picklable)."""

    path: str
    date: datetime.date | None  # the digest's own date (its header), when it has one
    format: str | None
    papers: tuple[CheckedPaper, ...]
    content_hash: str | None  # SHA-256 of the bytes read (None: an in-memory digest)

    @property
    def ids(self) -> tuple[str, ...]:
        """The papers' identifiers in file order (entries without one left out)."""
        return tuple(p.arxiv_id for p in self.papers if p.arxiv_id is not None)


@dataclass(frozen=True, slots=True)
class SeriesMember:
    """A file of a date-named series, with the date its path names."""

    day: datetime.date
    file: CheckedFile


class RepositorySettings(Protocol):
    """The settings the repository rules read; a :class:`~.config.Config` has them (named by
    this protocol so that this module, which the rule table imports, does not import the
    configuration, which validates codes against the table)."""

    skip_weekdays: tuple[str, ...]
    series_min_run: int
    max_file_size: int


@dataclass(frozen=True, slots=True)
class RepositoryContext:
    """What a repository rule sees: every checked digest, and the settings (``severities``:
    each rule code's severity, from the runner)."""

    files: Sequence[CheckedFile]
    config: RepositorySettings
    severities: Mapping[str, Severity]

    def series(self) -> list[list[SeriesMember]]:
        """The date-named series of two files or more, each sorted by date."""
        groups: dict[str, list[SeriesMember]] = {}
        for file in self.files:
            found = path_date(file.path)
            if found is not None:
                template, day = found
                groups.setdefault(template, []).append(SeriesMember(day, file))
        return [sorted(g, key=lambda m: m.day) for _, g in sorted(groups.items()) if len(g) > 1]

    def expected(self, day: datetime.date) -> bool:
        """Whether the generator runs on ``day`` (``skip-weekdays`` names the days it does not)."""
        return _WEEKDAYS[day.weekday()] not in self.config.skip_weekdays

    def diagnostic(
        self, code: str, message: str, path: str, line: int = 1, related: tuple[tuple[str, int], ...] = ()
    ) -> Diagnostic:
        """A diagnostic of rule ``code`` with the rule's severity."""
        return Diagnostic(code, self.severities[code], message, path, line, 1, related=related)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def path_date(path: str) -> tuple[str, datetime.date] | None:
    """(the path with its last date replaced by ``{date}``, that date), or ``None``."""
    normal = path.replace(os.sep, "/")
    last = None
    for match in _DATE.finditer(normal):
        last = match
    if last is None:
        return None
    try:
        if last["y"] is not None:
            day = datetime.date(int(last["y"]), int(last["m"]), int(last["d"]))
        else:
            day = datetime.date(int(last["y2"]), _MONTHS.index(last["mon"]) + 1, int(last["d2"]))
    except ValueError:  # 2025-13-45 is not a date
        return None
    return normal[: last.start()] + "{date}" + normal[last.end() :], day
