"""Reader for the sections format (the "Daily-Reporter" repositories).

Grammar (see ``docs/formats/sections.md``; ``␠`` is a space that is part of the syntax)::

    digest := (entry | orphan)*
    entry  := "# " TITLE "␠"
              ["" "**Title (ZH)**: " VALUE]
              "" "**Authors**: " NAMES "␠␠"
              "" "**Link**: [PDF](" URL ")␠␠"
              "" "**Abstract**: " VALUE
              ["" "**Abstract (ZH)**: " VALUE]
              "" "---"
    VALUE  := text running over any number of lines, up to the blank line before the next label

A label starts a field only after a blank line; a ``---`` line ends the entry only once the
required fields (Authors, Link, Abstract) are there, so ``---`` lines, lists, ``###`` headings
and code fences inside an LLM-written ZH field stay in the field. Text after a separator that
is not a ``# `` title is orphan text: kept as trivia, never dropped, reported by the checker.
The date is not in the file: it is the ``D-Mon-YYYY`` folder of the path.
"""

from __future__ import annotations

import datetime
import re
from pathlib import PurePath

from dateutil import parser as dateparser

from .. import _lines as g
from .._source import Source
from ..arxiv import ArxivLink, parse_link
from ..models import Digest, Paper, trusted_paper
from ..normalize.mojibake import repair_mojibake
from ._builder import LayoutBuilder
from .layout import EntryFacts

REQUIRED = ("authors", "link", "abstract")
_DATE_FOLDER = re.compile(r"\d{1,2}-[A-Z][a-z]{2}-\d{4}")
_TOPIC_FILE = re.compile(r"(?P<topic>.+?)(?:_related)?_papers\.md")


def read(source: Source) -> Digest:
    """Read a sections digest; never raises for content, records problems instead."""
    lines = source.lines
    last = len(lines) - 1 if lines and lines[-1] == "" else len(lines)
    builder = LayoutBuilder(source, separator="")
    index = 0
    while index < last:
        if lines[index].startswith(g.SECTIONS_TITLE_PREFIX):
            index = _read_entry(builder, lines, index, last)
            continue
        end = index + 1
        while end < last and not lines[end].startswith(g.SECTIONS_TITLE_PREFIX):
            end += 1
        builder.trivia(index, end)
        index = end
    layout = builder.finish()
    date, topic = facts_from_path(source.path)
    digest = Digest.model_construct(
        format="sections",
        path=source.path,
        date=date,
        title=None,
        topic=topic,
        badge_count=None,
        keywords=[],
        filter=[],
        papers=builder.papers,
        problems=builder.problems,
    )
    digest._layout = layout
    return digest


def facts_from_path(path: str | None) -> tuple[datetime.date | None, str | None]:
    """The digest date (``7-Feb-2025`` folder) and topic (``topic/LLM_related_papers.md`` or
    ``AI/README.md``) that a sections digest only has in its path."""
    if not path:
        return None, None
    parts = PurePath(path).parts
    date = None
    for part in reversed(parts[:-1]):
        if _DATE_FOLDER.fullmatch(part):
            try:
                date = dateparser.parse(part, dayfirst=True).date()
            except (ValueError, OverflowError):
                date = None
            break
    name = parts[-1]
    match = _TOPIC_FILE.fullmatch(name)
    if match is not None:
        topic: str | None = match["topic"]
    elif name.lower() == "readme.md" and len(parts) >= 2 and not _DATE_FOLDER.fullmatch(parts[-2]):
        topic = parts[-2]
    else:
        topic = None
    return date, topic


