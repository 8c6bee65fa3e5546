"""DP506-DP507: figures an AI-written field states that the entry's own abstract does not.

Within one entry, the abstract is the source and the TL;DR, Result, … are a model's retelling.
Only figures a reader would quote are compared: a number with a unit (``%``, ``×``, ``x``,
``points``, ``pp``, ``倍``) or with decimals. Text is compared as DP401 compares abstracts
(:func:`~digestparse.normalize.figures.comparable_text`: LaTeX resolved, so ``95.2\\%``,
``$95.2\\%$`` and ``95.2%`` are one figure), numbers in their normal form.

A figure the abstract holds, in any unit or scaled by 100 (``0.952`` against ``95.2%``), or
rounded (``20%`` against ``19.7%``), is the abstract's. Otherwise it is *contradicted* when
the abstract states a figure with the same unit near the same words (or the same digits in
another order, ``95.2`` against ``59.2``): the model changed a number. It is *not in the
abstract* when nothing there resembles it: perhaps taken from the paper's body, perhaps made
up.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ...models import Paper
from ...normalize.figures import comparable_text, normal_number
from ..context import DigestContext
from ..diagnostic import Diagnostic, Severity
from ..table import digest_rule
from .ai_fields import SUMMARY_FIELDS, ai_values, is_placeholder

_FIGURE = re.compile(
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)\s?"
    r"(?P<unit>%|％|×|[xX](?![A-Za-z])|倍|percentage points?\b|points?\b|pts?\b|pp\b)?"
)
# A digit with decimals or a unit after it: the cheap test before a field is parsed for figures.
_QUOTABLE = re.compile(r"\d(?:\.\d|\s?(?:%|％|×|[xX]|倍|p))")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]{2,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "with",
        "for",
        "from",
        "that",
        "this",
        "which",
        "are",
        "was",
        "were",
        "has",
        "have",
        "its",
        "than",
        "over",
        "into",
        "our",
        "their",
        "using",
        "used",
        "use",
        "achieves",
        "achieve",
        "achieving",
        "improves",
        "improvement",
        "improved",
        "reduces",
        "reduction",
        "compared",
        "while",
        "also",
        "more",
        "less",
        "up",
        "by",
        "on",
        "in",
        "of",
        "to",
        "a",
        "an",
    ]
)
_WINDOW = 60
_RANGE_JOIN = re.compile(r"\s?(?:%|x|×)?\s?(?:-{1,2}|–|—|~|to)\s?")
_SPLIT_DECIMAL = re.compile(r"(\d)\. (\d)")
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"twice": "2 times", "double": "2 times", "triple": "3 times", "half": "0.5"}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_UNITS = {"％": "%", "X": "x", "×": "x", "倍": "x", "point": "pt", "points": "pt", "pt": "pt", "pts": "pt"}


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """A number as a text states it: normal form, unit, and the text around it."""

    value: str
    unit: str
    window: str
    text: str
    low: str | None = None  # the start of a range this figure ends (91 of "91-94%")

    def words(self) -> frozenset[str]:
        """The English words around the figure (asked only of figures the abstract lacks)."""
        return frozenset(w.casefold() for w in _WORD.findall(self.window)) - _STOP


def stated_figures(text: str, *, quotable_only: bool, number_words: bool = False) -> list[StatedFigure]:
    """The figures of ``text``; ``quotable_only``: only those with a unit or decimals;
    ``number_words``: also "seven" (times faster) as 7, the model's "7倍"."""
    plain = comparable_text(text)
    if not quotable_only:  # an abstract's own "82. 5\\%" (a scraper's space) is still 82.5%
        if ". " in plain:
            plain = _SPLIT_DECIMAL.sub(r"\1.\2", plain)
        if number_words:
            plain = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group().casefold()], plain)
    found: list[StatedFigure] = []
    previous: tuple[int, str] | None = None  # end and value of the last number seen
    for match in _FIGURE.finditer(plain):
        start, end = match.span("number")
        before = plain[start - 1] if start else " "
        after = plain[end] if end < len(plain) else " "
        if (
            (before.isascii() and before.isalnum())
            or before in "._"
            or (before == "-" and not _range(plain, start))
        ):
            continue  # A100, v2, Llama-3.1, the .5 of 0.5 (but 4.2 of a range 2.8-4.2x is a figure)
        unit = match["unit"] or ""
        if not unit and ((after.isascii() and after.isalpha()) or after == "_" or _hyphen_word(plain, end)):
            continue  # 7B, 3D, 2-stage (but 0.89 of a range 0.89-0.92 is a figure)
        if (before == "[" and after == "]") or plain.startswith("/10", end):
            continue  # a generator's relevance score: [7.0], 7.5/10
        number = match["number"]
        low = previous[1] if previous and _RANGE_JOIN.fullmatch(plain[previous[0] : start]) else None
        previous = (end, normal_number(number))
        if quotable_only and not unit and "." not in number:
            continue
        if unit.startswith("percentage"):
            unit = "pp"
        unit = _UNITS.get(unit, unit)
        window = plain[max(0, start - _WINDOW) : end + _WINDOW]
        found.append(StatedFigure(normal_number(number), unit, window, match.group().strip(), low))
    return found


