"""Decode a digest once and remember every byte-level fact needed to write it back.

The readers work on clean ``\\n``-separated text; this module records what that hides: a
UTF-8 byte-order mark, a file that uses CRLF throughout, and (implicitly, through the last
element of ``lines``) whether the file ends with a newline. LibCST keeps the same facts in its
``detect_config.py``. A file with *mixed* line endings is kept as it is: its stray ``\\r``
characters stay inside the lines, the readers tolerate them, and the writer gives them back.

Lines are split on ``\\n`` only, never with ``str.splitlines`` (which also splits on ``\\r``,
form feeds, U+2028 and others, and would make line numbers disagree with every editor and with
``git``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidEncodingError

BOM = "\ufeff"
_BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded digest: normalised text, its lines, and how to restore the original bytes."""

    text: str
    lines: list[str]
    path: str | None = None
    bom: bool = False
    newline: str = "\n"

    def restore(self, text: str) -> str:
        """Turn normalised text back into the original form (BOM and CRLF put back)."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return BOM + text if self.bom else text

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` (without its newline), or ``""`` past the end."""
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""


def from_text(text: str, path: str | None = None) -> Source:
    """Build a :class:`Source` from already decoded text."""
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\n"
    newlines = text.count("\n") if "\r" in text else 0  # no CR at all: plain LF, skip counting
    if newlines and text.count("\r\n") == newlines:
        newline = "\r\n"
        text = text.replace("\r\n", "\n")
    return Source(text=text, lines=text.split("\n"), path=path, bom=bom, newline=newline)


def from_bytes(data: bytes, path: str | None = None) -> Source:
    """Decode UTF-8 bytes, rejecting binary data and invalid sequences with their position."""
    nul = data.find(b"\x00", 0, _BINARY_SNIFF)
    if nul < 0 and len(data) > _BINARY_SNIFF:
        nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position_of_byte(data, nul)
        raise InvalidEncodingError(
            f"binary file: NUL byte at byte offset {nul}; a digest is UTF-8 text",
            byte_offset=nul,
            path=path,
            line=line,
            col=col,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(data, exc.start)
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise InvalidEncodingError(
            f"invalid UTF-8 at byte offset {exc.start} (bytes {bad}): {exc.reason}",
            byte_offset=exc.start,
            path=path,
            line=line,
            col=col,
        ) from None
    return from_text(text, path)


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and 1-based column (counted in characters of the valid prefix) of a byte."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    return line, len(prefix) + 1
