"""DP501-DP505: faults of the fields a language model writes (TL;DR, Motivation, Method, Result,
Conclusion, Title (ZH), Abstract (ZH)).

The generators publish what the model returned, or a fixed placeholder when the call failed,
without looking at it: placeholders, empty fields, text cut in the middle of a character, a
field in the wrong language, the model's own chatter. Each rule reports one finding per entry
(naming every field concerned), so a failed batch of 159 papers is 159 findings, not 795.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from ...models import Paper
from ...normalize.script import Script, has_cjk, script_of
from ..context import DigestContext
from ..diagnostic import Diagnostic, Severity
from ..table import digest_rule

# (Paper field, the label readers see)
SUMMARY_FIELDS: tuple[tuple[str, str], ...] = (
    ("tldr", "TL;DR"),
    ("motivation", "Motivation"),
    ("method", "Method"),
    ("result", "Result"),
    ("conclusion", "Conclusion"),
)
TRANSLATED_FIELDS: tuple[tuple[str, str], ...] = (
    ("title_zh", "Title (ZH)"),
    ("abstract_zh", "Abstract (ZH)"),
)
AI_FIELDS = SUMMARY_FIELDS + TRANSLATED_FIELDS

# What daily-arXiv-ai-enhanced writes when the model call failed (to_md/convert.py and
# enhance.py of the forks), and what a model or template writes instead of a value.
PLACEHOLDERS = frozenset(
    {
        "summary generation failed",
        "motivation analysis unavailable",
        "method extraction failed",
        "result analysis unavailable",
        "conclusion extraction failed",
        "translation failed",
        "none",
        "null",
    }
)
_TEMPLATE_FIELD = re.compile(
    r"\{(?:tldr|task|motivation|method|result|conclusion|summary|abstract|title|title_zh|abstract_zh|translation)\}"
)


def ai_values(paper: Paper, fields: tuple[tuple[str, str], ...] = AI_FIELDS) -> list[tuple[str, str, str]]:
    """(field, label, value) of each AI field the entry holds.

    Every AI rule asks this of every paper of every digest, most of which hold no AI field:
    the values are read from the record's field dict in one comprehension (a generator of
    ``getattr`` calls was the largest single cost of ``check --select ALL``)."""
    values = paper.__dict__
    return [(name, label, value) for name, label in fields if (value := values[name]) is not None]


def is_placeholder(value: str) -> bool:
    """A generator's failure text, a literal ``None`` or an unfilled ``{tldr}`` template field."""
    text = value.strip().rstrip(".。").strip().casefold()
    return text in PLACEHOLDERS or _TEMPLATE_FIELD.fullmatch(value.strip()) is not None


def unfilled_template(ctx: DigestContext, paper: Paper, name: str) -> bool:
    """The field's text in the file is a template marker such as ``{tldr}`` (readers give it as
    an empty value, which is what it holds)."""
    line, col = ctx.span(paper, name)
    if not 0 < line <= len(ctx.lines):
        return False
    text = ctx.lines[line - 1][col - 1 :].strip()
    return text.startswith("{") and _ANY_TEMPLATE_FIELD.fullmatch(text) is not None


_ANY_TEMPLATE_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]{0,40}\}")


def _failed(ctx: DigestContext, paper: Paper, name: str, value: str) -> bool:
    if value.strip():
        return is_placeholder(value)
    return "{" in ctx.text and unfilled_template(ctx, paper, name)


def _report(
    ctx: DigestContext, code: str, paper: Paper, names: list[tuple[str, str]], message: str
) -> Diagnostic:
    """One finding for an entry, placed at the first field concerned."""
    line, col = ctx.span(paper, names[0][0])
    return ctx.diagnostic(code, message, line, col)


def _labels(names: list[tuple[str, str]]) -> str:
    return ", ".join(label for _, label in names)


def _who(paper: Paper) -> str:
    return paper.arxiv_id or "paper"


