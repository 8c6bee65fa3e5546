"""Errors raised by digestparse.

Every error a user can provoke with bad input derives from :class:`DigestParseError`, a
``ValueError``, so callers can catch one class. The position (path, line, column) is kept
apart from the message, as in pypa/packaging's ``InvalidRequirement``, so tools can render it
their own way; ``str()`` gives the ``path:line:col: message`` form a terminal user expects,
followed by the offending line and a caret when the line is known.
"""

from __future__ import annotations

from ._escape import escape_text

_MAX_SHOWN_LINE = 120


class DigestParseError(ValueError):
    """Root of every error about a digest's content or a file that cannot be read as one.

    ``line`` is 1-based, ``col`` is 1-based (both ``None`` when unknown); ``source_line`` is the
    text of the offending line, shown under the message with a caret.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        source_line: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.source_line = source_line

    @property
    def location(self) -> str:
        """``path:line:col`` with the parts that are known, e.g. ``a.md:12:3`` or ``<string>``."""
        parts = [self.path or "<string>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        """``path:line:col: message`` for a person: the path and message are escaped (a file
        name or digest text with control characters cannot act on the terminal)."""
        text = escape_text(f"{self.location}: {self.message}")
        if self.source_line is not None and self.line is not None:
            shown = self.source_line[:_MAX_SHOWN_LINE].replace("\t", " ")
            shown = "".join(ch if ch.isprintable() else "?" for ch in shown)
            text += f"\n    {shown}"
            if self.col is not None and self.col - 1 <= len(shown):
                text += "\n    " + " " * (self.col - 1) + "^"
        return text


class InvalidEncodingError(DigestParseError):
    """The bytes are not UTF-8 (or contain NUL bytes, as binary files do)."""

    def __init__(
        self,
        message: str,
        *,
        byte_offset: int,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        source_line: str | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line, col=col, source_line=source_line)
        self.byte_offset = byte_offset


class NotADigestError(DigestParseError):
    """The text is readable but is neither a badge-list nor a sections digest."""


class InvalidArxivIdError(DigestParseError):
    """A string that should be an arXiv identifier is not one."""


class UnreadablePathError(DigestParseError):
    """A path that cannot be read as a file: missing, a directory, or no permission."""


class ConversionError(DigestParseError):
    """A digest cannot be written in the requested format."""


class PluginError(DigestParseError):
    """A format plug-in that cannot be loaded or does not implement the protocol."""


class UnrepresentableError(DigestParseError):
    """An edited or added record holds what its digest's format cannot write and read back."""
