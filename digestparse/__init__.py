"""digestparse: read, check and convert Markdown paper digests, byte for byte."""

from ._version import __version__
from .api import as_written, dump, dumps, iter_digests, iter_papers, load, loads
from .arxiv import ArxivId
from .convert import Conversion, Loss, convert
from .errors import (
    DigestParseError,
    InvalidArxivIdError,
    InvalidEncodingError,
    NotADigestError,
    PluginError,
    UnreadablePathError,
    UnrepresentableError,
)
from .lint.diagnostic import Diagnostic, Severity
from .lint.runner import check
from .merge import merge  # the function: ``digestparse.merge`` was the module before
from .models import Digest, Paper, ParseProblem

__all__ = [
    "ArxivId",
    "Conversion",
    "Diagnostic",
    "Digest",
    "DigestParseError",
    "InvalidArxivIdError",
    "InvalidEncodingError",
    "Loss",
    "NotADigestError",
    "Paper",
    "ParseProblem",
    "PluginError",
    "Severity",
    "UnreadablePathError",
    "UnrepresentableError",
    "__version__",
    "as_written",
    "check",
    "convert",
    "dump",
    "dumps",
    "iter_digests",
    "iter_papers",
    "load",
    "loads",
    "merge",
]