def _range(text: str, start: int) -> bool:
    """The number at ``start`` ends a range: ``2.8-4.2``, ``2--6.5``, not ``Llama-3.1``."""
    at = start - 1
    while at > 0 and text[at] == "-" and start - at <= 2:
        at -= 1
    return text[at].isdigit()


def _hyphen_word(text: str, end: int) -> bool:
    """A hyphen then a letter after the number: ``2-stage``, ``3-layer``."""
    return text.startswith("-", end) and text[end + 1 : end + 2].isalpha()


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _holds(source: list[StatedFigure], figure: StatedFigure) -> bool:
    """The abstract states this number: as written, scaled by 100, or more precisely."""
    mine = _decimal(figure.value)
    if mine is None:
        return True
    exponent = mine.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    for theirs_figure in source:
        theirs = _decimal(theirs_figure.value)
        if theirs is None:
            continue
        low = _decimal(theirs_figure.low) if theirs_figure.low else None
        if low is not None and low <= mine <= theirs:
            return True  # a value of a stated range: 92% of "91-94%"
        for candidate in (theirs, theirs * 100, theirs / 100):
            if candidate == mine or _rounds_to(candidate, places) == mine:
                return True  # as written, scaled, or rounded by the model (20% for 19.7%)
    return False


def _rounds_to(value: Decimal, places: int) -> Decimal | None:
    try:
        return value.quantize(Decimal(1).scaleb(-max(places, 0)))
    except InvalidOperation:  # more digits than the context holds: no rounding to compare
        return None


def _contradicting(source: list[StatedFigure], figure: StatedFigure) -> StatedFigure | None:
    """An abstract figure this one appears to have changed, if any."""
    digits = sorted(figure.value)
    words = figure.words() if figure.unit else frozenset()
    for theirs in source:
        if theirs.value == figure.value:
            continue
        if (
            len(figure.value) > 2
            and theirs.unit == figure.unit
            and sorted(theirs.value) == digits
            and theirs.value.find(".") == figure.value.find(".")
        ):
            return theirs  # 95.2 for 59.2
        if figure.unit and theirs.unit == figure.unit and len(words & theirs.words()) >= 2:
            return theirs
    return None


def _judged(paper: Paper) -> Iterator[tuple[str, str, StatedFigure, StatedFigure | None]]:
    """(field, label, figure, the abstract figure it contradicts or None) for each figure the
    abstract does not hold."""
    if not paper.abstract.strip():
        return
    source: list[StatedFigure] = []
    values: set[str] = set()
    worded = False  # whether the abstract's number words are read as numbers yet
    for name, label, value in ai_values(paper, SUMMARY_FIELDS):
        if _QUOTABLE.search(value) is None or is_placeholder(value):
            continue  # most fields state no figure: the abstract is not even looked at
        for figure in stated_figures(value, quotable_only=True):
            if not source:
                source = stated_figures(paper.abstract, quotable_only=False)
                values = {f.value for f in source}
            if figure.value in values or _holds(source, figure):
                continue
            if not worded and _NUMBER_WORD.search(paper.abstract):
                worded = True
                source = stated_figures(paper.abstract, quotable_only=False, number_words=True)
                values = {f.value for f in source}
                if figure.value in values or _holds(source, figure):
                    continue
            yield name, label, figure, _contradicting(source, figure)


