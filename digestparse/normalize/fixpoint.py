"""Make a normalising step idempotent: apply it until the text stops changing.

A repair or an unescaping step can turn text into text that the same step would change again
(``\\x80Â\\x8cß`` repairs to ``€ÂŒß``, which looks like mojibake in turn; ``\\\\%`` unescapes
to ``\\%``, which looks like an escape in turn). Callers compare normalised values (keys,
fingerprints, the checker's repaired text) and must get the same answer whether a value was
normalised once or twice. Iterating to a fixed point gives that: the result is a text the
step leaves alone. Clean text costs one application, as before. A text that does not settle
within the bound (no known input does: each step shortens or keeps the text) is returned as
it was, which is a fixed point of the iterated function too.
"""

from __future__ import annotations

from collections.abc import Callable

LIMIT = 8


def to_fixpoint(step: Callable[[str], str], text: str) -> str:
    """``step`` applied until the text no longer changes (or ``text`` when it never settles)."""
    current = text
    for _ in range(LIMIT):
        following = step(current)
        if following == current:
            return current
        current = following
    return text
