"""Seed digests and a structure-aware mutator for them.

Random bytes almost never look like a digest, so most of what a byte-level fuzzer tries is
refused on the first line. These mutations work on what digests are made of: lines (deleted,
duplicated, swapped, moved, taken from another digest, spliced), the syntax of every format
(an entry head, a field label, a table bar, a details tag, a TL;DR heading, a suppression
comment), and the damage real files carry (control characters, stray CRs, a BOM, invalid
UTF-8, a line of hundreds of kilobytes, a cut file, a changed digit). Every choice comes from
the ``random.Random`` given, so a run is reproduced by its seed and Hypothesis can drive it.

Seeds are the project's own digests (``corpus/seeds``, ``corpus/generated``) and, when the
shared corpus is there, its files of every format, read at run time and cut short (never copied
into the repository).
"""

from __future__ import annotations

import csv
import os
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_CORPUS = ROOT / "corpus"
# as tests/conftest.py: ``../shared/corpus`` beside the checkout, or DIGESTPARSE_SHARED
SHARED_CORPUS = Path(os.environ.get("DIGESTPARSE_SHARED", ROOT.parent / "shared")) / "corpus"
MAX_SEED_LINES = 200
MAX_SEED_BYTES = 48_000
MAX_INPUT_BYTES = 400_000  # a mutated input is cut back to this (huge lines stay possible)


@dataclass(frozen=True, slots=True)
class Seed:
    """A digest to start from: where it goes in the fuzz folder, its family, its bytes."""

    relpath: str  # e.g. "7-Apr-2025/topic/LLM_related_papers.md"; dates come from folders
    family: str  # "project", or the shared corpus's format letter ("A" … "E", "other")
    data: bytes


def _cut(data: bytes) -> bytes:
    """The first lines of a file, short enough that one execution stays fast."""
    lines = data.split(b"\n")
    data = b"\n".join(lines[:MAX_SEED_LINES]) + (b"\n" if len(lines) > MAX_SEED_LINES else b"")
    if len(data) > MAX_SEED_BYTES:
        data = data[: data.rfind(b"\n", 0, MAX_SEED_BYTES) + 1] or data[:MAX_SEED_BYTES]
    return data


def _visible_relpath(relpath: str, depth: int = 3) -> str:
    """The last ``depth`` parts of a path, none hidden (a folder walk skips ``.github``)."""
    parts = [part.lstrip(".") or "_" for part in Path(relpath).parts[-depth:]]
    return "/".join(parts)


def project_seeds() -> list[Seed]:
    """The project's readable digests: ``corpus/seeds`` and ``corpus/generated``."""
    seeds = [
        Seed(f"seeds/{p.name}", "project", _cut(p.read_bytes()))
        for p in sorted((PROJECT_CORPUS / "seeds").glob("*.md"))
    ]
    generated = PROJECT_CORPUS / "generated"
    seeds += [
        Seed(p.relative_to(generated).as_posix(), "project", _cut(p.read_bytes()))
        for p in sorted(generated.rglob("*.md"))
    ]
    return seeds


def shared_seeds(corpus: Path = SHARED_CORPUS) -> list[Seed]:
    """Every file of the shared corpus (all formats, index files too), cut short; [] without it."""
    manifest = corpus / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    seeds = []
    for row in rows:
        path = corpus / row["relpath"]
        if path.is_file():
            seeds.append(Seed(_visible_relpath(row["relpath"]), row["format"], _cut(path.read_bytes())))
    return seeds


