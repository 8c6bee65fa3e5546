"""Fast paths of the rules give what the plain way gives, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import digestparse
from digestparse.formats.layout import layout_of
from digestparse.lint.context import DigestContext
from digestparse.lint.registry import severities
from digestparse.lint.rules.ai_figures import _judged, _judged_in
from digestparse.lint.rules.text import _CONTROL, has_control
from digestparse.lint.runner import run

from ..builders import AI_SCALE_ZH, AI_SEED, ai_digest
from ..conftest import SHARED_CORPUS, shared_rows_of

# Control characters, their neighbours in UTF-8 (C2 A0, DF BF...), surrogates and anything else.
_NEAR_CONTROLS = st.sampled_from(
    ["\x00", "\x08", "\t", "\n", "\x0b", "\x1f", "\x7f", "\x80", "\x9f", "\xa0", "\ud800"]
)
_TEXT = st.lists(_NEAR_CONTROLS | st.characters() | st.text(max_size=5), max_size=30).map("".join)


@settings(max_examples=500)
@given(_TEXT)
def test_has_control_finds_what_the_character_class_finds(text: str) -> None:
    assert has_control(text) == (_CONTROL.search(text) is not None)


def test_ai_figure_rules_find_together_what_each_finds_alone() -> None:
    """DP506 and DP507 share the figures they judge within a digest (worked out once): checked
    together over real AI-summary digests, they find what each finds alone."""
    files = [SHARED_CORPUS / row["relpath"] for row in shared_rows_of("D")]
    assert len(files) > 40
    changed = {**AI_SCALE_ZH, "result": "在ImageNet-1K上，GAE达到59.2%准确率。"}  # 95.2% in its abstract
    planted = digestparse.loads(ai_digest({"cs.AI": [changed, AI_SEED]}), path="data/2026-03-20.md")

    def found(select: list[str]) -> list[dict[str, object]]:
        return [d.as_dict() for d in run(files, digests=[planted], select=select).diagnostics]

    together = found(["DP506", "DP507"])
    alone = sorted(found(["DP506"]) + found(["DP507"]), key=lambda d: (d["path"], d["line"], d["code"]))
    assert {"DP506", "DP507"} <= {d["code"] for d in together}
    assert sorted(together, key=lambda d: (d["path"], d["line"], d["code"])) == alone


def test_the_figures_judged_are_those_of_the_digest_asked_about() -> None:
    changed = {**AI_SCALE_ZH, "result": "在ImageNet-1K上，GAE达到59.2%准确率。"}
    first = digestparse.loads(ai_digest({"cs.AI": [changed, AI_SEED]}), path="data/2026-03-20.md")
    second = digestparse.loads(ai_digest({"cs.AI": [AI_SEED, changed]}), path="data/2026-03-21.md")
    for digest in (first, second, first):  # the same number of papers: only the context tells them apart
        layout = layout_of(digest)
        assert layout is not None
        ctx = DigestContext(digest, str(digest.path), layout, severities())
        expected = [list(_judged(paper)) for paper in digest.papers]
        assert any(expected) and _judged_in(ctx) == expected
        assert _judged_in(ctx) is _judged_in(ctx)  # worked out once per digest
