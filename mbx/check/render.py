"""`mbx check` reports as text: an aligned table, ROBOT-style TSV, JSON or Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from mbx.check import LEVELS, Problem, Report, Rule, Term

FORMATS = ("table", "tsv", "json", "markdown")
COLUMNS = ("Level", "Rule Name", "Subject", "Property", "Value", "Message")  # ROBOT's, + Message
BEGIN = "<!-- rules: generated from mbx/check/rules/ by `python -m mbx.check.render` -->"
END = "<!-- end of rules -->"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(text: str) -> str:
    r"""``text`` on one line: control characters (tabs, line breaks, escapes) as ``\xNN``.

    >>> _escaped("a\tb\n")
    'a\\x09b\\x0a'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _shown(term: Term, prefixes: Mapping[str, str] | None) -> str:
    from mbx.namespaces import compress

    kind, text = term
    return _escaped(compress(text, prefixes) if kind == "iri" else text)


def _cells(problem: Problem, prefixes: Mapping[str, str] | None) -> list[str]:
    return [
        problem.level,
        problem.rule,
        _shown(problem.entity, prefixes),
        _shown(problem.predicate, prefixes),
        _shown(problem.value, prefixes),
        _escaped(problem.message),
    ]


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    return line(header) + line(["-" * w for w in widths]) + "".join(line(r) for r in rows)


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")


def render(report: Report, format_name: str, prefixes: Mapping[str, str] | None = None) -> str:
    """``report`` in ``format_name`` (one of :data:`FORMATS`), IRIs as CURIEs except in JSON."""
    rows = [_cells(p, prefixes) for p in report.problems]
    if format_name == "tsv":
        return "".join("\t".join(r) + "\n" for r in [list(COLUMNS), *rows])
    if format_name == "markdown":
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(_markdown_cell(c) for c in r) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    if format_name == "json":
        return json.dumps(_json(report), indent=2, ensure_ascii=False) + "\n"
    if not rows:
        return ""
    return _aligned(
        [c.lower() for c in ("Level", "Rule", "Subject", "Property", "Value")],
        [[*r[:4], r[4] + (f" ({r[5]})" if r[5] else "")] for r in rows],
    )


def _json(report: Report) -> dict[str, object]:
    def term(t: Term) -> str | None:
        return t[1] if t[0] else None

    return {
        "passed": not report.failed,
        "fail_on": report.fail_on,
        "counts": report.counts(),
        "rules": {r.name: r.level for r in report.rules},
        "problems": [
            {
                "level": p.level,
                "rule": p.rule,
                "entity": term(p.entity),
                "property": term(p.predicate),
                "value": term(p.value),
                "value_is_iri": p.value[0] == "iri",
                "message": p.message or None,
            }
            for p in report.problems
        ],
    }


def rules_table(rules: Sequence[Rule]) -> str:
    """``mbx check --list``: each rule's level, name and title, by level then name."""
    ordered = sorted(rules, key=lambda r: (LEVELS.index(r.level), r.name))
    return _aligned(["level", "rule", "title"], [[r.level, r.name, r.title] for r in ordered])


def rules_reference(rules: Sequence[Rule]) -> str:
    """The rule reference of docs/check.md, from the rule files' headers (by level, then name)."""
    parts = []
    for rule in sorted(rules, key=lambda r: (LEVELS.index(r.level), r.name)):
        parts.append(
            f"### `{rule.name}` — {rule.level}\n\n"
            f"{rule.title}.\n\n"
            f"- **Problem:** {rule.problem}\n"
            f"- **Fix:** {rule.fix}\n"
            f"- **Rows:** {rule.rows}\n"
            f"- **Source:** {rule.source}\n"
        )
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover - regenerates the reference in docs/check.md
    import sys
    from pathlib import Path

    from mbx.check import shipped_rules

    docs = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/check.md")
    text = docs.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    reference = rules_reference(shipped_rules())
    docs.write_text(f"{head}{BEGIN}\n{reference}{END}{tail}", encoding="utf-8")
    print(f"wrote {docs}")
