"""The release's version, in a module of its own: code inside the package (the check cache, the
SARIF log) reads it without importing the package, whose ``__init__`` imports that code."""

__version__ = "0.1.0"
