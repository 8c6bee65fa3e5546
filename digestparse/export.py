"""Flat records of papers for JSON, JSON Lines and CSV output.

A record has the public field names of :class:`~digestparse.models.Paper` (including ``path``
and ``line``), so ``pandas.read_json(path, lines=True)`` gives one column per field. In CSV the
list fields are joined with ``"; "``, a separator no author name or category contains.

Digest text is untrusted. A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is a formula to a spreadsheet (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``), so
such a cell is written with a single quote in front, as OWASP's "CSV Injection" page
recommends: the spreadsheet shows the text, and a reader of the file can strip the quote. A
file name that is not valid UTF-8 (lone surrogates from ``os.fsdecode``) is written with
``\\xNN`` for each undecodable byte, in every format, so the output can be written at all.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from ._escape import escape_surrogates
from .models import Digest, Paper

LIST_SEPARATOR = "; "
FORMULA_STARTS = frozenset("=+-@\t\r")  # what a spreadsheet reads as the start of a formula
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
        yield escape_surrogates(json.dumps(paper_record(paper), ensure_ascii=False), json=True) + "\n"


def to_json(digests: Iterable[Digest]) -> str:
    """A JSON array of digests with their papers."""
    text = json.dumps([digest_record(d) for d in digests], ensure_ascii=False, indent=2)
    return escape_surrogates(text, json=True) + "\n"


def to_csv(papers: Iterable[Paper]) -> Iterable[str]:
    """CSV with a header row; list fields joined with ``"; "``, ``None`` as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # csv quotes a cell holding the line terminator ("\n"), not one holding a lone "\r", which
    # CSV readers then take for the end of the row: a row with a "\r" is written fully quoted
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    yield _drain(buffer)
    for paper in papers:
        record = paper_record(paper)
        row = [_cell(record[column]) for column in CSV_COLUMNS]
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
        yield _drain(buffer)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise_formula(LIST_SEPARATOR.join(escape_surrogates(str(v)) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise_formula(escape_surrogates(str(value)))


def neutralise_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, with ``'`` in front (OWASP's advice)."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