@digest_rule("DP501", "ai-generation-failed", Severity.ERROR)
def ai_generation_failed(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An AI-written field holds the generator's failure placeholder instead of text.

    ## What it does
    Reports an entry whose TL;DR, Motivation, Method, Result, Conclusion or ZH field is one of
    the fixed texts daily-arXiv-ai-enhanced writes when the model call failed (`Summary
    generation failed`, `Motivation analysis unavailable`, `Method extraction failed`, `Result
    analysis unavailable`, `Conclusion extraction failed`), a literal `None`, or an unfilled
    template field such as `{tldr}`. One finding per entry names every such field.

    ## Why is this bad?
    The digest publishes an error message as the paper's summary. In the real corpus whole
    days are like this (159 of 159 entries of one file), and the next run does not retry them.

    ## Example
    ```markdown
    TL;DR: Summary generation failed
    ```

    ## Use instead
    Regenerate the entry's AI fields, or leave the entry out until they exist.

    ## Fix safety
    No fix: the missing text has to be generated.
    """
    for paper in ctx.ai_papers:
        failed = [
            (name, label) for name, label, value in ai_values(paper) if _failed(ctx, paper, name, value)
        ]
        if failed:
            example = getattr(paper, failed[0][0]).strip() or "{…}"
            yield _report(
                ctx,
                "DP501",
                paper,
                failed,
                f"AI generation failed for {_who(paper)}: "
                f"{_labels(failed)} hold placeholders ({example[:60]!r})",
            )


@digest_rule("DP502", "empty-ai-field", Severity.WARNING)
def empty_ai_field(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An AI-written field is present but empty.

    ## What it does
    Reports an entry whose TL;DR, Motivation, Method, Result, Conclusion or ZH field has its
    label and no text (`TL;DR: ` with only a trailing space). One finding per entry.

    ## Why is this bad?
    The template promises a summary the entry does not have; readers see a bare label. In the
    real corpus a fork published 43 entries whose every AI field was empty.

    ## Example
    ```markdown
    Conclusion:
    ```

    ## Use instead
    Regenerate the field, or drop the label when the generator has nothing to say.

    ## Fix safety
    No fix.
    """
    for paper in ctx.ai_papers:
        empty = [
            (name, label)
            for name, label, value in ai_values(paper)
            if not value.strip() and not ("{" in ctx.text and unfilled_template(ctx, paper, name))
        ]
        if empty:
            yield _report(ctx, "DP502", paper, empty, f"empty AI field for {_who(paper)}: {_labels(empty)}")


_SENTENCE_END = frozenset(".。!！?？…)）]】」』\"”'’*`>$|%")
# Words and marks a sentence cannot end on: the text was cut after them.
_CONTINUES = re.compile(
    r"(?:[,，、;；:：(（\-–—/]|\b(?:the|a|an|and|or|of|to|with|in|for|by|on|that|which|from|as|is|are)"
    r"|[的和与及在并将对]|以及|通过|包括)\s*$",
    re.IGNORECASE,
)


@digest_rule("DP503", "ai-text-cut-short", Severity.WARNING)
def ai_text_cut_short(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An AI-written field ends in the middle of a character or of a sentence.

    ## What it does
    Reports a field that ends in U+FFFD (a multi-byte character cut in half: `相�`), and a
    Motivation, Method, Result or Conclusion that ends on a comma or a word no sentence ends
    on (`and`, `the`, `的`, `，`) while at least two of its sibling fields end with sentence
    punctuation. A TL;DR written as a headline without a full stop is the generators' style
    and stays quiet, as does a field with no sentence punctuation in a digest whose fields
    never have it.

    ## Why is this bad?
    The generator cut the model's output at a byte or token limit; the summary stops in the
    middle of a claim (often the figure the reader wanted).

    ## Example
    ```markdown
    TL;DR: VALG是一个自主智能体工作流系统……该系统在每个源相对定理分支中维护固定的数�
    ```

    ## Use instead
    Regenerate the field with a larger output limit, and cut at character boundaries.

    ## Fix safety
    No fix.
    """
    for paper in ctx.ai_papers:
        values = list(ai_values(paper))
        ended = sum(1 for _, _, value in values if value.rstrip()[-1:] in _SENTENCE_END)
        for name, label, value in values:
            text = value.rstrip()
            if text.endswith("\ufffd"):
                yield _report(
                    ctx,
                    "DP503",
                    paper,
                    [(name, label)],
                    f"{label} of {_who(paper)} is cut inside a character (ends in U+FFFD)",
                )
            elif (
                name in ("motivation", "method", "result", "conclusion")
                and ended >= 2
                and _CONTINUES.search(text[-24:]) is not None
            ):
                yield _report(
                    ctx,
                    "DP503",
                    paper,
                    [(name, label)],
                    f"{label} of {_who(paper)} ends mid-sentence ({text[-20:]!r}) "
                    "while its siblings end sentences",
                )


_SCRIPT_NAME = {"cjk": "Chinese/Japanese/Korean script", "latin": "Latin script (English)"}


_TRANSLATED = frozenset(name for name, _ in TRANSLATED_FIELDS)


def _judgeable(value: str) -> bool:
    return bool(value.strip()) and not is_placeholder(value)


def _majority(scripts: Iterable[Script | None]) -> Script | None:
    """The script most decided summary fields are in (a tie decides nothing)."""
    tally: Counter[Script] = Counter(script for script in scripts if script is not None)
    if not tally:
        return None
    (top, count), *rest = tally.most_common()
    return top if not rest or count > rest[0][1] else None


@digest_rule("DP504", "ai-wrong-language", Severity.WARNING)
def ai_wrong_language(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An AI-written field is in another script than its digest's language.

    ## What it does
    Judges each field by script, counting letters: a field with no CJK character among at
    least 12 Latin letters is Latin (English); one whose CJK characters are at least 15% of its
    letters is CJK; anything between (a Chinese sentence full of English model names) is not
    judged. A digest's language is the script of most of its summary fields (placeholders
    left out). Reported: a summary field in the other script, and a `Title (ZH)` or
    `Abstract (ZH)` written in Latin script where the digest is not an English one. One
    finding per entry.

    ## Why is this bad?
    The model answered in the wrong language (it often does when the abstract is long or the
    prompt is truncated); a Chinese reader gets an English paragraph, or the reverse.

    ## Example
    In a Chinese digest:
    ```markdown
    Result: Not mentioned in abstract
    ```

    ## Use instead
    ```markdown
    Result: 摘要中未提及。
    ```

    ## Fix safety
    No fix: the field must be written again.
    """
    summaries = [
        (
            paper,
            [
                (name, label, script_of(value))
                for name, label, value in ai_values(paper, SUMMARY_FIELDS)
                if _judgeable(value)
            ],
        )
        for paper in ctx.ai_papers
    ]
    expected = _majority(script for _, fields in summaries for _, _, script in fields)
    for paper, fields in summaries:
        wrong = [
            (name, label) for name, label, script in fields if expected and script and script != expected
        ]
        if expected != "latin":  # a ZH field is CJK unless the digest is an English one
            wrong += [
                (name, label)
                for name, label, value in ai_values(paper, TRANSLATED_FIELDS)
                if not has_cjk(value) and _judgeable(value) and script_of(value) == "latin"
            ]
        if wrong:
            got = "latin" if expected != "latin" else "cjk"
            yield _report(
                ctx,
                "DP504",
                paper,
                wrong,
                f"{_labels(wrong)} of {_who(paper)} in {_SCRIPT_NAME[got]}, "
                f"but the digest is in {_SCRIPT_NAME['latin' if got == 'cjk' else 'cjk']}",
            )


# The model's chatter, or the chat template, written into the field: at its start, or on a
# line of its own. Mentions inside prose (`长的思维链(<think>)`, a paper about assistants)
# are not matched.
_ECHO = re.compile(
    r"(?:^|\n|<br>)[ \t>*]*(?:"
    r"</?think(?:ing)?>"
    r"|(?:assistant|user|system)\s*:"
    r"|<\|(?:im_start|im_end|assistant|user|system|eot_id|start_header_id)\|>"
    r"|As an AI\b"
    r"|(?:Sure|Certainly|Of course|Okay|OK)[,!.]? (?:here|I)\b"
    r"|Here(?:'s| is| are) (?:the|a|an|your|my) "
    r"(?:translation|translated|summary|TL;?DR|analysis|Chinese|English)"
    r"|(?:好的|当然)[，,!！]"
    r"|以下是(?:翻译|译文|该论文|这篇论文|论文的|对)"
    r")",
    re.IGNORECASE,
)


@digest_rule("DP505", "prompt-echo", Severity.ERROR)
def prompt_echo(ctx: DigestContext) -> Iterator[Diagnostic]:
    """An AI-written field holds the model's chatter or its chat template.

    ## What it does
    Reports a field that starts (or has a line that starts) with a reasoning block
    (`<think>`, `</think>`), a chat role (`assistant:`, `<|im_start|>`), or an assistant's
    preamble (`As an AI`, `Sure, here is`, `Here is the translation`, `好的，`, `以下是翻译`).
    A paper that writes about such tags in its own sentences (`长的思维链(<think>)会掩盖…`)
    stays quiet: only the start of the field or of one of its lines counts.

    ## Why is this bad?
    The generator published the model's conversation, not the summary: the reader sees the
    model thinking aloud or talking to its user.

    ## Example
    ```markdown
    TL;DR: <think>The user wants a one-sentence summary…</think> We propose …
    ```

    ## Use instead
    Strip reasoning blocks and preambles before writing the field.

    ## Fix safety
    No fix.
    """
    for paper in ctx.ai_papers:
        echoed = [(name, label) for name, label, value in ai_values(paper) if _ECHO.search(value)]
        if echoed:
            first = getattr(paper, echoed[0][0])
            match = _ECHO.search(first)
            said = match.group().strip() if match else ""
            yield _report(
                ctx,
                "DP505",
                paper,
                echoed,
                f"{_labels(echoed)} of {_who(paper)} echo the model's chat ({said!r})",
            )
