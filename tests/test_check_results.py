"""How stage-1 results travel and are kept: frozen out of the collector's way during a run
(``lint/_collector.py``) and always given back to it, however the run ends."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

import pytest

from digestparse.lint.analysis import analyse_bytes
from digestparse.lint.registry import resolve_selection
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
        # the program's own frozen objects stay frozen (some may have died), the run's do not
        assert 0 < gc.get_freeze_count() <= frozen
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


def test_stage_one_results_travel_as_tuples_of_plain_values() -> None:
    """Worker processes send one fingerprint and one repository record per paper to the parent,
    which unpickles them one after another: as named tuples of plain values they unpickle
    without a ``__setstate__`` call per paper (dataclasses with slots need one)."""
    selected = resolve_selection(["ALL"], [], [])
    result = analyse_bytes(SEEDS[0].read_bytes(), str(SEEDS[0]), selected)
    assert result.checked is not None and result.tellings
    records: list[tuple[object, ...]] = [t for _, t in result.tellings] + list(result.checked.papers)
    for record in records:
        assert isinstance(record, tuple)
        assert not hasattr(record, "__setstate__") and not hasattr(record, "__dict__")
        assert all(isinstance(value, (str, int, bool, type(None), tuple, frozenset)) for value in record)
    copy = pickle.loads(pickle.dumps(result))
    assert copy.tellings == result.tellings and copy.checked == result.checked
