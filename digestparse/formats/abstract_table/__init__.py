"""The abstract-table format (zezhishao/DailyArXiv and forks) as a plug-in.

``## <keyword>`` sections of Markdown tables, one paper per row:
``| **[Title](https://arxiv.org/abs/IDvN)** | YYYY-MM-DD | <details>…abstract…</details> | comment |``
in ``README.md``, ``DailyPapers.md`` and dated copies, and without the abstract column in
``.github/ISSUE_TEMPLATE.md``. See ``docs/formats/abstract-table.md``.
"""

from __future__ import annotations

from ..plugin import Format, link_to_abstract_page
from . import reader, writer
from .sniff import sniff

FORMAT = Format(
    name="abstract-table",
    summary="zezhishao/DailyArXiv and forks: `| **[Title](url)** | date | <details>abstract</details> |`",
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
            "link",
            "published",
            "abstract",
            "abstract_zh",
            "comment",
            "authors",
            "authors_truncated",
            "categories",
            "tldr",
            "section",
        }
    ),
    digest_fields=frozenset({"date", "title", "topic"}),
    single_line_fields=frozenset({"title", "abstract", "abstract_zh", "comment", "authors"}),
    adopt_function=link_to_abstract_page,
)

__all__ = ["FORMAT"]
