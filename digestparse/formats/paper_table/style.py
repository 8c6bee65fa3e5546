"""How one paper-table entry was written: what the writer needs to render an edited entry the
way the original was written (the format-private ``EntryFacts.style``).

Rows of one table share their style, so the reader interns them: a 2,000-row README holds a
handful of style objects, not 2,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import grammar as g


@dataclass(frozen=True, slots=True)
class RowStyle:
    """A table row ``|**date**|**title**|…|``.

    ``columns`` are the kinds of the table's columns after Title (from its header row, or the
    generator's default); ``cells`` how many of them the row has (early rows leave an empty
    last cell out). ``others`` are the raw cells of columns digestparse has no field for.
    """

    columns: tuple[str, ...] = g.DEFAULT_COLUMNS
    cells: int = len(g.DEFAULT_COLUMNS)
    id_versioned: bool = False  # the link text carries ``vN`` (``[2110.14789v1](…v1)``)
    code_before: str = "**["  # the code cell is ``<before>label](url)<after>`` or ``null``
    code_label: str = "link"
    code_after: str = ")**"
    code_empty: str = g.NULL_CODE
    abstract_bold: bool = False  # ``**abstract**`` in an Abstract column
    abstract_suffix: str = ""  # `` et.al.`` when an Abstract column replaced Authors
    et_al: str = g.ET_AL  # how a cut author list ends (`` et.al.``; a fork writes `` et al.``)
    others: tuple[str, ...] = ()
    trailing: str = ""  # spaces after the closing ``|``


@dataclass(frozen=True, slots=True)
class ItemStyle:
    """A list item ``- **date** **title** [id](url)`` with an optional ``  > summary`` line."""

    id_versioned: bool = False
    summary: bool = True


DEFAULT_ROW = RowStyle()
DEFAULT_ITEM = ItemStyle()
