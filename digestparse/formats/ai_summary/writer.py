"""Writer for the ai-summary format: raw text for what is unchanged, the template for the rest.

An edited entry is written by filling the value slots of its own text (:class:`AiStyle`), so
its template (labels, extra labels and their text, blank lines, trailing spaces) stays as the
generator wrote it. A new paper in an existing file takes the template of the file's first
entry, with the extra labels left empty (the generator prints a label whose value it lacks as
``Label: ``), and the next free entry number: entry numbers of the other entries are never
changed, so adding or removing a paper changes no other entry's text (numbers may then skip or
stand out of order, as they already do in files whose generator reorders its sections). The
ToC's ``[Total: N]`` of a section (and ``今日总计``) follows the entries it counted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from ...arxiv import link_for
from ...models import Digest, Paper
from .. import layout as lay
from ..layout import EntrySource, HeaderField
from . import grammar as g
from .reader import AiLayout, AiStyle

DEFAULT_TITLE = "AI-Enhanced arXiv Daily"
NO_SECTION = "Uncategorized"


class _Slot(NamedTuple):
    """A place for a value in an entry's template (``text``: an extra label's own value)."""

    name: str
    text: str = ""


_Part = str | _Slot


def dumps(digest: Digest) -> str:
    """The digest's text: its layout written back, or a fresh document when it has none."""
    layout = lay.layout_of(digest)
    if layout is None or (not layout.entries and digest.papers):
        return render_document(digest)
    return lay.write(digest, layout, _entry_renderer(layout), render_header, _header_value(layout))


# ------------------------------------------------------------------------------- entries


def _entry_renderer(layout: lay.Layout) -> lay.EntryRenderer:
    """Render edited entries in their own template, new ones in the file's first template."""
    template = next((s for s in layout.entries.values() if isinstance(s.facts.style, AiStyle)), None)
    numbers = [layout.max_number if isinstance(layout, AiLayout) else 0]

    def render(paper: Paper, source: EntrySource | None) -> str:
        if source is not None and isinstance(source.facts.style, AiStyle):
            return _fill(source.raw, source.facts.style, paper, source.facts.style.number, own=True)
        numbers[0] += 1
        if template is not None and isinstance(template.facts.style, AiStyle):
            style = template.facts.style
            number = numbers[0] if style.number is not None else None
            text = _fill(template.raw, style, paper, number, own=False)
            return text if text.endswith("\n") else text + "\n"
        return render_entry(paper, numbers[0])

    return render


def render_entry(paper: Paper, number: int | None = 1) -> str:
    """A new entry in the generator's template (dw-dengwei's ``paper_template.md``).

    Fields the base template has no place for are written only when the paper has them, the
    way the forks that print them do: the translated title as ``> *…*`` under the head, more
    than one category as `` | **Category: a, b**`` after the authors, ``Comment:`` and
    ``中文摘要:``; so every field the format declares is kept.
    """
    head = f"### [{number}] " if number is not None else "### "
    parts = [f"{head}[{_one_line(paper.title)}]({_link(paper)})\n"]
    if paper.title_zh is not None:
        parts.append(f"> *{_one_line(paper.title_zh)}*\n")
    authors = f"*{','.join(_one_line(n) for n in paper.authors)}*"
    if len(paper.categories) > 1:
        authors += f" | **Category: {', '.join(_one_line(c) for c in paper.categories)}**"
    parts.append(authors + "\n\n")
    parts.append(f"Main category: {_one_line(paper.categories[0]) if paper.categories else ''}\n\n")
    if paper.comment is not None:
        parts.append(f"Comment: {paper.comment}\n\n")
    parts.append(
        f"TL;DR: {paper.tldr or ''}\n\n\n<details>\n  <summary>Details</summary>\n"
        f"Motivation: {paper.motivation or ''}\n\n"
        f"Method: {paper.method or ''}\n\n"
        f"Result: {paper.result or ''}\n\n"
        f"Conclusion: {paper.conclusion or ''}\n\n"
    )
    if paper.abstract_zh is not None:
        parts.append(f"中文摘要: {paper.abstract_zh}\n\n")
    parts.append(f"Abstract: {paper.abstract}\n\n</details>\n")
    return "".join(parts)


