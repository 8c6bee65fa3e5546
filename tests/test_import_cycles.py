"""No two digestparse modules import each other, however indirectly.

Every ``import`` statement of every module counts: at module level, under ``if TYPE_CHECKING:``
and inside functions. A function-level import only delays a circle; it still means that
neither module can be understood, tested or changed without the other (the rule table imported
the rule modules that imported it, the runner the incremental runner built on it). Importing
``digestparse.a.b`` is an edge to that module only, not to the packages above it (Python runs
their ``__init__`` too, but every module would then be in a circle with the package's
``__init__``, which imports the public functions).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "digestparse"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, whether it is a package's ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        found[".".join(parts)] = (path, package)
    return found


def _imported(name: str, path: Path, package: bool, modules: dict[str, tuple[Path, bool]]) -> set[str]:
    """The digestparse modules that ``name`` imports anywhere in its file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
    return {m for m in found if m in modules and m != name}


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, package, modules) for name, (path, package) in modules.items()}


def test_no_import_cycles_among_digestparse_modules() -> None:
    """Counting every import, TYPE_CHECKING ones too (models <-> formats/layout and
    lint/registry <-> lint/rules were the last two circles)."""
    cycles = [sorted(c) for c in _cycles(_graph())]
    assert cycles == []


def test_the_graph_sees_every_kind_of_import() -> None:
    """The finder counts module-level, TYPE_CHECKING and function-level imports (each of
    these lines is in the package today)."""
    graph = _graph()
    assert "digestparse._source" in graph["digestparse.formats.plugin"]  # under TYPE_CHECKING
    assert "digestparse.formats.layout" not in graph["digestparse.models"]  # the circle broken
    assert "digestparse.lint.rules.corpus" in graph["digestparse.lint.registry"]  # in load_rules
    assert "digestparse.lint.table" in graph["digestparse.lint.rules.corpus"]  # module level
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
