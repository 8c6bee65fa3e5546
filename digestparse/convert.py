"""Convert a digest between any two formats, and say what does not fit.

Every entry is rendered in the target format. Whatever the target cannot hold is reported as a
:class:`Loss` (per field, with the paper and line), never dropped silently. What a format can
hold is what its plug-in declares (``paper_fields``, ``digest_fields``, ``single_line_fields``:
see :mod:`digestparse.formats.plugin`), so a new format gets exact loss reports for free:

* a paper field with a value the target has no place for (categories in sections, the ZH
  fields in badge-list, the abstract of a paper-table row, TL;DR anywhere but ai-summary, ...);
* the ``et al.`` truncation mark where the target reads every list as complete;
* line breaks inside a field the target writes on one line (folded into spaces);
* a digest field the target has no header for (date, topic, badge, keywords, declared counts);
* text between entries that is not the source format's own scaffolding.

Links keep their scheme, host and version; the target's ``adopt`` only switches the page
(``/abs/`` ↔ ``/pdf/``) to its generator's habit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import _lines as g
from ._escape import escape_text
from .errors import ConversionError, DigestParseError
from .formats import registry
from .formats.layout import layout_of
from .formats.plugin import FormatPlugin
from .models import Digest, Paper


@dataclass(frozen=True, slots=True)
class Loss:
    """One thing the target format cannot hold."""

    field: str
    message: str
    arxiv_id: str | None = None
    line: int | None = None

    def render(self, path: str | None) -> str:
        """``path:line: field: message`` for the loss report on stderr (escaped for a terminal:
        the path and message may hold anything a file name or digest holds)."""
        where = path or "<string>"
        if self.line:
            where += f":{self.line}"
        who = f" ({self.arxiv_id})" if self.arxiv_id else ""
        return escape_text(f"{where}: {self.field}{who}: {self.message}")


@dataclass(frozen=True, slots=True)
class Conversion:
    """The converted digest, its text, and what the target format could not hold."""

    digest: Digest
    text: str
    losses: list[Loss]


def convert(digest: Digest, to: str) -> Conversion:
    """Render ``digest`` in the format ``to`` (any registered format's name)."""
    from .api import dumps, loads

    target = registry.get(to)
    if digest.format == target.name:
        return Conversion(digest, dumps(digest), [])
    losses = _digest_losses(digest, target)
    papers = []
    for paper in digest.papers:
        losses.extend(_paper_losses(paper, target))
        papers.append(_moved(paper, target))
    kept = {name: getattr(digest, name) for name in _DIGEST_FIELDS if name in target.digest_fields}
    converted = Digest.model_validate({"format": target.name, "papers": papers, **kept})
    converted.title = None  # a header title names its own format's generator: rendered anew
    text = target.render_document(converted)
    try:
        result = loads(text, path=None)
    except DigestParseError as exc:
        raise ConversionError(
            f"written in {target.name}, it would not read back (line {exc.line} of the output: "
            f"{exc.message}): a field holds what the format cannot; no output written",
            path=digest.path,
        ) from None
    if result.format != target.name and result.papers:
        raise ConversionError(
            f"written in {target.name}, it would read back as {result.format}: a field holds another "
            "format's syntax; no output written",
            path=digest.path,
        )
    losses.extend(_readback_losses(digest, papers, result.papers, target))
    return Conversion(result, text, losses)


# Digest fields a conversion may carry over (the header values; papers and problems apart).
_DIGEST_FIELDS = ("date", "title", "topic", "badge_count", "keywords", "filter", "declared_counts")
# Paper fields that say where the entry was; they are not content and are never a loss.
_POSITIONS = frozenset({"path", "line", "end_line", "section"})


def _moved(paper: Paper, target: FormatPlugin) -> Paper:
    update: dict[str, object] = {"line": 0, "end_line": 0, "path": None}
    if "section" not in target.paper_fields:
        update["section"] = None
    for name in Paper.model_fields:
        if name not in target.paper_fields and name not in _POSITIONS and name != "arxiv_id":
            update[name] = Paper.model_fields[name].get_default(call_default_factory=True)
    return target.adopt(paper.model_copy(update=update))


def _readback_losses(
    digest: Digest, written: Sequence[Paper], back: Sequence[Paper], target: FormatPlugin
) -> list[Loss]:
    """What the target's own reader does not give back as it was written, said per field.

    A format that names a paper by its link alone (sections) cannot keep the identifier of a
    paper whose link names another paper or none; a Tags cell keeps only known categories as
    categories; link text cannot hold what closes it. A paper more or less is no loss but a
    broken output: :class:`ConversionError`.
    """
    if len(back) != len(written):
        raise ConversionError(
            f"{len(written)} paper(s) written in {target.name} would read back as {len(back)}: "
            "a field holds the format's own entry syntax; no output written",
            path=digest.path,
        )
    losses = []
    for source, mine, theirs in zip(digest.papers, written, back, strict=True):
        ident = str(source.arxiv_id) if source.arxiv_id else None
        for name in sorted(target.paper_fields - _POSITIONS):
            value, read = getattr(mine, name), getattr(theirs, name)
            if value == read or (not value and (not read or name in _DERIVED_WHEN_EMPTY)):
                continue
            if name in target.single_line_fields and _words(value) == _words(read):
                continue  # folded line breaks are reported by _paper_losses
            message = f"written as {_short(value)}, reads back as {_short(read)}"
            if name == "arxiv_id":
                message += f": {target.name} takes it from the link, which does not name it"
            losses.append(Loss(name, message, ident, source.line or None))
    return losses


# Values a writer derives when left empty (a link from the identifier, its version from the link).
_DERIVED_WHEN_EMPTY = frozenset({"link", "version"})


def _words(value: object) -> object:
    return " ".join(value.split()) if isinstance(value, str) else value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _digest_losses(digest: Digest, target: FormatPlugin) -> list[Loss]:
    losses: list[Loss] = []
    for name in _DIGEST_FIELDS:
        value = getattr(digest, name)
        if not value or name in target.digest_fields or (name == "title" and digest.format is not None):
            continue
        if name == "date" and target.name == "sections":
            message = (
                f"{value.isoformat()} is not stored in a sections file; name its folder D-Mon-YYYY to keep it"
            )
        elif isinstance(value, (list, dict)):
            message = f"{len(value)} value(s) have no place in a {target.name} file"
        else:
            message = f"{value!r} has no place in a {target.name} file"
        losses.append(Loss(name, message))
    layout = layout_of(digest)
    if layout is not None:
        extra = _text_outside_entries(layout.pieces, digest.format)
        if extra:
            losses.append(Loss("trivia", f"{extra} line(s) of text outside entries are not carried over"))
    return losses


def _text_outside_entries(pieces: Sequence[object], fmt: str | None) -> int:
    """Count non-blank trivia lines that carry content (not the format's own scaffolding)."""
    count = 0
    for piece in pieces:
        if not isinstance(piece, str):
            continue
        for line in piece.split("\n"):
            stripped = line.strip(" \t\r")
            if stripped and stripped != g.SEPARATOR and not _is_scaffolding(stripped, fmt):
                count += 1
    return count


def _is_scaffolding(line: str, fmt: str | None) -> bool:
    """Lines a generator writes around entries (badges, headings, tables' furniture), not content."""
    if fmt == "sections":
        return False
    return line.startswith(("[![", "## ", "# ", "|---", "| ---", "|:-", "| :-", "<", "- [", "> "))


def _paper_losses(paper: Paper, target: FormatPlugin) -> list[Loss]:
    ident = str(paper.arxiv_id) if paper.arxiv_id else None
    line = paper.line or None
    losses: list[Loss] = []
    for name in Paper.model_fields:
        if name in _POSITIONS or name in target.paper_fields or name == "authors_truncated":
            continue
        value = getattr(paper, name)
        if value is None or value == [] or value == "":
            continue
        if name == "categories":
            message = " ".join(paper.categories) + " not kept"
        elif name in ("title_zh", "abstract_zh"):
            message = f"{target.name} has no ZH fields"
        else:
            message = f"{target.name} has no {name}"
        losses.append(Loss(name, message, ident, line))
    if paper.authors_truncated and "authors_truncated" not in target.paper_fields:
        losses.append(
            Loss(
                "authors_truncated",
                f"the list was cut with `et al.`; {target.name} lists are read as complete",
                ident,
                line,
            )
        )
    if paper.section and "section" not in target.paper_fields:
        losses.append(Loss("section", f"section {paper.section!r} not kept", ident, line))
    for name in sorted(target.single_line_fields & target.paper_fields):
        value = getattr(paper, name)
        if isinstance(value, str) and "\n" in value:
            losses.append(
                Loss(name, f"line breaks folded into spaces (one line in {target.name})", ident, line)
            )
    return losses
