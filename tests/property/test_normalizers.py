"""The normalisers are idempotent: normalising a normalised value changes nothing.

Keys, fingerprints and the checker's repaired text compare values that may have been
normalised once or twice; both must give the same answer. The two counterexamples found by
hand are kept as explicit cases; Hypothesis searches the rest of the space with the
characters that matter (mojibake bytes, LaTeX markup, Markdown syntax).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digestparse.normalize.figures import comparable_text
from digestparse.normalize.latex import resolve_latex
from digestparse.normalize.mojibake import repair_mac_roman, repair_mojibake

NORMALISERS: dict[str, Callable[[str], str]] = {
    "repair_mojibake": repair_mojibake,
    "resolve_latex": resolve_latex,
    "comparable_text": comparable_text,
}
# plain_text is not among them on purpose: it renders Markdown, and rendered text can be
# Markdown again (`\\>` renders as `>`, a quote marker), so it is a view, not a key.

# Characters that build mojibake (cp1252, Latin-1 and Mac Roman renderings of UTF-8 bytes),
# LaTeX markup and Markdown syntax, plus ordinary letters.
_TRICKY = "\x80\x8c\x9dÂÃâ€™œ√©®ü∫ß\\%$&#_{}^`'\"*[]()<>!|~ \n\t-abcAé中"
TEXT = st.text(st.sampled_from(_TRICKY) | st.characters(codec="utf-8"), max_size=30)


@pytest.mark.parametrize(
    "name,text",
    [
        ("repair_mojibake", "\x80Â\x8cß"),
        ("resolve_latex", "a \\\\% b"),
        ("resolve_latex", "\\emph{\\emph{x}}"),
    ],
)
def test_known_counterexamples_are_fixed(name: str, text: str) -> None:
    once = NORMALISERS[name](text)
    assert NORMALISERS[name](once) == once


@pytest.mark.parametrize("name", sorted(NORMALISERS))
@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_normalising_twice_changes_nothing(name: str, text: str) -> None:
    once = NORMALISERS[name](text)
    assert NORMALISERS[name](once) == once


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_mac_roman_repair_never_touches_ascii_and_mojibake_repair_settles(text: str) -> None:
    if text.isascii():
        assert repair_mac_roman(text) == text == repair_mojibake(text)
    assert repair_mojibake(repair_mojibake(text)) == repair_mojibake(text)
