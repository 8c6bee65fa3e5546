"""One fuzz execution of a command path, and the invariants it must keep whatever the input.

An execution writes one or two digests into ``ROOT/in``, runs one command in-process through
``digestparse.cli.main`` (``check`` in each output format, ``check --diff`` then ``--fix``,
``convert`` to each registered format, ``export``, ``parse``, ``merge``) and checks what issue
14 asks of every run: *nothing lost* (every paper read is in every output, a file ``check``
read writes back byte for byte, a fix changes only what its diff shows), *nothing injected*
(machine outputs parse, human outputs carry no raw control character, CSV cells are no
formulas, BibTeX values cannot close their field), *nothing hangs* (the caller times it), and
*nothing damaged* (exit code 0, 1 or 2, never a traceback; on exit 2 no output file written or
truncated; no temporary file left). A broken invariant raises :class:`Violation`.

What a command should have read is computed beside it with the library (``digestparse.load``),
so the oracle is the public API, and the command line is checked against it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from bibtexparser.entrypoint import parse_string

import digestparse
from digestparse._paths import expand
from digestparse.cli import main
from digestparse.errors import InvalidEncodingError, NotADigestError
from digestparse.formats import registry
from digestparse.models import Digest

CHECK_FORMATS = ("text", "json", "sarif", "github")
EXPORT_FORMATS = ("jsonl", "csv", "json", "bibtex")
PARSE_FORMATS = ("jsonl", "json", "csv")
SENTINEL = b"an output file that was here before the run\n"
FORMULA_STARTS = tuple("=+-@\t\r")
KEPT_FIELDS = frozenset({"title", "authors", "abstract", "title_zh", "abstract_zh"})
BIBTEX_FIELDS = {"title", "author", "year", "eprint", "archivePrefix", "primaryClass", "url"}
# what a person's terminal must never receive raw (the set digestparse._escape escapes), but "\n"
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CHECKED = re.compile(r"Checked (\d+) file\(s\), (\d+) paper\(s\)")
_STATISTICS = re.compile(r" *\d+  DP\d{3}  \S")
_GITHUB_LINE = re.compile(r"::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+[^:]*::DP\d{3} ")
csv.field_size_limit(sys.maxsize)  # a cell may hold a 250 kB line; Python's reader stops at 128 kB
_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n")


# What the executions reached (readable inputs, exit codes per path, files fixed): a fuzzer
# whose inputs are all refused on the first line tests nothing, and this shows it.
STATS: Counter[str] = Counter()


def kinds() -> list[str]:
    """Every command path an execution can take (formats read at call time: plug-ins and the
    formats merged since the harness was written are fuzzed too)."""
    return [
        *(f"check:{fmt}" for fmt in CHECK_FORMATS),
        "fix",
        *(f"convert:{name}" for name in registry.names()),
        *(f"export:{fmt}" for fmt in EXPORT_FORMATS),
        *(f"parse:{fmt}" for fmt in PARSE_FORMATS),
        "merge",
    ]


class Violation(AssertionError):
    """A broken invariant: ``invariant`` names it, ``key`` groups repeats of one bug."""

    def __init__(self, invariant: str, detail: str, key: str | None = None) -> None:
        super().__init__(f"{invariant}: {detail}")
        self.invariant = invariant
        self.detail = detail
        self.key = key or invariant


@dataclass(frozen=True, slots=True)
class Case:
    """The inputs of one execution: files (relative path, bytes) and the command path taken."""

    files: tuple[tuple[str, bytes], ...]
    kind: str
    to_file: bool = True  # write the output with -o (else standard output)
    sentinel: bool = False  # an output file exists before the run
    strict: bool = False  # convert --strict
    quiet: bool = True  # check -q (else the summary line, and --statistics)
    named: bool = False  # the files named on the command line (else their folder, searched)

    def save(self, folder: Path) -> None:
        """Write the case to ``folder`` (case.json and files/), to replay or minimise it."""
        (folder / "files").mkdir(parents=True, exist_ok=True)
        for relpath, data in self.files:
            target = folder / "files" / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        options = {k: getattr(self, k) for k in ("kind", "to_file", "sentinel", "strict", "quiet", "named")}
        meta = {**options, "files": [relpath for relpath, _ in self.files]}
        (folder / "case.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Case:
        meta = json.loads((folder / "case.json").read_text(encoding="utf-8"))
        files = tuple((rel, (folder / "files" / rel).read_bytes()) for rel in meta.pop("files"))
        return cls(files=files, **meta)


@dataclass(frozen=True, slots=True)
class Result:
    """What one command line run gave: exit code, standard output and error."""

    argv: tuple[str, ...]
    code: int
    out: str
    err: str


def invoke(argv: Sequence[str]) -> Result:
    """Run ``digestparse argv`` in-process; its streams are UTF-8 and strict, as a terminal's.

    ``DIGESTPARSE_DEBUG`` is set, so an internal error reaches here as the exception itself and
    the finding carries its traceback.
    """
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", newline="", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="strict", newline="", write_through=True)
    saved = sys.stdout, sys.stderr, os.environ.get("DIGESTPARSE_DEBUG")
    sys.stdout, sys.stderr = out, err
    os.environ["DIGESTPARSE_DEBUG"] = "1"
    try:
        code = main(list(argv))
    except Exception as exc:
        raise Violation("internal error", _described(argv, exc), _crash_key(exc)) from exc
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        if saved[2] is None:
            del os.environ["DIGESTPARSE_DEBUG"]
        else:
            os.environ["DIGESTPARSE_DEBUG"] = saved[2]
    result = Result(tuple(argv), code, out_bytes.getvalue().decode(), err_bytes.getvalue().decode())
    if code not in (0, 1, 2):
        raise Violation("exit code", f"{_shown(argv)} exited {code}", f"exit code {code}")
    if "internal error" in result.err or "Traceback" in result.err:
        raise Violation("internal error", f"{_shown(argv)}: {result.err[:2000]}", "internal error on stderr")
    _safe_for_people(result.err, f"stderr of {argv[0]}")
    return result


def _shown(argv: Sequence[str]) -> str:
    return "digestparse " + " ".join(argv)


def _described(argv: Sequence[str], exc: BaseException) -> str:
    return f"{_shown(argv)}\n" + "".join(traceback.format_exception(exc))


def _crash_key(exc: BaseException) -> str:
    """The exception type and the innermost digestparse frame: one key per bug, not per input."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "digestparse" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"internal error {type(exc).__name__} at {where}"


