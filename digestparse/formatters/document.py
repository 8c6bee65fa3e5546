"""Whole-document outputs: a JSON array and a SARIF 2.1.0 log (for GitHub code scanning).

Machine formats: messages and file names are kept as they are (JSON's own escaping keeps the
document valid whatever they hold), except that a file name that is not valid UTF-8 has its
undecodable bytes written as ``\\xNN`` (see :func:`~digestparse._escape.escape_surrogates`),
so the document can be encoded and written at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .. import __version__
from .._escape import escape_surrogates
from ..lint.diagnostic import Diagnostic, Severity
from ..lint.registry import load_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON array with one object per diagnostic (every field, ``fix`` null when none)."""
    text = json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)
    return escape_surrogates(text, json=True) + "\n"


def render_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """A SARIF 2.1.0 log with every rule described and one result per diagnostic."""
    rules = load_rules()
    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": "digestparse",
        "version": __version__,
        "informationUri": "https://pypi.org/project/digestparse/",
        "rules": [
            {
                "id": code,
                "name": rules[code].name,
                "shortDescription": {"text": rules[code].summary},
                "fullDescription": {"text": rules[code].doc},
                "help": {"text": rules[code].doc, "markdown": rules[code].doc},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rules[code].severity]},
            }
            for code in codes
        ],
    }
    results = [_result(d, index) for d in diagnostics]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return escape_surrogates(json.dumps(log, ensure_ascii=False, indent=2), json=True) + "\n"


def _region(line: int, col: int, end_line: int | None, end_col: int | None) -> dict[str, int]:
    region = {"startLine": line, "startColumn": col}
    if end_line is not None:
        region["endLine"] = end_line
    if end_col is not None:
        region["endColumn"] = end_col
    return region


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index.get(d.code, 0),
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": d.path.replace("\\", "/")},
                    "region": _region(d.line, d.col, d.end_line, d.end_col),
                }
            }
        ],
    }
    if d.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": {
                    "artifactLocation": {"uri": p.replace("\\", "/")},
                    "region": {"startLine": n},
                },
            }
            for i, (p, n) in enumerate(d.related)
        ]
    return result