def _fill(raw: str, style: AiStyle, paper: Paper, number: int | None, own: bool) -> str:
    """The template text of ``raw`` with every slot filled from ``paper``."""
    parts: list[_Part] = []
    position = 0
    for name, start, stop in style.slots:
        parts.append(raw[position:start])
        parts.append(_Slot(name, raw[start:stop] if own and name.startswith("x:") else ""))
        position = stop
    parts.append(raw[position:])
    _insert_missing(parts, paper)
    out: list[str] = []
    for part in parts:
        if isinstance(part, _Slot):
            out.append(
                part.text
                if part.name.startswith("x:")
                else _value(part.name, paper, number, style.author_separator)
            )
        else:
            out.append(part)
    return "".join(out)


def _value(name: str, paper: Paper, number: int | None, separator: str) -> str:
    if name == "number":
        return str(number if number is not None else 1)
    if name == "title":
        return _one_line(paper.title)
    if name == "link":
        return _link(paper)
    if name == "title_zh":
        return _one_line(paper.title_zh or "")
    if name == "authors":
        return separator.join(_one_line(n) for n in paper.authors)
    if name == "category_list":
        return ", ".join(_one_line(c) for c in paper.categories)
    if name == "categories":
        return _one_line(paper.categories[0]) if paper.categories else ""
    value = getattr(paper, name)
    return value if isinstance(value, str) else ""


def _insert_missing(parts: list[_Part], paper: Paper) -> None:
    """Give fields the template has no slot for a place, so an edit never drops a value.

    A labelled field goes before the first label that comes later in the template order (or
    after the last one), with the default label; a translated title or an author line goes
    under the head line.
    """
    have = {p.name for p in parts if isinstance(p, _Slot)}
    if paper.title_zh is not None and "title_zh" not in have:
        _after_head(parts, ["> *", _Slot("title_zh"), "*\n"])
    if paper.authors and "authors" not in have:
        _after_head(parts, ["*", _Slot("authors"), "*\n"], after_title_zh=True)
    wanted = [
        key
        for key in g.DEFAULT_LABELS
        if key not in have
        and not (key == "categories" and "category_list" in have)
        and (paper.categories if key == "categories" else getattr(paper, key))
    ]
    for key in sorted(wanted, key=g.RANK.__getitem__):
        _insert_labelled(parts, key)


def _after_head(parts: list[_Part], insert: list[_Part], after_title_zh: bool = False) -> None:
    names = [p.name if isinstance(p, _Slot) else None for p in parts]
    anchor = "title_zh" if after_title_zh and "title_zh" in names else "link"
    at = names.index(anchor) + 1
    literal = parts[at] if at < len(parts) and isinstance(parts[at], str) else ""
    assert isinstance(literal, str)
    cut = literal.find("\n") + 1
    if cut == 0:
        parts[at : at + 1] = [literal + "\n", *insert]
    else:
        parts[at : at + 1] = [literal[:cut], *insert, literal[cut:]]


def _slot_rank(part: _Part) -> int | None:
    if not isinstance(part, _Slot):
        return None
    key = part.name[2:] if part.name.startswith("x:") else part.name
    return g.RANK.get(key)


def _insert_labelled(parts: list[_Part], key: str) -> None:
    rank = g.RANK[key]
    label = g.DEFAULT_LABELS[key]
    later = next((i for i, p in enumerate(parts) if (r := _slot_rank(p)) is not None and r > rank), None)
    if later is not None and later > 0 and isinstance(parts[later - 1], str):
        literal = parts[later - 1]
        assert isinstance(literal, str)
        cut = literal.rfind("\n") + 1
        parts[later - 1 : later] = [literal[:cut], label, _Slot(key), "\n\n", literal[cut:]]
        return
    ranked = [i for i, p in enumerate(parts) if _slot_rank(p) is not None]
    at = (ranked[-1] + 1) if ranked else len(parts)
    lead = "\n\n" if ranked else ("" if str(parts[at - 1]).endswith("\n") else "\n")
    parts[at:at] = [lead + label, _Slot(key)] if ranked else [lead + label, _Slot(key), "\n"]


# -------------------------------------------------------------------------------- header


def _header_value(layout: lay.Layout) -> lay.HeaderValue:
    def value(digest: Digest, name: str) -> Any:
        if name == "header":
            return (digest.title, digest.date)
        original = next(p.value for p in layout.pieces if isinstance(p, HeaderField) and p.name == name)
        declared, heads = original
        if name == "total":
            delta = len(digest.papers) - len(layout.entries)
            return (_follow(declared, declared, heads, delta), heads)
        section = name[len("count:") :]
        delta = _placed(layout, digest)[section] - _original_in(layout, section)
        return (_follow(digest.declared_counts.get(section), declared, heads, delta), heads)

    return value


