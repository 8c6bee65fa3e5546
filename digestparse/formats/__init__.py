"""The two digest formats: one reader and one writer each, in a registry keyed by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .._source import Source
from ..models import Digest, DigestFormat
from . import badge_list, badge_list_writer, sections, sections_writer


@dataclass(frozen=True, slots=True)
class Format:
    """A format's name, reader and writers."""

    name: DigestFormat
    read: Callable[[Source], Digest]
    dumps: Callable[[Digest], str]
    render_document: Callable[[Digest], str]


FORMATS: dict[str, Format] = {
    "badge-list": Format(
        "badge-list", badge_list.read, badge_list_writer.dumps, badge_list_writer.render_document
    ),
    "sections": Format("sections", sections.read, sections_writer.dumps, sections_writer.render_document),
}
