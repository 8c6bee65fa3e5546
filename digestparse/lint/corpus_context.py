"""What a corpus rule sees: one telling of a paper, and what earlier files said about it.

Stage 2 takes the checked files in order (by digest date, then path) and hands each paper of
each file to every selected corpus rule, once the paper's telling is in the run's
:class:`~.corpus_index.CorpusIndex`. A rule compares ``telling`` with ``earlier`` (the distinct
ways the same paper was told before, at most ``MAX_VARIANTS``) and says what differs, at the
new telling: a finding lands on the later digest, pointing back at the earlier one.

A paper told only once in the run has a title-only telling (stage 0's pre-scan found no second
mention, so it was not fingerprinted further: empty authors, categories and figures); every
paper that has an earlier telling has its full fingerprint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .corpus_index import CorpusIndex, Telling
from .diagnostic import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class CorpusContext:
    """One telling of ``arxiv_id`` under check, with the earlier tellings of the same paper.

    ``new``: the telling says something no earlier one said (an identical telling is ``False``
    and has nothing new to compare). ``index``: the run's index, for what rules remember across
    papers (the first identifier seen under a title, the figure conflicts already reported).
    """

    arxiv_id: str
    telling: Telling
    earlier: Sequence[Telling]
    new: bool
    index: CorpusIndex
    severities: Mapping[str, Severity]

    def diagnostic(
        self, code: str, message: str, line: int, related: tuple[tuple[str, int], ...] = ()
    ) -> Diagnostic:
        """A finding of rule ``code`` at ``line`` of the telling's digest, about this paper."""
        return Diagnostic(
            code,
            self.severities[code],
            message,
            self.telling.path,
            line,
            1,
            related=related,
            arxiv_id=self.arxiv_id,
        )
