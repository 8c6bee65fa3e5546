"""Generate ``docs/rules/`` from the rules' docstrings: one page per rule and an index.

Run ``python -m digestparse.lint.docs docs/rules`` after changing a rule; a test fails when the
pages are stale, as ruff's generated documentation does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .registry import load_rules
from .table import FAMILIES, Rule


def rule_page(rule: Rule) -> str:
    """The Markdown page of one rule."""
    facts = [
        f"- Severity: `{rule.severity.value}`",
        f"- Runs by default: {'yes' if rule.default else 'no'}",
        f"- Fix: {'safe fix with `--fix`' if rule.fixable else 'none'}",
        f"- Family: {rule.family} (`{rule.code[:3]}xx`)",
        f"- Scope: {'across digests' if rule.kind == 'corpus' else 'one file'}",
    ]
    body = rule.doc.split("\n", 1)[1].strip() if "\n" in rule.doc else ""
    return f"# {rule.code}: {rule.name}\n\n{rule.summary}\n\n" + "\n".join(facts) + f"\n\n{body}\n"


def index_page(rules: dict[str, Rule]) -> str:
    """The table of every rule, grouped by family."""
    lines = [
        "# Rules",
        "",
        "Every rule `digestparse check` knows, by family. Select them by code",
        "prefix (`--select DP4`), as in ruff.",
        "",
    ]
    for prefix, family in FAMILIES.items():
        members = [r for code, r in sorted(rules.items()) if code.startswith(prefix)]
        if not members:
            continue
        lines += [
            f"## {prefix}xx: {family}",
            "",
            "| Code | Name | Severity | Default | Fix | Summary |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for r in members:
            lines.append(
                f"| [{r.code}]({r.code}.md) | {r.name} | {r.severity.value} | "
                f"{'yes' if r.default else 'no'} | {'safe' if r.fixable else ''} | {r.summary} |"
            )
        lines.append("")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    """File name -> content of every generated page."""
    rules = load_rules()
    out = {f"{code}.md": rule_page(rule) for code, rule in rules.items()}
    out["index.md"] = index_page(rules)
    return out


def main(argv: list[str]) -> int:
    """Write the pages into the folder named by ``argv[0]`` (default ``docs/rules``)."""
    folder = Path(argv[0] if argv else "docs/rules")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages().items():
        (folder / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
