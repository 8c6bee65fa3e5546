"""``python -m digestparse``: the same command line as the ``digestparse`` script."""

from .cli import entry_point

entry_point()
