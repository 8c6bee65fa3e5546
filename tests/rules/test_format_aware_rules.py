"""Rules judge each format by what it writes: an ai-summary fork's own topic names in the
"Main category" line are not arXiv categories claimed wrongly, a value shaped like an arXiv
code is; a multi-source sidecar's `arxiv:` ids and non-arXiv rows are read as such."""

from __future__ import annotations

import json
from pathlib import Path

import digestparse
from tests.builders import AI_SEED, ai_digest


def _with_category(category: str) -> str:
    return ai_digest({"cs.AI": [AI_SEED]}).replace("Main category: cs.AI", f"Main category: {category}")


def test_a_forks_topic_name_is_not_an_unknown_category() -> None:
    for topic in ("机器学习与数据科学", "Robotics & control"):
        assert not [
            d for d in digestparse.check(digestparse.loads(_with_category(topic))) if d.code == "DP203"
        ]


def test_a_value_shaped_like_an_arxiv_code_is_judged() -> None:
    found = digestparse.check(digestparse.loads(_with_category("cs.XY")), select=["DP203"])
    assert [d.code for d in found] == ["DP203"]


def test_sidecar_ids_with_a_scheme_and_rows_of_other_sources(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "2026-06-15.md").write_text(ai_digest({"cs.AI": [AI_SEED]}), encoding="utf-8")
    rows = [
        {"id": f"arxiv:{AI_SEED['id']}", "title": AI_SEED["title"]},
        {"id": "s2:376ae5340461d85b691b64a5b25f899c3875274d", "title": "A paper from elsewhere"},
    ]
    (data / "2026-06-15_AI_enhanced_English.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    (data / "2026-06-15.jsonl").write_text(json.dumps({"id": "2606.99999", "title": "Crawled only"}) + "\n")
    assert digestparse.check(tmp_path, select=["DP603"]) == []