# The syntax of every format, and text that stresses the normalisers and the rules.
FRAGMENTS: tuple[str, ...] = (
    # badge-list
    "- **[",
    "- **[A Title](http://arxiv.org/abs/2504.01089v2)**  `arXiv:2504.01089`  `cs.CV`  ",
    "  _Ada Lovelace, Alan Turing, et al._",
    "  <details open><summary>Abstract</summary>",
    "<details><summary>Abstract</summary>",
    "  </details>",
    "<details>",
    "</details>",
    "# 🔍 MLLM Papers · 2025-04-02",
    "[![Total Papers](https://img.shields.io/badge/Papers-12-2688EB)]()",
    "**Keywords**: VLM, MLLM",
    "**Filter**: ",
    "### Multimodal",
    "`2504.01089`",
    "`cs.AI` `cs.CL`",
    "et al.",
    # sections
    "# ",
    "# A Title",
    "**Title (ZH)**: 标题",
    "**Authors**:",
    "**Authors**: Ada Lovelace, Alan Turing",
    "**Link**: https://arxiv.org/abs/2504.01089",
    "**Abstract**: We find 42 things.",
    "**Abstract (ZH)**: 我们发现了42个东西。",
    "---",
    # paper-table (cv-arxiv-daily)
    "|",
    "| Publish Date | Title | Authors | PDF | Code |",
    "|:---------|:-----------------------|:---------|:------|:------|",
    "|**2023-01-17**|**A Title**|Ada Lovelace et.al.|[2301.07095v1](http://arxiv.org/abs/2301.07095v1)|null|",
    "## Updated on 2023.01.18",
    "layout: default",
    # ai-summary (daily-arXiv-ai-enhanced)
    "### [1] [",
    "### [1] [A Title](https://arxiv.org/abs/2012.10187)",
    "*Tianyi Liu,Xiangyu Lin*",
    "Main category: cs.CL",
    "TL;DR: ",
    "Motivation: ",
    "Method: ",
    "[Total: ",
    "- [cs.CL](#cs.CL) [Total: 3]",
    "<div id='cs.CL'></div>",
    "# cs.CL [[Back]](#toc)",
    "  <summary>Details</summary>",
    "<div id=toc></div>",
    # abstract-table (DailyArXiv)
    "| **Title** | **Date** | **Abstract** | **Comment** |",
    "| --- | --- | --- | --- |",
    "| **[A Title](https://arxiv.org/abs/2604.28087v1)** | 2026-04-30 | Ada Lovelace et al. | cs.LO | c |",
    "<details><summary>cs.LO...</summary><p>cs.LO, cs.AI</p></details>",
    "# Daily Papers",
    "title: Daily ArXiv - May 03, 2026",
    # links, identifiers, suppressions
    "https://arxiv.org/abs/2504.01089",
    "http://arxiv.org/pdf/2504.01089v3",
    "https://export.arxiv.org/api/query?id_list=2504.01089",
    "arXiv:2504.01089",
    "hep-th/9901001",
    "<!-- digestparse: ignore DP401 DP404 -->",
    "<!-- digestparse: ignore-file DP301 -->",
    "<!-- digestparse: ignore ALL -->",
    # text the normalisers and rules look at
    "$P(y|x)$",
    "\\%",
    "\\textbf{",
    "](",
    "[[",
    "**",
    "`",
    "K√§stner",
    "DÃ©jÃ  vu",
    "&#177;",
    "12.5%",
    "442 GPU hours",
    "<think>",
    '=HYPERLINK("x")',
    "@SUM(A1)",
    "Evil}, author = {Mallory",
    "\\{",
)
CONTROLS: tuple[str, ...] = (
    *(chr(c) for c in range(0x20)),
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\u0301",
    "｜",
    "中文",
    "🔥",
)
INVALID_UTF8: tuple[bytes, ...] = (
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe2\x82",
    b"\x80",
)
HUGE_UNITS: tuple[str, ...] = ("a", "[", "*", "|", "`", "$", "](", "中", "1,", "\\", " ", "#", "-")
INTERESTING_BYTES = b"\x00\r\n\x7f\x80\xff\x1b *|[]()#-`$<>_:\\"
BOM = "\ufeff".encode()

Lines = list[bytes]


def _lines(data: bytes) -> Lines:
    return data.split(b"\n")


def _join(lines: Lines) -> bytes:
    return b"\n".join(lines)


