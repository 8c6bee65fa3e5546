"""The paper-table format as a plug-in: Vincentqyw/cv-arxiv-daily's tables and their forks.

One row per paper, ``|**YYYY-MM-DD**|**Title**|First Author et.al.|[ID](URL)|null|``, in one
table per ``## Topic``; a README and a Jekyll ``docs/index.md`` copy, monthly archives, per-topic
files, column-set variants (Abstract, 摘要, Homepage, …) and a list-item variant. See
``docs/formats/paper-table.md``.
"""

from __future__ import annotations

from ..plugin import Format, link_to_abstract_page
from . import reader, writer
from .sniff import sniff

FORMAT = Format(
    name="paper-table",
    summary="Vincentqyw/cv-arxiv-daily and forks: `|**date**|**title**|author et.al.|[id](url)|code|` rows",
    sniff_function=sniff,
    read_function=reader.read,
    dumps_function=writer.dumps,
    render_entry_function=lambda paper: writer.render_entry(paper, None),
    render_document_function=writer.render_document,
    paper_fields=frozenset(
        {
            "arxiv_id",
            "version",
            "title",
            "authors",
            "authors_truncated",
            "abstract",
            "abstract_zh",
            "link",
            "section",
            "published",
            "code_url",
        }
    ),
    digest_fields=frozenset({"date", "title", "keywords"}),
    single_line_fields=frozenset({"title", "authors", "abstract", "abstract_zh", "code_url"}),
    adopt_function=link_to_abstract_page,
)

__all__ = ["FORMAT"]
