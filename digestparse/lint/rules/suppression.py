"""DP9xx: suppression comments.

``<!-- digestparse: ignore DP401 DP404 -->`` on a line before an entry silences those codes (all
codes when none is named) for that entry; ``<!-- digestparse: ignore-file DP301 -->`` anywhere
in a file silences them for the whole file. DP901 reports a suppression that silenced nothing,
as ruff's RUF100 reports an unused ``noqa``.
"""

from __future__ import annotations

from ..diagnostic import Severity
from ..registry import declare

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
    kind="digest",
)