def _safe_for_people(text: str, where: str) -> None:
    found = _UNSAFE.search(text)
    if found is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        line = text[start : end if end >= 0 else len(text)]
        raise Violation(
            "unescaped control character",
            f"{where}: {found.group()!r} in {line[:300]!r}",
            f"unescaped {where}",
        )


@dataclass
class Input:
    """One input file and what the library reads in it (``digest`` is None when unreadable)."""

    relpath: str
    path: Path
    data: bytes
    digest: Digest | None = None
    error: str | None = None
    not_a_digest: bool = False  # a folder search skips it (docs/cli.md, "Paths")
    ids: list[str | None] = field(default_factory=list)


def _ids(digest: Digest) -> list[str | None]:
    return [str(p.arxiv_id) if p.arxiv_id is not None else None for p in digest.papers]


def read_input(relpath: str, path: Path, data: bytes) -> Input:
    """Read a file with the library; a readable file must write back byte for byte."""
    item = Input(relpath, path, data)
    try:
        item.digest = digestparse.load(path)
    except digestparse.DigestParseError as exc:
        item.error = str(exc)
        item.not_a_digest = _not_a_digest(data, path, exc)
        return item
    except Exception as exc:
        raise Violation("load raised", "".join(traceback.format_exception(exc)), _crash_key(exc)) from exc
    item.ids = _ids(item.digest)
    try:
        written = digestparse.dumps(item.digest).encode("utf-8")
    except Exception as exc:
        raise Violation("dumps raised", "".join(traceback.format_exception(exc)), _crash_key(exc)) from exc
    if written != data:
        at = next((i for i, (a, b) in enumerate(zip(written, data, strict=False)) if a != b), None)
        raise Violation("round trip", f"{relpath}: written bytes differ from read bytes at {at}")
    return item