def _read_entry(builder: LayoutBuilder, lines: list[str], start: int, last: int) -> int:
    """Read the entry whose title is at ``start``; return the index after it."""
    values: dict[str, list[str]] = {}
    spans: dict[str, tuple[int, int]] = {"title": (start + 1, 3)}
    current: str | None = None
    end: int | None = None
    searched = start + 2  # lines from here on have not been searched for a hidden title yet
    index = start + 1
    while index < last:
        line = lines[index]
        if not values and line.startswith(g.SECTIONS_TITLE_PREFIX):
            end = index  # a title with no field before the next title: not an entry of its own
            break
        # g.is_blank, inlined for this hot loop: only a line that starts with a space, tab or
        # CR can be blank, so long text lines are never copied by strip()
        previous = lines[index - 1]
        previous_blank = not previous or (previous[0] in " \t\r" and not previous.strip(" \t\r"))
        if previous_blank and line.startswith("**"):
            match = g.FIELD.match(line)
            if match is not None:
                name = g.FIELD_NAMES[match["label"]]
                if name in values:
                    restart = _cut_at_hidden_title(lines, values, spans, searched, index)
                    searched = index
                    if restart is not None:
                        builder.problem(
                            "DP102", "entry has no `---` separator before the next title", restart - 1
                        )
                        end = restart
                        break
                    builder.problem("DP103", f"field `{match['label']}` appears twice in one entry", index)
                else:
                    current = name
                    values[name] = [line[match.end() :]]
                    spans[name] = (index + 1, match.end() + 2)
                    index += 1
                    continue
        if (
            line[:3] == g.SEPARATOR
            and line.rstrip(" \t\r") == g.SEPARATOR
            and _ends_entry(lines, index, last, values, previous_blank)
        ):
            end = index + 1
            break
        if current is not None:
            values[current].append(line)
        elif not g.is_blank(line):
            builder.problem("DP103", "text between the title and the first field", index)
        index += 1
    if end is None:
        end = last
        builder.problem("DP102", "truncated entry: the file ends before the entry's `---`", end - 1)
    missing = [name for name in REQUIRED if name not in values]
    if missing:
        builder.problem("DP105", "entry has no " + ", ".join(f"`{m}`" for m in missing) + " field", start)
    paper, link = _make_paper(lines[start], values, start, end, builder.source.path)
    if not paper.link and paper.arxiv_id is None:
        # No arXiv link and no identifier: nothing says which paper this is, so no paper is
        # made up (a `# Date: …` heading is not a paper); the lines stay, as text, reported.
        builder.problem(
            "DP101", "a `# ` title with no `**Link**:` to an arXiv paper: not read as a paper", start, end=end
        )
        builder.trivia(start, end)
        return end
    facts = EntryFacts(
        present=frozenset(values),
        link_id=link.raw_id if link else None,
        link_arxiv_id=link.arxiv_id if link else None,
        link_kind=link.kind if link else None,
    )
    builder.entry(paper, start, end, facts, spans)
    return end


def _ends_entry(
    lines: list[str], index: int, last: int, values: dict[str, list[str]], previous_blank: bool
) -> bool:
    """A ``---`` line ends the entry once the required fields are in, or before a title."""
    next_is_title = index + 1 >= last or lines[index + 1].startswith(g.SECTIONS_TITLE_PREFIX)
    if all(name in values for name in REQUIRED):
        return previous_blank or next_is_title
    return next_is_title and index + 1 < last


def _cut_at_hidden_title(
    lines: list[str], values: dict[str, list[str]], spans: dict[str, tuple[int, int]], low: int, index: int
) -> int | None:
    """Find a ``# `` title hiding in this entry's fields (the entry lost its ``---``).

    Looks back from ``index`` for a ``# `` title line, down to ``low``: the caller searched the
    lines before ``low`` at an earlier repeated label and found none, so an entry with many
    repeated labels is still searched once, not once per label. When found, cuts every field at
    it and returns its index, so the caller can end the entry there and start the next one.
    """
    restart = next(
        (k for k in range(index - 1, low - 1, -1) if lines[k].startswith(g.SECTIONS_TITLE_PREFIX)),
        None,
    )
    if restart is None:
        return None
    for name in list(values):
        label_index = spans[name][0] - 1
        if label_index >= restart:
            del values[name], spans[name]
        else:
            del values[name][restart - label_index :]
    return restart


def _value(values: dict[str, list[str]], name: str) -> str | None:
    if name not in values:
        return None
    return repair_mojibake("\n".join(values[name]).strip(" \t\r\n"))


def _make_paper(
    title_line: str, values: dict[str, list[str]], start: int, end: int, path: str | None
) -> tuple[Paper, ArxivLink | None]:
    link_value = _value(values, "link") or ""
    found = g.markdown_link(link_value)
    url = found[1] if found is not None else link_value
    link = parse_link(url)
    authors_value = _value(values, "authors") or ""
    authors = [name.strip() for name in authors_value.split(",")]
    paper = trusted_paper(
        arxiv_id=link.arxiv_id if link else None,
        version=link.version if link else None,
        title=repair_mojibake(title_line[2:].strip(" \t\r")),
        authors=[name for name in authors if name],
        authors_truncated=False,
        categories=[],
        abstract=_value(values, "abstract") or "",
        link=url,
        title_zh=_value(values, "title_zh"),
        abstract_zh=_value(values, "abstract_zh"),
        section=None,
        path=path,
        line=start + 1,
        end_line=end,
    )
    return paper, link
