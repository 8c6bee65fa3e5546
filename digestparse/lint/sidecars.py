"""The generators' data files next to their digests (sidecars), read as rows to compare (DP603).

* paper-table (cv-arxiv-daily): a JSON object topic -> arXiv ID -> the Markdown row;
  ``docs/<name>.json`` for ``README.md``, ``docs/<name>-web.json`` for ``docs/index.md``,
  ``<stem>.json`` beside an archive page such as ``docs/archive/2021-05.md``.
* ai-summary (daily-arXiv-ai-enhanced): ``data/<date>.jsonl`` (the crawl) and
  ``data/<date>_AI_enhanced_<Language>.jsonl``, one JSON object per line with ``id`` and
  ``title``.
* sections (Awesome-arXiv-Daily-Reporter): ``<stem>.jsonl`` beside the digest (``papers.jsonl``
  beside a subject's ``README.md``), whose lines are Python dict literals (single quotes), read
  with :func:`ast.literal_eval`, which evaluates literals only, never code.

A sidecar that cannot be read is a finding, not a crash: :class:`SidecarError` names its line.
"""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import _files
from ..errors import DigestParseError


@dataclass(frozen=True, slots=True)
class SidecarRow:
    """One paper as a sidecar lists it."""

    arxiv_id: str
    title: str
    section: str | None  # the topic (paper-table), when the sidecar groups by one
    line: int  # the sidecar's line (1 for a JSON document)


class SidecarError(Exception):
    """A sidecar that is not what its generator writes: ``line`` is where it went wrong."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def sidecars_of(path: str, format_name: str | None) -> list[Path]:
    """The sidecar files of the digest at ``path`` that exist, by its format's conventions."""
    digest = Path(path)
    folder, stem, name = digest.parent, digest.stem, digest.name
    found: list[Path] = []
    if format_name == "paper-table":
        beside = folder / f"{stem}.json"
        if beside.is_file():
            found.append(beside)
        elif name.lower() == "readme.md":
            found += _only(p for p in (folder / "docs").glob("*.json") if not p.name.endswith("-web.json"))
        elif name == "index.md" and folder.name == "docs":
            found += _only(folder.glob("*-web.json"))
    elif format_name == "ai-summary":
        # The digest is rendered from the AI-enhanced file; the crawl (<date>.jsonl) also holds
        # papers the enhancement dropped, so it is the sidecar only when no enhanced file exists.
        enhanced = sorted(folder.glob(f"{_glob_escape(stem)}_AI_enhanced_*.jsonl"))
        found += enhanced or [p for p in [folder / f"{stem}.jsonl"] if p.is_file()]
    elif format_name == "sections":
        beside = folder / f"{stem}.jsonl"
        if beside.is_file():
            found.append(beside)
        elif name.lower() == "readme.md" and (folder / "papers.jsonl").is_file():
            found.append(folder / "papers.jsonl")
    return found


def _only(paths: object) -> list[Path]:
    """The one candidate, or none when several could be the sidecar (no guessing)."""
    candidates = sorted(paths)  # type: ignore[call-overload]
    return candidates if len(candidates) == 1 else []


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def read_sidecar(path: Path, format_name: str | None, max_size: int) -> list[SidecarRow]:
    """The rows of a sidecar, in its order."""
    try:
        data = _files.read_digest_bytes(os.fspath(path), max_size)
        text = data.decode("utf-8")
    except (DigestParseError, UnicodeDecodeError) as exc:
        raise SidecarError(f"cannot read: {exc}") from None
    if format_name == "paper-table":
        return _row_map(text)
    return _lines(text, literal=format_name == "sections")


def _row_map(text: str) -> list[SidecarRow]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SidecarError(f"not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise SidecarError("not a JSON object of topics")
    rows = []
    for topic, papers in document.items():
        if not isinstance(papers, dict):
            raise SidecarError(f"topic {topic!r} is not an object of rows")
        for ident, row in papers.items():
            rows.append(SidecarRow(str(ident), _row_title(row), str(topic), 1))
    return rows


def _row_title(row: object) -> str:
    """The title cell of a generator's row ``|**date**|**Title**|authors|[id](url)|code|``."""
    if not isinstance(row, str):
        return ""
    cells = row.strip().strip("|").split("|")
    return cells[1].strip().strip("*").strip() if len(cells) > 1 else ""


def _lines(text: str, *, literal: bool) -> list[SidecarRow]:
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = ast.literal_eval(line) if literal else json.loads(line)
        except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError) as exc:
            kind = "a Python dict literal" if literal else "JSON"
            raise SidecarError(f"line {number} is not {kind}: {exc}", number) from None
        if not isinstance(record, dict):
            raise SidecarError(f"line {number} is not an object", number)
        ident = record.get("id", record.get("arxiv_id"))
        if not isinstance(ident, str) or not ident:
            raise SidecarError(f"line {number} has no paper identifier", number)
        title = record.get("title")
        rows.append(SidecarRow(_without_scheme(ident), title if isinstance(title, str) else "", None, number))
    return rows


def _without_scheme(ident: str) -> str:
    """``arXiv:2605.03737`` or ``arxiv:2605.03737`` (a multi-source fork's ids) -> the bare ID."""
    return ident[6:] if ident[:6].lower() == "arxiv:" else ident
