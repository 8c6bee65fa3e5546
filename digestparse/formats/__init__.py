"""Digest formats: each a plug-in implementing :class:`~.plugin.FormatPlugin`, in a registry.

``FORMATS`` maps each known format's name to its plug-in (built-ins first, then those
registered through the ``digestparse.formats`` entry point group).
"""

from __future__ import annotations

from .._source import Source
from ._builder import LayoutBuilder
from .layout import EntryFacts, EntrySource, HeaderField, Layout, write
from .plugin import Format, FormatPlugin, NearMiss, Sniff
from .registry import formats, get, names

# The plug-in seam: what a format needs to read (Source, LayoutBuilder, EntryFacts) and write
# (Layout, write, EntrySource, HeaderField) byte for byte, and to be registered.
__all__ = [
    "EntryFacts",
    "EntrySource",
    "Format",
    "FormatPlugin",
    "HeaderField",
    "Layout",
    "LayoutBuilder",
    "NearMiss",
    "Sniff",
    "Source",
    "formats",
    "get",
    "names",
    "write",
]
