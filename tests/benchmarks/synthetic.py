"""A generated corpus with the shape of the real one, for when ``../shared/corpus`` is absent.

Half badge-list topic files, half sections files with ZH fields, 20-40 papers each, abstracts
of real length, and papers repeated across files (as real digests repeat them).
"""

from __future__ import annotations

import random

from tests.builders import Entry, badge_digest, sections_digest

_WORDS = (
    "model",
    "language",
    "vision",
    "training",
    "data",
    "reasoning",
    "benchmark",
    "agent",
    "robot",
    "diffusion",
    "we",
    "propose",
    "a",
    "the",
    "of",
    "and",
    "results",
    "show",
    "improves",
    "by",
)


def _abstract(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(150, 260))]
    words[rng.randrange(len(words))] = f"{rng.randint(1, 99)}.{rng.randint(0, 9)}\\%"
    return " ".join(words).capitalize() + "."


def _entry(number: int, zh: bool) -> Entry:
    """The same paper every time the same number comes up, as real digests repeat papers."""
    rng = random.Random(number)
    authors = [f"Author{rng.randint(1, 999)} Name{rng.randint(1, 999)}" for _ in range(rng.randint(1, 12))]
    return Entry(
        arxiv_id=f"25{number % 11 + 1:02d}.{number:05d}",
        title=" ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))).title(),
        authors=authors[:6] if len(authors) > 6 else authors,
        truncated=len(authors) > 6,
        categories=tuple(rng.sample(["cs.CV", "cs.AI", "cs.CL", "cs.LG", "cs.RO"], rng.randint(1, 3))),
        abstract=_abstract(rng),
        title_zh="模型与数据的研究" if zh else None,
        abstract_zh="我们提出了一种新的方法。" * 20 if zh else None,
    )


def synthetic_corpus(megabytes: float = 40, seed: int = 7) -> list[tuple[str, str]]:
    """(path, text) pairs adding up to about ``megabytes``."""
    rng = random.Random(seed)
    texts: list[tuple[str, str]] = []
    size = 0
    index = 0
    while size < megabytes * 1e6:
        count = rng.randint(20, 40)
        numbers = [rng.randint(1, 40000) for _ in range(count)]
        if index % 2:
            entries = [_entry(n, zh=True) for n in numbers]
            text = sections_digest([Entry(**{**e.__dict__, "categories": ()}) for e in entries])
            path = f"synthetic/{index % 28 + 1}-Dec-2025/topic/T{index}_related_papers.md"
        else:
            text = badge_digest([_entry(n, zh=False) for n in numbers], date="2025-12-31")
            path = f"synthetic/hot_topic/T{index}.md"
        texts.append((path, text))
        size += len(text.encode("utf-8"))
        index += 1
    return texts
