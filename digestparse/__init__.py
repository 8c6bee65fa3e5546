"""digestparse: read, check and convert Markdown paper digests, byte for byte."""

from .api import dump, dumps, iter_digests, iter_papers, load, loads
from .arxiv import ArxivId
from .errors import (
    DigestParseError,
    InvalidArxivIdError,
    InvalidEncodingError,
    NotADigestError,
    UnreadablePathError,
)
from .models import Digest, Paper, ParseProblem

__version__ = "0.1.0"

__all__ = [
    "ArxivId",
    "Digest",
    "DigestParseError",
    "InvalidArxivIdError",
    "InvalidEncodingError",
    "NotADigestError",
    "Paper",
    "ParseProblem",
    "UnreadablePathError",
    "__version__",
    "dump",
    "dumps",
    "iter_digests",
    "iter_papers",
    "load",
    "loads",
]
