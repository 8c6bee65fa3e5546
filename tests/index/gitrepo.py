"""Git repositories for the index tests, built in a temporary folder from corpus files.

Identity and dates come from the environment of each git call (never from the user's global
configuration), so commits are the same on every machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import PROJECT_CORPUS

GENERATED = PROJECT_CORPUS / "generated"
DAY_1 = GENERATED / "7-Apr-2025" / "topic" / "LLM_related_papers.md"  # 442 GPU hours, v2
DAY_2 = GENERATED / "8-Apr-2025" / "topic" / "LLM_related_papers.md"  # 220 GPU hours
DIFFUSION = GENERATED / "hot_topic" / "Diffusion.md"  # v1 of a paper DAY_1 tells as v2
SEEDS = PROJECT_CORPUS / "seeds"


def git_env(day: int = 1) -> dict[str, str]:
    env = dict(os.environ)
    stamp = f"2025-04-{day:02d}T12:00:00+00:00"
    env.update(
        GIT_AUTHOR_NAME="Digest Bot",
        GIT_AUTHOR_EMAIL="bot@example.org",
        GIT_COMMITTER_NAME="Digest Bot",
        GIT_COMMITTER_EMAIL="bot@example.org",
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_DATE=stamp,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def git(repo: Path, *args: str, day: int = 1) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=git_env(day), check=True
    )
    return done.stdout.strip()


@dataclass
class History:
    """A repository and its commits, oldest first."""

    path: Path
    commits: list[str] = field(default_factory=list)

    def commit(self, message: str) -> str:
        day = len(self.commits) + 1
        git(self.path, "add", "-A", day=day)
        git(self.path, "commit", "-q", "--allow-empty", "-m", message, day=day)
        sha = git(self.path, "rev-parse", "HEAD")
        self.commits.append(sha)
        return sha


def init(path: Path) -> History:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "-c", "init.defaultBranch=main", "init", "-q")
    return History(path)


def digest_history(path: Path) -> History:
    """Four commits: seeds and a day file; the day file rewritten (a figure changed), a seed
    renamed, a v1 of a paper told as v2 before; a seed deleted and a file no format reads
    added; a commit that touches no digest."""
    repo = init(path)
    shutil.copytree(SEEDS, path / "seeds")
    (path / "topic").mkdir()
    shutil.copy(DAY_1, path / "topic" / "day.md")
    repo.commit("day 1")
    shutil.copy(DAY_2, path / "topic" / "day.md")
    (path / "renamed").mkdir()
    first_seed = sorted(SEEDS.glob("*.md"))[0].name
    git(path, "mv", f"seeds/{first_seed}", f"renamed/{first_seed}")
    (path / "hot_topic").mkdir()
    shutil.copy(DIFFUSION, path / "hot_topic" / "Diffusion.md")
    repo.commit("day 2")
    second_seed = sorted(SEEDS.glob("*.md"))[1].name
    git(path, "rm", "-q", f"seeds/{second_seed}")
    (path / "notes.md").write_text("| a | b |\n| - | - |\n| 1 | 2 |\n", encoding="utf-8")
    repo.commit("day 3")
    (path / "README.txt").write_text("not a digest file name\n", encoding="utf-8")
    repo.commit("day 4")
    return repo