def _follow(current: int | None, declared: int, heads: int, delta: int) -> int | None:
    """A count that was true (it counted every entry of its section) stays true; a count the
    user changed, or one that was already off, is written as it is."""
    if current == declared and declared == heads:
        return heads + delta
    return current


def _original_in(layout: lay.Layout, section: str) -> int:
    """How many papers the file held in ``section``."""
    return sum(1 for source in layout.entries.values() if _style_section(source) == section)


def _placed(layout: lay.Layout, digest: Digest) -> Counter[str | None]:
    """How many current papers will be written in each section: survivors fill the original
    slots in order (each slot keeps its section), a new paper lands after the paper before it."""
    original = [s for s in layout.pieces if isinstance(s, EntrySource)]
    current = {id(p) for p in digest.papers}
    slots = iter([_style_section(s) for s in original if id(s.paper) in current])
    result: Counter[str | None] = Counter()
    previous: str | None = next((_style_section(s) for s in original if id(s.paper) in current), None)
    for paper in digest.papers:
        section = next(slots) if layout.source_of(paper) is not None else previous
        result[section] += 1
        previous = section
    return result


def _style_section(source: EntrySource) -> str | None:
    style = source.facts.style
    return style.section if isinstance(style, AiStyle) else None


def render_header(digest: Digest, piece: HeaderField, value: Any) -> str:
    """One header line written with its current value."""
    newline = "\n" if piece.raw.endswith("\n") else ""
    if piece.name == "header":
        title, date = value
        text = title or f"{DEFAULT_TITLE} {date.isoformat() if date else ''}".rstrip()
        match = g.TITLE_DATE.search(text)
        if date is not None and match is not None and match["date"] != date.isoformat():
            text = text[: match.start("date")] + date.isoformat() + text[match.end("date") :]
        return "# " + text + newline
    count = value[0]
    if count is None:
        return piece.raw
    match = g.TOC_TOTAL.fullmatch(piece.raw.rstrip("\n")) or g.TOC_PIECES.fullmatch(piece.raw.rstrip("\n"))
    if piece.name == "total":
        match = g.DAY_TOTAL.fullmatch(piece.raw.rstrip("\n"))
    if match is None:
        return piece.raw
    return piece.raw[: match.start("count")] + str(count) + piece.raw[match.end("count") :]


# ------------------------------------------------------------------------------ document


def render_document(digest: Digest) -> str:
    """A complete file in the generator's layout: ToC with true counts, then each section.

    Papers are grouped by section (their ``section``, else their first category), in the order
    the sections first appear, and numbered from 1 in the order written. A title line
    ``# AI-Enhanced arXiv Daily <date>`` (the bold-label forks' header) carries the date.
    """
    groups: dict[str, list[Paper]] = {}
    for paper in digest.papers:
        groups.setdefault(_section_name(paper), []).append(paper)
    out: list[str] = []
    if digest.title:
        out.append(f"# {_one_line(digest.title)}\n\n")
    elif digest.date:
        out.append(f"# {DEFAULT_TITLE} {digest.date.isoformat()}\n\n")
    out.append(f"{g.TOC_ANCHOR}\n\n{g.TOC_TITLE}\n\n")
    out.extend(f"- [{name}](#{name}) [Total: {len(papers)}]\n" for name, papers in groups.items())
    number = 0
    for name, papers in groups.items():
        out.append(f"\n\n<div id='{name}'></div>\n\n# {name} [[Back]](#toc)\n\n")
        entries = []
        for paper in papers:
            number += 1
            entries.append(render_entry(paper, number))
        out.append("\n\n".join(entries))
    return "".join(out)


_SECTION_SAFE = str.maketrans("[]'", "()’")


def _section_name(paper: Paper) -> str:
    name = paper.section or (paper.categories[0] if paper.categories else NO_SECTION)
    # a section name is written in a ToC link and an HTML attribute: keep it on one line,
    # without the brackets and quotes that would end them
    name = _one_line(name).translate(_SECTION_SAFE)
    return name.strip() or NO_SECTION


def _link(paper: Paper) -> str:
    if paper.link:
        return _one_line(paper.link)
    return link_for(paper.arxiv_id, "abs", paper.version) if paper.arxiv_id else ""


def _one_line(text: str) -> str:
    """Fields written on one physical line: line breaks folded into spaces."""
    if "\n" not in text and "\r" not in text:
        return text
    return " ".join(part.strip() for part in text.replace("\r", "\n").split("\n") if part.strip())