class Mutator:
    """Applies one to eight random mutations; ``donors`` gives lines and halves to splice in."""

    def __init__(self, donors: Sequence[Seed]) -> None:
        self.donors = list(donors)
        self.operations: list[Callable[[bytes, random.Random], bytes]] = [
            self.flip_bit,
            self.set_byte,
            self.delete_bytes,
            self.insert_bytes,
            self.duplicate_lines,
            self.delete_lines,
            self.swap_lines,
            self.move_lines,
            self.splice,
            self.insert_fragment,
            self.insert_fragment,
            self.insert_fragment,
            self.insert_control,
            self.insert_cr,
            self.bom,
            self.invalid_utf8,
            self.huge_line,
            self.truncate,
            self.change_digit,
            self.change_digit,
            self.line_from_donor,
            self.final_newline,
            self.indent,
        ]

        # Changes inside lines only: the digest keeps its entries, so the rules, writers and
        # exports see hostile field text instead of a refused or damaged file.
        self.gentle: list[Callable[[bytes, random.Random], bytes]] = [
            self.inline_text,
            self.inline_text,
            self.change_digit,
            self.insert_cr,
            self.bom,
            self.final_newline,
        ]

    def mutate(self, data: bytes, rng: random.Random, *, gentle: bool = False) -> bytes:
        """``data`` changed by a few mutations, kept under ``MAX_INPUT_BYTES``."""
        count = 1
        while count < 8 and rng.random() < 0.5:
            count += 1
        operations = self.gentle if gentle else self.operations
        for _ in range(count):
            data = rng.choice(operations)(data, rng)
        return data[:MAX_INPUT_BYTES]

    def _donor(self, rng: random.Random) -> bytes:
        return rng.choice(self.donors).data if self.donors else b"# x\n"

    # bytes --------------------------------------------------------------------------------

    @staticmethod
    def flip_bit(data: bytes, rng: random.Random) -> bytes:
        if not data:
            return data
        at = rng.randrange(len(data))
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]

    @staticmethod
    def set_byte(data: bytes, rng: random.Random) -> bytes:
        if not data:
            return bytes([rng.choice(INTERESTING_BYTES)])
        at = rng.randrange(len(data))
        return data[:at] + bytes([rng.choice(INTERESTING_BYTES)]) + data[at + 1 :]

    @staticmethod
    def delete_bytes(data: bytes, rng: random.Random) -> bytes:
        if not data:
            return data
        at = rng.randrange(len(data))
        return data[:at] + data[at + rng.randint(1, 64) :]

    @staticmethod
    def insert_bytes(data: bytes, rng: random.Random) -> bytes:
        at = rng.randint(0, len(data))
        extra = bytes(rng.choice(INTERESTING_BYTES) for _ in range(rng.randint(1, 8)))
        return data[:at] + extra + data[at:]

    # lines --------------------------------------------------------------------------------

    @staticmethod
    def _span(lines: Lines, rng: random.Random, longest: int = 8) -> tuple[int, int]:
        start = rng.randrange(len(lines))
        return start, min(len(lines), start + rng.randint(1, longest))

    def duplicate_lines(self, data: bytes, rng: random.Random) -> bytes:
        lines = _lines(data)
        start, end = self._span(lines, rng)
        at = rng.choice([end, rng.randint(0, len(lines))])
        return _join(lines[:at] + lines[start:end] + lines[at:])

    def delete_lines(self, data: bytes, rng: random.Random) -> bytes:
        lines = _lines(data)
        start, end = self._span(lines, rng, 12)
        return _join(lines[:start] + lines[end:])

    @staticmethod
    def swap_lines(data: bytes, rng: random.Random) -> bytes:
        lines = _lines(data)
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return _join(lines)

    def move_lines(self, data: bytes, rng: random.Random) -> bytes:
        lines = _lines(data)
        start, end = self._span(lines, rng)
        block, rest = lines[start:end], lines[:start] + lines[end:]
        at = rng.randint(0, len(rest))
        return _join(rest[:at] + block + rest[at:])

    def splice(self, data: bytes, rng: random.Random) -> bytes:
        """The first lines of this digest, then the last lines of another."""
        mine, other = _lines(data), _lines(self._donor(rng))
        return _join(mine[: rng.randint(0, len(mine))] + other[rng.randint(0, len(other)) :])

    def line_from_donor(self, data: bytes, rng: random.Random) -> bytes:
        lines, other = _lines(data), _lines(self._donor(rng))
        start, end = self._span(other, rng, 6)
        at = rng.randint(0, len(lines))
        return _join(lines[:at] + other[start:end] + lines[at:])

    # syntax and damage --------------------------------------------------------------------

    @staticmethod
    def _insert_text(data: bytes, text: bytes, rng: random.Random) -> bytes:
        """``text`` as a line of its own, at a line's start or end, or anywhere."""
        lines = _lines(data)
        where = rng.randrange(4)
        index = rng.randrange(len(lines))
        if where == 0:
            lines.insert(index, text)
        elif where == 1:
            lines[index] = text + lines[index]
        elif where == 2:
            lines[index] = lines[index] + text
        else:
            at = rng.randint(0, len(lines[index]))
            lines[index] = lines[index][:at] + text + lines[index][at:]
        return _join(lines)

    def insert_fragment(self, data: bytes, rng: random.Random) -> bytes:
        return self._insert_text(data, rng.choice(FRAGMENTS).encode(), rng)

    @staticmethod
    def inline_text(data: bytes, rng: random.Random) -> bytes:
        """A fragment or a special character put inside a line (never a line of its own)."""
        text = rng.choice(FRAGMENTS + CONTROLS).replace("\n", " ").encode()
        lines = _lines(data)
        index = rng.randrange(len(lines))
        at = rng.randint(0, len(lines[index]))
        lines[index] = lines[index][:at] + text + lines[index][at:]
        return _join(lines)

    def insert_control(self, data: bytes, rng: random.Random) -> bytes:
        return self._insert_text(data, rng.choice(CONTROLS).encode(), rng)

    @staticmethod
    def insert_cr(data: bytes, rng: random.Random) -> bytes:
        choice = rng.randrange(3)
        if choice == 0:  # the whole file in CRLF
            return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        lines = _lines(data)
        index = rng.randrange(len(lines))
        if choice == 1:  # one stray CR at a line's end
            lines[index] += b"\r"
        else:  # a CR inside a line
            at = rng.randint(0, len(lines[index]))
            lines[index] = lines[index][:at] + b"\r" + lines[index][at:]
        return _join(lines)

    @staticmethod
    def bom(data: bytes, rng: random.Random) -> bytes:
        if data.startswith(BOM):
            return data[len(BOM) :] if rng.random() < 0.5 else BOM + data
        if rng.random() < 0.7:
            return BOM + data
        at = rng.randint(0, len(data))
        return data[:at] + BOM + data[at:]

    def invalid_utf8(self, data: bytes, rng: random.Random) -> bytes:
        at = rng.randint(0, len(data))
        return data[:at] + rng.choice(INVALID_UTF8) + data[at:]

    def huge_line(self, data: bytes, rng: random.Random) -> bytes:
        """One line made tens or hundreds of kilobytes long."""
        lines = _lines(data)
        index = rng.randrange(len(lines))
        size = rng.choice([4_000, 20_000, 100_000, 250_000])
        own = lines[index] and rng.random() < 0.5
        unit = lines[index] if own else rng.choice(HUGE_UNITS).encode()
        lines[index] = lines[index] + unit * (size // len(unit))
        return _join(lines)

    @staticmethod
    def truncate(data: bytes, rng: random.Random) -> bytes:
        return data[: rng.randint(0, len(data))]

    @staticmethod
    def change_digit(data: bytes, rng: random.Random) -> bytes:
        """A figure, an identifier, a date or a badge count changed by one digit."""
        digits = [i for i in range(max(0, len(data) - 4000), len(data)) if 48 <= data[i] <= 57]
        start = rng.randrange(len(data)) if data else 0
        later = [i for i in range(start, min(len(data), start + 4000)) if 48 <= data[i] <= 57]
        choices = later or digits
        if not choices:
            return data
        at = rng.choice(choices)
        return data[:at] + str(rng.randrange(10)).encode() + data[at + 1 :]

    @staticmethod
    def final_newline(data: bytes, rng: random.Random) -> bytes:
        return data.rstrip(b"\r\n") if data.endswith(b"\n") else data + b"\n"

    @staticmethod
    def indent(data: bytes, rng: random.Random) -> bytes:
        lines = _lines(data)
        index = rng.randrange(len(lines))
        if lines[index][:1] in (b" ", b"\t"):
            lines[index] = lines[index].lstrip(b" \t")
        else:
            lines[index] = rng.choice([b"  ", b"    ", b"\t", b" "]) + lines[index]
        return _join(lines)