def _not_a_digest(data: bytes, path: Path, exc: digestparse.DigestParseError) -> bool:
    """Text no format reads, even with its bad bytes replaced: a file a folder search skips
    (a README), where a digest with bad bytes is reported (DP100)."""
    if isinstance(exc, NotADigestError):
        return True
    if not isinstance(exc, InvalidEncodingError):
        return False
    try:
        digestparse.loads(data.replace(b"\x00", b"").decode("utf-8", errors="replace"), path=str(path))
    except NotADigestError:
        return True
    except digestparse.DigestParseError:
        return False
    return False


class Execution:
    """One case in a folder: the inputs as read, the files the run may leave, the checks."""

    def __init__(self, case: Case, root: Path) -> None:
        self.case = case
        self.root = root
        self.in_dir = root / "in"
        self.out_dir = root / "out"
        for folder in (self.in_dir, self.out_dir):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        self.inputs: list[Input] = []
        for relpath, data in case.files:
            path = self.in_dir / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        by_path = {str(self.in_dir / rel): (rel, data) for rel, data in case.files}
        for path in expand([self.in_dir]):  # the order every command reads them in
            rel, data = by_path[str(path)]
            item = read_input(rel, path, data)
            self.inputs.append(item)
            quality = "problems" if item.digest and item.digest.problems else "clean"
            STATS[f"input {item.digest.format if item.digest else 'unreadable'} {quality}"] += 1
        self.allowed = {str(item.path) for item in self.inputs}

    # helpers -------------------------------------------------------------------------------

    @property
    def readable(self) -> list[Input]:
        return [item for item in self.inputs if item.digest is not None]

    @property
    def unreadable(self) -> list[Input]:
        """The files the run reports as unreadable (DP100, exit 2): a folder search skips those
        that are not digests at all; a file named on the command line must be one."""
        return [i for i in self.inputs if i.digest is None and (self.case.named or not i.not_a_digest)]

    @property
    def targets(self) -> list[str]:
        """What the command line names: the files, or the folder that holds them."""
        return [str(i.path) for i in self.inputs] if self.case.named else [str(self.in_dir)]

    def output(self, name: str) -> Path:
        """An output file the command may write (pre-filled with a sentinel when the case says)."""
        path = self.out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.case.sentinel:
            path.write_bytes(SENTINEL)
        self.allowed.add(str(path))
        return path

    def untouched(self, path: Path, result: Result) -> None:
        """On exit 2: no output written, and one that was there is not truncated."""
        expected = SENTINEL if self.case.sentinel else None
        actual = path.read_bytes() if path.exists() else None
        if actual != expected:
            what = "truncated or replaced" if expected else "written"
            raise Violation(
                "output on exit 2",
                f"{_shown(result.argv)} exited 2 and {path.name} was {what}; stderr: {result.err[:500]}",
                f"{result.argv[0]} output {what} on exit 2",
            )

    def finish(self) -> None:
        """Inputs unchanged (unless fixed), no temporary or unexpected file left."""
        if self.case.kind != "fix":
            for item in self.inputs:
                if item.path.read_bytes() != item.data:
                    raise Violation("input changed", f"{self.case.kind} changed {item.relpath}")
        for folder, _dirs, files in os.walk(self.root):
            for name in files:
                path = os.path.join(folder, name)
                if path not in self.allowed:
                    raise Violation("file left behind", f"{self.case.kind} left {path}")

    def run(self) -> None:
        family, _, variant = self.case.kind.partition(":")
        handlers: dict[str, Callable[[str], None]] = {
            "check": self.check,
            "fix": self.fix,
            "convert": self.convert,
            "export": self.export,
            "parse": self.export,
            "merge": self.merge,
        }
        handlers[family](variant)
        self.finish()

    # check ---------------------------------------------------------------------------------

    def _check_argv(self, *extra: str) -> list[str]:
        return ["check", *self.targets, "--select", "ALL", "--jobs", "1", "--isolated", *extra]

    def check(self, fmt: str) -> None:
        extra = ["-q"] if self.case.quiet else ["--statistics"]
        report = self.output(f"report.{fmt}") if self.case.to_file else None
        extra += ["-o", str(report)] if report else []
        result = invoke(self._check_argv("--output-format", fmt, *extra))
        STATS[f"check exit {result.code}"] += 1
        if report is not None:  # the report is written whatever the exit code: it says why
            if result.out:
                raise Violation("check -o", f"{len(result.out)} characters on stdout besides the report")
            result = replace(result, out=report.read_text(encoding="utf-8"))
        if (result.code == 2) != (bool(self.unreadable) or not self.readable):
            raise Violation(
                "check exit code",
                f"exit {result.code} with unreadable files {[i.relpath for i in self.unreadable]}",
                f"check exit {result.code} vs readability",
            )
        if not self.case.quiet and fmt == "text":
            self._summary(result)
        if fmt == "json":
            self._findings(json.loads(result.out))
        elif fmt == "sarif":
            self._sarif(result.out)
        elif fmt == "github":
            _safe_for_people(result.out, "github output")
            for line in result.out.splitlines():
                if not _GITHUB_LINE.match(line):
                    raise Violation("github output", f"not one annotation: {line[:300]!r}")
        else:
            _safe_for_people(result.out, "text output")
            starts = tuple(str(item.path) + ":" for item in self.inputs)
            for line in result.out.splitlines():
                if not line.startswith(starts) and not _STATISTICS.match(line):
                    raise Violation("text output", f"a line that names no file: {line[:300]!r}")

    def _summary(self, result: Result) -> None:
        found = _CHECKED.search(result.err)
        if found is None:
            raise Violation("check summary", f"no summary line on stderr: {result.err[-300:]!r}")
        papers = sum(len(i.ids) for i in self.readable)
        files = len(self.readable) + len(self.unreadable)  # the others were skipped
        if (int(found[1]), int(found[2])) != (files, papers):
            raise Violation("papers lost", f"check counted {found[0]!r}, read {files} files, {papers} papers")

    def _findings(self, findings: object) -> list[dict[str, object]]:
        if not isinstance(findings, list):
            raise Violation("json output", "not a list")
        lines = {str(i.path): i.data.count(b"\n") + 1 for i in self.inputs}
        flagged = set()
        for d in findings:
            path, line = d["path"], d["line"]
            if path not in lines or not 1 <= line <= lines[path]:
                raise Violation("finding position", f"{d['code']} at {path}:{line}", f"{d['code']} position")
            if d["code"] == "DP100":
                flagged.add(path)
        if flagged != {str(i.path) for i in self.unreadable}:
            raise Violation(
                "DP100", f"flagged {sorted(flagged)}, unreadable {[i.relpath for i in self.unreadable]}"
            )
        return findings

    def _sarif(self, text: str) -> None:
        log = json.loads(text)
        run = log["runs"][0]
        rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
        for result in run["results"]:
            region = result["locations"][0]["physicalLocation"]["region"]
            if result["ruleId"] not in rules or region["startLine"] < 1:
                raise Violation("sarif output", f"result {result['ruleId']} at line {region['startLine']}")

    # fix -----------------------------------------------------------------------------------

    def fix(self, _variant: str) -> None:
        before = {str(i.path): (i.data, i.path.stat().st_mtime_ns) for i in self.inputs}
        diff_report, fix_report = self.output("diff.json"), self.output("fix.json")
        shown = invoke(self._check_argv("--diff", "--output-format", "json", "-o", str(diff_report)))
        for item in self.inputs:
            if (item.data, item.path.stat().st_mtime_ns) != before[str(item.path)]:
                raise Violation("--diff wrote", f"{item.relpath} changed by --diff")
        diffs = self._split_diffs(shown.out)
        fixable_before = _fixable(self._findings(json.loads(diff_report.read_text(encoding="utf-8"))))
        fixed = invoke(self._check_argv("--fix", "--output-format", "json", "-o", str(fix_report)))
        remaining = _fixable(self._findings(json.loads(fix_report.read_text(encoding="utf-8"))))
        for item in self.inputs:
            after = item.path.read_bytes()
            expected = (
                apply_diff(item.data.decode(), diffs[str(item.path)]) if str(item.path) in diffs else None
            )
            if expected is not None and after != expected.encode():
                raise Violation(
                    "--diff differs from --fix", f"{item.relpath}: the diff applied is not what --fix wrote"
                )
            if expected is None and after != item.data:
                raise Violation("--fix without diff", f"{item.relpath} changed but --diff showed nothing")
            if after != item.data:
                STATS["fix changed a file"] += 1
                self._still_readable(item, after)
        if fixed.code == 2 and self.readable and not self.unreadable:
            raise Violation("fix exit code", f"--fix exited 2: {fixed.err[:500]}")
        again = invoke(self._check_argv("--output-format", "json"))
        left = _fixable(self._findings(json.loads(again.out)))
        # a finding a fix resolved does not come back; one the fixes reveal (a badge line a
        # stray CR hid, now read, now counted) is left for the next run, as ruff's one pass
        for code, count in left.items():
            if fixable_before[code] > remaining[code] and count > remaining[code]:
                raise Violation(
                    "fix incomplete",
                    f"{code}: {fixable_before[code]} fixable, {remaining[code]} left by --fix, "
                    f"{count} found again after it",
                    f"fix incomplete {code}",
                )

    def _split_diffs(self, text: str) -> dict[str, str]:
        """The diff of each file in ``check --diff``'s output (headers ``--- a/PATH``)."""
        heads = {f"--- a/{i.path}\n": str(i.path) for i in self.inputs}
        diffs: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in _split(text):
            if line in heads:
                current = diffs.setdefault(heads[line], [])
            if current is None:
                raise Violation("diff output", f"text before the first header: {line[:200]!r}")
            current.append(line)
        return {path: "".join(lines) for path, lines in diffs.items()}

    def _still_readable(self, item: Input, after: bytes) -> None:
        """A fixed file reads as well as before, with the same papers, and writes back."""
        if item.digest is None:
            raise Violation("fix changed an unreadable file", item.relpath)
        fixed = read_input(item.relpath, item.path, after)
        if fixed.digest is None:
            raise Violation(
                "fix broke the file", f"{item.relpath}: {fixed.error}", "fix made a file unreadable"
            )
        # a safe fix never changes which papers a file holds, nor adds a problem
        assert fixed.digest is not None and item.digest is not None
        if fixed.ids != item.ids or len(fixed.digest.problems) > len(item.digest.problems):
            raise Violation("fix changed the papers", f"{item.relpath}: {item.ids} -> {fixed.ids}")

    # convert -------------------------------------------------------------------------------

    def convert(self, target: str) -> None:
        source = self.inputs[0]
        out = self.output(source.relpath) if self.case.to_file else None
        argv = ["convert", str(source.path), "--to", target]
        argv += ["-o", str(out)] if out else []
        argv += ["--strict"] if self.case.strict else []
        result = invoke(argv)
        STATS[f"convert to {target} exit {result.code}"] += 1
        if result.code == 2:
            if not result.err.strip():
                raise Violation("convert exit 2 without message", _shown(argv))
            if out is not None:
                self.untouched(out, result)
            elif result.out:
                raise Violation(
                    "convert exit 2 with output", f"{_shown(argv)} printed {len(result.out)} characters"
                )
            return
        if source.digest is None:
            raise Violation("convert of unreadable input", f"exit {result.code}: {source.error}")
        lost = "[lost]" in result.err
        if result.code != (1 if self.case.strict and lost else 0):
            raise Violation(
                "convert exit code", f"exit {result.code}, strict={self.case.strict}, losses={lost}"
            )
        written = out.read_bytes() if out else result.out.encode()
        name = str(out or self.out_dir / source.relpath)
        try:
            back = digestparse.loads(written, path=name)
        except digestparse.DigestParseError as exc:
            raise Violation(
                "convert output unreadable", f"to {target}: {exc}", f"convert to {target} unreadable"
            ) from exc
        if back.papers and back.format != target:
            raise Violation("convert output format", f"to {target}, read back as {back.format}")
        reported = {i for i in source.ids if f"arxiv_id ({i}):" in result.err}
        # an identifier the target does not keep is reported as a loss; one the source did not
        # have may be gained (sections takes it from the link, badge-list from its backticks)
        pairs = zip(source.ids, _ids(back), strict=False)
        changed = any(a != b and a is not None and a not in reported for a, b in pairs)
        if len(back.papers) != len(source.ids) or changed:
            raise Violation(
                "convert lost papers",
                f"{source.ids} -> {_ids(back)}",
                f"convert to {target} changed the papers",
            )
        assert source.digest is not None
        self._fields_kept(source.digest, back, target, result.err)

    @staticmethod
    def _fields_kept(source: Digest, back: Digest, target: str, err: str) -> None:
        """The text fields both formats hold come back (white space aside) or are reported."""
        both = registry.get(target).paper_fields & registry.get(source.format or target).paper_fields
        for before, after in zip(source.papers, back.papers, strict=True):
            for name in sorted(KEPT_FIELDS & both):
                mine, theirs = getattr(before, name), getattr(after, name)
                who = f" ({before.arxiv_id})" if before.arxiv_id else ""
                # white space only (``\x1e`` is white space to str.split) is as empty as ""
                if (_words(mine) or None) == (_words(theirs) or None) or f": {name}{who}: " in err:
                    continue
                if name == "authors" and not mine:
                    continue
                raise Violation(
                    "convert changed a field",
                    f"to {target}: {before.arxiv_id} {name} {str(mine)[:200]!r} -> {str(theirs)[:200]!r}",
                    f"convert {source.format} to {target} changed {name}",
                )

    # export, parse, merge ------------------------------------------------------------------

    def _errors(self) -> bool:
        """Whether export/parse/merge must exit 2: a file unreadable, or read with problems."""
        problems = any(i.digest.problems for i in self.readable if i.digest)
        return bool(self.unreadable) or problems or not self.readable

    def _data_command(self, argv: list[str], name: str) -> tuple[Result, str | None]:
        out = self.output(name) if self.case.to_file else None
        result = invoke([*argv, *(["-o", str(out)] if out else [])])
        STATS[f"{argv[0]} exit {result.code}"] += 1
        expected = 2 if self._errors() else 0
        if result.code != expected:
            raise Violation(
                f"{argv[0]} exit code", f"exit {result.code}, expected {expected}: {result.err[:300]}"
            )
        if result.code == 2:
            if out is not None:
                self.untouched(out, result)
            elif result.out:
                raise Violation(f"{argv[0]} output on exit 2", f"{len(result.out)} characters on stdout")
            return result, None
        return result, out.read_text(encoding="utf-8") if out else result.out

    def export(self, fmt: str) -> None:
        command = self.case.kind.partition(":")[0]
        _, text = self._data_command([command, *self.targets, "--to", fmt], f"papers.{fmt}")
        if text is None:
            return
        papers = [p for item in self.readable if item.digest for p in item.digest.papers]
        ids = [str(p.arxiv_id) if p.arxiv_id is not None else None for p in papers]
        checks: dict[str, Callable[[str, list[str | None]], None]] = {
            "jsonl": _jsonl,
            "csv": _csv,
            "json": lambda t, i: _json(t, [len(item.ids) for item in self.readable]),
            "bibtex": _bibtex,
        }
        checks[fmt](text, ids)

    def merge(self, _variant: str) -> None:
        _, text = self._data_command(["merge", *self.targets], "merged.jsonl")
        if text is None:
            return
        ids = {i for item in self.readable for i in item.ids if i is not None}
        records = [json.loads(line) for line in text.split("\n")[:-1]]
        merged = [r["arxiv_id"] for r in records]
        if sorted(merged) != sorted(ids):
            raise Violation("merge lost papers", f"read {sorted(ids)[:20]}, merged {sorted(merged)[:20]}")


