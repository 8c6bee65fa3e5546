"""An example digest format plug-in: one paper per line, ``* [arXiv:ID](URL) Title``.

This is the plug-in that ``docs/formats/writing-a-format.md`` walks through, and the test
suite installs it (a ``.dist-info`` folder with an ``entry_points.txt``, as pip lays out an
installed wheel) and reads, writes and converts a digest of its format. It uses only the
public plug-in seam: ``Format``, ``Sniff``, ``NearMiss``, the ``LayoutBuilder`` that makes the
round trip byte-exact, and the generic ``layout.write``.
"""

from __future__ import annotations

import re

from digestparse import Digest, Paper
from digestparse.arxiv import parse_link
from digestparse.formats import (
    EntryFacts,
    EntrySource,
    Format,
    HeaderField,
    LayoutBuilder,
    NearMiss,
    Sniff,
    Source,
    write,
)
from digestparse.models import trusted_paper

ENTRY = re.compile(r"\* \[arXiv:(?P<id>[^\]\s]+)\]\((?P<url>[^)\s]+)\) (?P<title>\S[^\n]*)")


def sniff(source: Source) -> Sniff | NearMiss | None:
    """Entries in the first lines; a ``* [`` line that is not one is a near miss."""
    lines = source.lines[:400]
    entries = [i for i, line in enumerate(lines) if ENTRY.fullmatch(line)]
    if entries:
        return Sniff(entries=len(entries), line=entries[0] + 1)
    near = next((i for i, line in enumerate(lines) if line.startswith("* [arXiv:")), None)
    return (
        NearMiss(near + 1, "looks like a line-list entry but has no `(URL) Title`")
        if near is not None
        else None
    )


def read(source: Source) -> Digest:
    """Each entry line is a paper; every other line is kept as it is."""
    builder = LayoutBuilder(source, separator="")
    for index, line in enumerate(source.lines):
        match = ENTRY.fullmatch(line)
        link = parse_link(match["url"]) if match else None
        if match is None or link is None or link.arxiv_id is None:
            if match is not None:
                builder.problem("DP101", "entry link is not an arXiv link", index)
            builder.trivia(index, index + 1)
            continue
        paper = trusted_paper(
            arxiv_id=link.arxiv_id,
            version=link.version,
            title=match["title"],
            authors=[],
            authors_truncated=False,
            categories=[],
            abstract="",
            link=match["url"],
            title_zh=None,
            abstract_zh=None,
            section=None,
            path=source.path,
            line=index + 1,
            end_line=index + 1,
        )
        facts = EntryFacts(
            present=frozenset({"title", "link"}), link_id=link.raw_id, link_arxiv_id=link.arxiv_id
        )
        builder.entry(paper, index, index + 1, facts, {"title": (index + 1, match.start("title") + 1)})
    layout = builder.finish()
    digest = Digest.model_construct(
        format="line-list", path=source.path, papers=builder.papers, problems=builder.problems
    )
    digest._layout = layout
    return digest


def render_entry(paper: Paper, source: EntrySource | None = None) -> str:
    """``* [arXiv:ID](URL) Title`` followed by its newline."""
    url = paper.link or f"https://arxiv.org/abs/{paper.arxiv_id}"
    return f"* [arXiv:{paper.arxiv_id}]({url}) {' '.join(paper.title.split())}\n"


def render_document(digest: Digest) -> str:
    """A new file: a heading, then one line per paper."""
    return "# Papers\n\n" + "".join(render_entry(p) for p in digest.papers)


def _header(digest: Digest, piece: HeaderField, value: object) -> str:
    return piece.raw  # no header fields in this format


def dumps(digest: Digest) -> str:
    """Unchanged lines as they were read; edited and new entries rendered."""
    layout = digest._layout
    if layout is None:
        return render_document(digest)
    return write(digest, layout, render_entry, _header, lambda digest, name: None)


FORMAT = Format(
    name="line-list",
    summary="example plug-in: `* [arXiv:ID](URL) Title` lines",
    sniff_function=sniff,
    read_function=read,
    dumps_function=dumps,
    render_entry_function=render_entry,
    render_document_function=render_document,
    paper_fields=frozenset({"arxiv_id", "version", "title", "link"}),
    single_line_fields=frozenset({"title"}),
)
