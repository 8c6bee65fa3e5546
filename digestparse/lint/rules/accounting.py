"""DP111: an arXiv link that no entry of the digest holds (see ``formats/accounting.py``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import DigestContext
from ..diagnostic import Diagnostic, Severity
from ..table import digest_rule


@digest_rule("DP111", "unread-arxiv-link", Severity.ERROR)
def unread_arxiv_link(ctx: DigestContext) -> Iterator[Diagnostic]:
    """A line links an arXiv paper but is not part of any entry, so no paper was read from it.

    ## What it does
    After a digest is read, every line that mentions an arXiv paper (`arxiv.org/abs/…`,
    `arxiv.org/pdf/…`, `arXiv:NNNN.NNNNN`) must lie inside an entry the reader made a paper of,
    or inside a problem it reported. This rule reports each line that does neither.

    ## Why is this bad?
    The paper is in the file but in none of the data: exports, merges, the index and every
    cross-digest check silently lack it. It is usually an entry in a shape the generator wrote
    once, or a line edited by hand.

    ## Example
    ```markdown
    - **[A Title](https://arxiv.org/abs/2504.01089)**  `arXiv:2504.01089`  `cs.RO`
      _A. Author_
      <details open><summary>Abstract</summary>
      …
      </details>

    * see also https://arxiv.org/abs/2504.00595
    ```

    ## Use instead
    Write the paper as an entry of the digest's format, or move the link out of the digest.

    ## Fix safety
    No fix: what the entry should say is not known.
    """
    for problem in ctx.digest.problems:
        if problem.code == "DP111":
            yield ctx.diagnostic(
                "DP111", problem.message, problem.line, problem.col, end_line=problem.end_line
            )
