"""Flat records of papers for JSON, JSON Lines and CSV output.

A record has the public field names of :class:`~digestparse.models.Paper` (including ``path``
and ``line``), so ``pandas.read_json(path, lines=True)`` gives one column per field. In CSV the
list fields are joined with ``"; "``, a separator no author name or category contains.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .models import Digest, Paper

LIST_SEPARATOR = "; "
# The columns are the record's own fields, in their declared order: a field added to Paper
# appears in CSV without a second list to keep in step.
CSV_COLUMNS = tuple(Paper.model_fields)


def paper_record(paper: Paper) -> dict[str, Any]:
    """The paper as a JSON-ready dict with every public field."""
    return paper.model_dump(mode="json")


def digest_record(digest: Digest) -> dict[str, Any]:
    """The digest as a JSON-ready dict, papers included."""
    return digest.model_dump(mode="json")


def to_jsonl(papers: Iterable[Paper]) -> Iterable[str]:
    """One JSON object per line, per paper (not ASCII-escaped, so CJK stays readable)."""
    for paper in papers:
        yield json.dumps(paper_record(paper), ensure_ascii=False) + "\n"


def to_json(digests: Iterable[Digest]) -> str:
    """A JSON array of digests with their papers."""
    return json.dumps([digest_record(d) for d in digests], ensure_ascii=False, indent=2) + "\n"


def to_csv(papers: Iterable[Paper]) -> Iterable[str]:
    """CSV with a header row; list fields joined with ``"; "``, ``None`` as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    yield _drain(buffer)
    for paper in papers:
        record = paper_record(paper)
        writer.writerow([_cell(record[column]) for column in CSV_COLUMNS])
        yield _drain(buffer)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
