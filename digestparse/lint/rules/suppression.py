"""DP9xx: suppression comments.

``<!-- digestparse: ignore DP401 DP404 -->`` on a line before an entry silences those codes (all
codes when none is named) for that entry; ``<!-- digestparse: ignore-file DP301 -->`` anywhere
in a file silences them for the whole file. DP901 reports a suppression that silenced nothing,
as ruff's RUF100 reports an unused ``noqa``.
"""

from __future__ import annotations

import re

from ..diagnostic import Severity
from ..table import declare

# What ``<!--\s*digestparse:\s*(ignore-file|ignore)\b([^>]*?)\s*-->`` finds, in two steps: that
# one pattern is quadratic on a comment left open (``<!-- digestparse: ignore`` and a long run
# of spaces: every length of the lazy codes group retries the spaces after it).
_HEAD = re.compile(r"<!--\s*digestparse:\s*(ignore-file|ignore)\b")
# The look-behind starts a code only at the start of a run of capitals, so ``AAAA…`` is scanned
# once, not once per letter.
_CODE = re.compile(r"(?<![A-Z])[A-Z]+[0-9]+")


def find_suppression(text: str) -> tuple[bool, tuple[str, ...]] | None:
    """The first suppression comment of a line: (file-level, the codes it names), or ``None``.

    A comment ends at the first ``>`` after its head, which must close it as ``-->``; a head
    whose first ``>`` does not, rules out every head before that ``>`` at once, so a line is
    scanned once however many heads it holds.
    """
    position = 0
    while (head := _HEAD.search(text, position)) is not None:
        close = text.find(">", head.end())
        if close < 0:
            return None
        if close - 2 >= head.end() and text[close - 2 : close] == "--":
            return head[1] == "ignore-file", tuple(_CODE.findall(text, head.end(), close - 2))
        position = close + 1
    return None


declare(
    "DP901",
    "unused-suppression",
    Severity.WARNING,
    """
    A `<!-- digestparse: ignore … -->` comment that suppressed nothing.

    ## What it does
    Reports suppression comments (entry-level and file-level) whose codes matched no finding,
    naming the unused codes.

    ## Why is this bad?
    Stale suppressions hide future problems in the entry they sit on and mislead readers.

    ## Example
    ```markdown
    <!-- digestparse: ignore DP401 -->
    - **[A Paper With Consistent Figures](https://arxiv.org/abs/2504.01089)** …
    ```

    ## Use instead
    Remove the comment, or the codes that no longer apply.

    ## Fix safety
    No fix (removing a comment is left to the author).
    """,
)
