"""DP9xx: suppression comments (:mod:`..suppressions` reads and applies them).

DP901 reports a suppression that silenced nothing, as ruff's RUF100 reports an unused ``noqa``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostic import Diagnostic, Severity
from ..suppressions import SuppressionContext
from ..table import suppression_rule


@suppression_rule("DP901", "unused-suppression", Severity.WARNING)
def unused_suppression(ctx: SuppressionContext) -> Iterator[Diagnostic]:
    """A `<!-- digestparse: ignore … -->` comment that suppressed nothing.

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
    """
    for suppression in ctx.suppressions:
        hits = ctx.used.get(suppression.line, frozenset())
        unused = [c for c in suppression.codes if not any(h.startswith(c) for h in hits)]
        if (suppression.codes and unused) or (not suppression.codes and not hits):
            what = " ".join(unused) if suppression.codes else "anything"
            yield ctx.diagnostic("DP901", f"suppression comment does not suppress {what}", suppression.line)
