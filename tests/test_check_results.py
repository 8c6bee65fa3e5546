"""How stage-1 results travel and are kept: frozen out of the collector's way during a run
(``lint/_collector.py``) and always given back to it, however the run ends."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from digestparse.lint.runner import run

from .conftest import SEEDS


def test_a_run_gives_the_collector_back_what_it_froze() -> None:
    assert run(SEEDS).files == len(SEEDS)
    assert gc.get_freeze_count() == 0
    kept = [object(), [1]]
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        run(SEEDS)
        assert gc.get_freeze_count() == frozen  # the program's own frozen objects stay frozen
    finally:
        gc.unfreeze()
    del kept


def test_an_interrupted_run_gives_the_collector_back_what_it_froze() -> None:
    def interrupt(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    files: list[Path] = SEEDS[:3]
    with pytest.raises(KeyboardInterrupt):
        run(files, progress=interrupt)
    assert gc.get_freeze_count() == 0
