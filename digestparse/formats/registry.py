"""Which formats digestparse knows: the built-in ones and those plug-ins register.

Built-in formats are listed by module (each exposes ``FORMAT``); a third-party package adds
one with an entry point in the ``digestparse.formats`` group whose object implements
:class:`~digestparse.formats.plugin.FormatPlugin`::

    [project.entry-points."digestparse.formats"]
    my-format = "my_package.my_format:FORMAT"

Detection tries the formats in registry order (built-ins first, then plug-ins by name), so a
plug-in can add a format but never take a file away from a built-in one.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from importlib.metadata import entry_points

from ..errors import ConversionError, PluginError
from .plugin import FormatPlugin

ENTRY_POINT_GROUP = "digestparse.formats"

# One line per built-in format: "module:attribute".
BUILTIN: tuple[str, ...] = (
    "digestparse.formats.badge_list_format:FORMAT",
    "digestparse.formats.sections_format:FORMAT",
    "digestparse.formats.paper_table:FORMAT",
    "digestparse.formats.abstract_table:FORMAT",
)


def _load(spec: str) -> FormatPlugin:
    module_name, _, attribute = spec.partition(":")
    plugin = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(plugin, FormatPlugin):
        raise PluginError(f"{spec} does not implement the FormatPlugin protocol")
    return plugin


@lru_cache(maxsize=1)
def formats() -> dict[str, FormatPlugin]:
    """Every known format by name, in detection order (loaded once per process)."""
    known: dict[str, FormatPlugin] = {}
    for spec in BUILTIN:
        plugin = _load(spec)
        known[plugin.name] = plugin
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            plugin = point.load()
        except Exception as exc:  # a broken plug-in must not break every command
            raise PluginError(f"format plug-in {point.name!r} ({point.value}) failed to load: {exc}") from exc
        if not isinstance(plugin, FormatPlugin):
            raise PluginError(
                f"format plug-in {point.name!r} ({point.value}) does not implement FormatPlugin"
            )
        if plugin.name in known:
            raise PluginError(f"format plug-in {point.name!r} reuses the format name {plugin.name!r}")
        known[plugin.name] = plugin
    return known


def names() -> list[str]:
    """The names of every known format, in detection order."""
    return list(formats())


def get(name: str) -> FormatPlugin:
    """The format called ``name``; :class:`ConversionError` names the known ones otherwise."""
    known = formats()
    if name not in known:
        raise ConversionError(f"unknown format {name!r}; choose one of {', '.join(known)}")
    return known[name]
