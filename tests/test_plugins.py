"""A third-party format plug-in, installed as pip installs one, is read, written and converted.

The example plug-in (``tests/plugin_example/line_list_format.py``, the one
``docs/formats/writing-a-format.md`` explains) is installed into a temporary site folder: the
module plus a ``.dist-info`` folder whose ``entry_points.txt`` registers it in the
``digestparse.formats`` group, exactly the files a wheel install leaves. The tests then use
digestparse as a user would, in this process and through the command line in a new one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import digestparse
from digestparse.formats import registry
from tests.conftest import ROOT

EXAMPLE = ROOT / "tests" / "plugin_example" / "line_list_format.py"
TEXT = (
    "# Reading list\n\n"
    "* [arXiv:2504.01089](https://arxiv.org/abs/2504.01089v2) Open-Qwen2VL, a | pipe\n"
    "* [arXiv:2504.00595](https://arxiv.org/abs/2504.00595) Another paper\n"
    "Some text that is not an entry\n"
)


def _install(site: Path) -> None:
    shutil.copy(EXAMPLE, site / "line_list_format.py")
    info = site / "line_list_format-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: line-list-format\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[digestparse.formats]\nline-list = line_list_format:FORMAT\n")


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site"
    site.mkdir()
    _install(site)
    monkeypatch.syspath_prepend(str(site))
    registry.formats.cache_clear()
    yield site
    sys.modules.pop("line_list_format", None)
    registry.formats.cache_clear()


def test_plugin_is_registered_after_the_built_in_formats(installed: Path) -> None:
    names = registry.names()
    assert names[:2] == ["badge-list", "sections"] and names[-1] == "line-list"


def test_plugin_reads_and_writes_byte_for_byte(installed: Path) -> None:
    digest = digestparse.loads(TEXT)
    assert digest.format == "line-list"
    assert [(str(p.arxiv_id), p.version, p.title) for p in digest.papers] == [
        ("2504.01089", 2, "Open-Qwen2VL, a | pipe"),
        ("2504.00595", None, "Another paper"),
    ]
    assert digestparse.dumps(digest) == TEXT
    digest.papers[1].title = "Edited"
    lines = digestparse.dumps(digest).split("\n")
    assert lines[3] == "* [arXiv:2504.00595](https://arxiv.org/abs/2504.00595) Edited"
    assert lines[:3] + lines[4:] == TEXT.split("\n")[:3] + TEXT.split("\n")[4:]


def test_conversion_to_and_from_the_plugin_reports_losses(installed: Path) -> None:
    badge = digestparse.load(next((ROOT / "corpus" / "seeds").glob("000_*.md")))
    result = digestparse.convert(badge, "line-list")
    assert len(result.digest.papers) == len(badge.papers)
    assert {"authors", "abstract", "categories"} <= {loss.field for loss in result.losses}
    back = digestparse.convert(digestparse.loads(TEXT), "sections")
    assert [p.title for p in back.digest.papers] == ["Open-Qwen2VL, a | pipe", "Another paper"]


def test_plugin_near_miss_explains_a_refusal(installed: Path) -> None:
    with pytest.raises(digestparse.NotADigestError, match=r"line 1 looks like a line-list entry"):
        digestparse.loads("* [arXiv:2504.01089] see https://arxiv.org/abs/2504.01089\n")


def test_command_line_uses_the_plugin(installed: Path, tmp_path: Path) -> None:
    source = tmp_path / "list.md"
    source.write_text(TEXT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "digestparse", "convert", str(source), "--to", "line-list"],
        input=None,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("* [arXiv:") == 2


def test_a_broken_plugin_is_a_clear_error(installed: Path) -> None:
    (installed / "line_list_format-0.1.dist-info" / "entry_points.txt").write_text(
        "[digestparse.formats]\nline-list = line_list_format:NOTHING\n"
    )
    registry.formats.cache_clear()
    with pytest.raises(digestparse.DigestParseError, match=r"line-list.*failed to load"):
        registry.names()
