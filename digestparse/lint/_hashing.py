"""The hash a check records of the bytes it read (a module of its own: stage 1 records it and
the fixer verifies it, and the fixer re-runs stage 1 on what it wrote)."""

from __future__ import annotations

import hashlib


def sha256(data: bytes) -> str:
    """The hash a check records of the bytes its diagnostics were computed on."""
    return hashlib.sha256(data).hexdigest()
