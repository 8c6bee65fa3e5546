"""The sections format as a plug-in: how it is recognised, and its reader and writer.

Recognised from entries: a ``# `` title followed by the labels ``**Authors**:``,
``**Link**:`` and ``**Abstract**:`` before its ``---``. The format has no furniture, so an
empty sections digest is only ever a 0-byte file in a ``D-Mon-YYYY`` folder.
"""

from __future__ import annotations

from .. import _lines as g
from .._source import Source
from . import sections, sections_writer
from .plugin import Format, NearMiss, Sniff, link_to_pdf_page

SNIFF_LINES = 400
_REQUIRED_LABELS = ("Authors", "Link", "Abstract")


def sniff(source: Source) -> Sniff | NearMiss | None:
    """Whole entries from the first title on, or a title that nearly has the fields."""
    head = source.lines[:SNIFF_LINES]
    headings = [i for i, line in enumerate(head) if line.startswith("# ")]
    if not headings:
        return None
    first = next((i for i, line in enumerate(head) if line.strip()), 0)
    whole = [h for h in headings if len(_labels(head, h) & set(_REQUIRED_LABELS)) >= 2]
    # The first whole entry must be the first title or the one after it: a document that
    # quotes example entries under headings of its own (the corpus survey) is not a digest,
    # but a digest may open with one stray title.
    if whole and whole[0] in headings[:2]:
        return Sniff(entries=len(whole), line=whole[0] + 1)
    # A first entry that lost a field: the file still opens with a title, and a later entry
    # (one of the next four) is whole.
    if (
        headings[0] == first
        and len(_labels(head, first) & set(_REQUIRED_LABELS)) >= 1
        and any(h in whole for h in headings[1:5])
    ):
        return Sniff(entries=len(whole) + 1, line=first + 1)
    for h in headings:
        labels = _labels(head, h)
        if labels and h not in whole:
            missing = [f"`**{name}**:`" for name in _REQUIRED_LABELS if name not in labels]
            return NearMiss(h + 1, "looks like a sections entry but has no " + " or ".join(missing))
    return None


def _labels(lines: list[str], index: int) -> set[str]:
    """The field labels of the entry titled at ``index``, up to its ``---``."""
    labels: set[str] = set()
    for line in lines[index + 1 : index + 200]:
        if line.rstrip(" \t\r") == g.SEPARATOR or (not labels and line.startswith("# ")):
            break  # a `# ` line ends a title that has no field yet; inside a field it is text
        match = g.FIELD.match(line)
        if match is not None:
            labels.add(match["label"])
    return labels


FORMAT = Format(
    name="sections",
    summary="the Daily-Reporter repositories: `# Title` entries with `**Authors**:`, `**Link**:` fields",
    sniff_function=sniff,
    read_function=sections.read,
    dumps_function=sections_writer.dumps,
    render_entry_function=lambda paper: sections_writer.render_entry(paper, None),
    render_document_function=sections_writer.render_document,
    paper_fields=frozenset(
        {"arxiv_id", "version", "title", "authors", "abstract", "link", "title_zh", "abstract_zh"}
    ),
    digest_fields=frozenset(),  # date and topic come from the path (D-Mon-YYYY folder), not the file
    adopt_function=link_to_pdf_page,
)