def _words(value: object) -> object:
    """A field's value with white space runs made one space (formats fold line breaks)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_words(item) for item in value]
    return value


def _split(text: str) -> Iterable[str]:
    """Lines ending in ``\\n`` only (a stray CR stays inside its line, as in the diff)."""
    parts = text.split("\n")
    yield from (part + "\n" for part in parts[:-1])
    if parts[-1]:
        yield parts[-1]


def apply_diff(before: str, diff: str) -> str:
    """``before`` with a unified diff applied as ``patch`` would, every context line checked."""
    old = list(_split(before))
    lines = list(_split(diff))[2:]
    out: list[str] = []
    position = index = 0
    while index < len(lines):
        header = _HUNK.fullmatch(lines[index])
        if header is None:
            raise Violation("diff output", f"not a hunk header: {lines[index][:200]!r}")
        start = int(header[1]) if header[2] == "0" else int(header[1]) - 1
        out.extend(old[position:start])
        position = start
        index += 1
        while index < len(lines) and not lines[index].startswith("@@ "):
            mark, body = lines[index][0], lines[index][1:]
            index += 1
            if index < len(lines) and lines[index] == "\\ No newline at end of file\n":
                body, index = body[:-1], index + 1
            if mark in " -":
                if position >= len(old) or old[position] != body:
                    raise Violation("diff does not apply", f"line {position + 1}: {body[:200]!r}")
                position += 1
            if mark in " +":
                out.append(body)
    return "".join(out + old[position:])


def _fixable(findings: list[dict[str, object]]) -> Counter[str]:
    """How many findings of each code a safe fix resolves."""
    counts: Counter[str] = Counter()
    for d in findings:
        fix = d.get("fix")
        if isinstance(fix, dict) and fix.get("applicability") == "safe":
            counts[str(d["code"])] += 1
    return counts


def _jsonl(text: str, ids: list[str | None]) -> None:
    lines = text.split("\n")
    if lines[-1] != "":
        raise Violation("jsonl output", "does not end with a newline")
    got = [json.loads(line).get("arxiv_id") for line in lines[:-1]]
    if got != ids:
        raise Violation("jsonl lost papers", f"read {ids[:20]}, exported {got[:20]}")


def _csv(text: str, ids: list[str | None]) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    column = header.index("arxiv_id")
    got = [row[column] or None for row in body]
    if got != ids:
        raise Violation("csv lost papers", f"read {ids[:20]}, exported {got[:20]}")
    for row in body:
        if len(row) != len(header):
            raise Violation("csv output", f"a row of {len(row)} cells under {len(header)} columns")
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                raise Violation("csv formula", f"cell {cell[:100]!r}")


def _json(text: str, counts: list[int]) -> None:
    digests = json.loads(text)
    got = [len(d["papers"]) for d in digests]
    if got != counts:
        raise Violation("json lost papers", f"read {counts}, exported {got}")


def _bibtex(text: str, ids: list[str | None]) -> None:
    library = parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise Violation("bibtex unreadable", f"{type(block).__name__}: {str(block.raw)[:300]!r}")
    unique = list(dict.fromkeys(i for i in ids if i is not None))
    got = [next((f.value for f in e.fields if f.key == "eprint"), None) for e in library.entries]
    if got != unique:
        raise Violation("bibtex lost papers", f"read {unique[:20]}, exported {got[:20]}")
    keys = [entry.key for entry in library.entries]
    if len(set(keys)) != len(keys):
        raise Violation("bibtex keys", "two entries share a cite key")
    for entry in library.entries:
        if not {f.key for f in entry.fields} <= BIBTEX_FIELDS:
            raise Violation("bibtex field injected", f"{entry.key}: {[f.key for f in entry.fields]}")
        for f in entry.fields:
            depth = 0
            for char in str(f.value):
                depth += {"{": 1, "}": -1}.get(char, 0)
                if depth < 0:
                    break
            if depth != 0 or str(f.value).endswith("\\"):
                raise Violation("bibtex braces", f"{entry.key}.{f.key} = {str(f.value)[:200]!r}")


def scratch(prefix: str) -> Path:
    """A temporary folder, in memory where the machine has one: ``write_atomic`` syncs every
    file it writes, which on a disk costs more than the execution itself."""
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=where))


def execute(case: Case, root: Path) -> None:
    """Run one case in ``root`` (emptied first); raises :class:`Violation` on a broken invariant."""
    Execution(case, root).run()
