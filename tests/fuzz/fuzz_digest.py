"""atheris harness: mutate real digests and check that reading, writing, checking and converting
never fail with anything but ``DigestParseError`` and that round trip stays byte-exact.

Not part of the test run. Offline::

    pip install atheris
    python tests/fuzz/fuzz_digest.py -atheris_runs=1000000 corpus/seeds corpus/generated

The folders named on the command line hold the seed inputs (libFuzzer mutates them and adds
what it finds). A crash writes ``crash-*``: move it to ``tests/fuzz/crashes/``, where
``tests/test_reliability.py`` replays every file on each test run.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import digestparse
    from digestparse.lint.runner import run


def one_input(data: bytes) -> None:
    try:
        digest = digestparse.loads(data, path="fuzz/7-Apr-2025/topic/LLM_related_papers.md")
    except digestparse.DigestParseError:
        return
    assert digestparse.dumps(digest).encode("utf-8") == data, "round trip changed bytes"
    run(digests=[digest], select=["ALL"])
    if digest.format is not None:
        other = "sections" if digest.format == "badge-list" else "badge-list"
        digestparse.convert(digest, other)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
