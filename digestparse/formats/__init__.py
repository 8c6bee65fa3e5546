"""Digest formats: each a plug-in implementing :class:`~.plugin.FormatPlugin`, in a registry.

``FORMATS`` maps each known format's name to its plug-in (built-ins first, then those
registered through the ``digestparse.formats`` entry point group).
"""

from __future__ import annotations

from .plugin import Format, FormatPlugin, NearMiss, Sniff
from .registry import formats, get, names

__all__ = ["Format", "FormatPlugin", "NearMiss", "Sniff", "formats", "get", "names"]