Judged = tuple[str, str, StatedFigure, StatedFigure | None]
_last_judged: tuple[weakref.ref[DigestContext], list[list[Judged]]] | None = None


def _judged_in(ctx: DigestContext) -> list[list[Judged]]:
    """:func:`_judged` of each paper of the digest, in order: worked out once for DP506 and
    DP507, which both need every figure of every AI field (kept while the context lives)."""
    global _last_judged
    if _last_judged is not None and _last_judged[0]() is ctx:
        return _last_judged[1]
    found = [list(_judged(paper)) for paper in ctx.ai_papers]
    _last_judged = (weakref.ref(ctx, _forget), found)
    return found


def _forget(context: weakref.ref[DigestContext]) -> None:
    global _last_judged
    if _last_judged is not None and _last_judged[0] is context:
        _last_judged = None


@digest_rule("DP506", "ai-figure-contradicts-abstract", Severity.ERROR)
def ai_figure_contradicts_abstract(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An AI-written field states a figure that the entry's own abstract states differently.

    ## What it does
    Compares each figure with a unit (`%`, `×`, `x`, points) or decimals in the TL;DR,
    Motivation, Method, Result and Conclusion with the figures of the same entry's abstract.
    Reports a figure the abstract does not hold when the abstract has a figure with the same
    unit among the same words, or the same digits in another order. Writing differences stay
    quiet: `95.2\\%`, `$95.2\\%$` and `95.2%` are one figure, `0.952` is `95.2%`, and `20%` is
    a rounding of `19.7%`.

    ## Why is this bad?
    The summary misquotes the paper: the one number a reader takes away is wrong.

    ## Example
    ```markdown
    Result: The method reaches 95.2% accuracy on ImageNet.
    …
    Abstract: … reaches 59.2% top-1 accuracy on ImageNet …
    ```

    ## Use instead
    ```markdown
    Result: The method reaches 59.2% accuracy on ImageNet.
    ```

    ## Fix safety
    No fix: which of the two is right is for a reader to decide.
    """
    for paper, judged in zip(ctx.ai_papers, _judged_in(ctx), strict=True):
        for name, label, figure, theirs in judged:
            if theirs is not None:
                line, col = ctx.span(paper, name)
                yield ctx.diagnostic(
                    "DP506",
                    f"{label} of {paper.arxiv_id or 'paper'} says {figure.text!r} "
                    f"where the abstract says {theirs.text!r}",
                    line,
                    col,
                )


@digest_rule("DP507", "ai-figure-not-in-abstract", Severity.WARNING, default=False)
def ai_figure_not_in_abstract(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An AI-written field states a figure the entry's abstract does not contain.

    ## What it does
    Reports a figure with a unit or decimals in an AI field (see DP506) that the abstract does
    not hold in any form and does not contradict either.

    ## Why is this bad?
    The figure may come from the paper's body, or the model made it up; the digest gives the
    reader no way to tell.

    Not in the default selection: over the real corpus most such figures are arithmetic the
    model did on the abstract's figures (a sum, a difference, a ratio) or come from the full
    text, so this is a review aid (`--extend-select DP507`), not a CI gate.

    ## Example
    ```markdown
    TL;DR: … cuts latency by 37% …
    ```
    with no 37 in the abstract.

    ## Use instead
    State only figures the abstract gives, or say where a figure comes from.

    ## Fix safety
    No fix.
    """
    for paper, judged in zip(ctx.ai_papers, _judged_in(ctx), strict=True):
        for name, label, figure, theirs in judged:
            if theirs is None:
                line, col = ctx.span(paper, name)
                yield ctx.diagnostic(
                    "DP507",
                    f"{label} of {paper.arxiv_id or 'paper'} says {figure.text!r}, "
                    "which the abstract does not state",
                    line,
                    col,
                )
