"""The hostile corpus as a table: ``python table.py BEFORE.jsonl [AFTER.jsonl]`` prints Markdown.

Each JSON line is one run recorded by tests/test_hostile_corpus.py
(``MBX_HOSTILE_RECORD=FILE``). A cell is the exit code (``139`` a crash,
``hang`` a run stopped by the test) and, when the run broke a rule of the
corpus, what went wrong; ``ok`` marks a run that kept every rule; ``new``
a command that did not exist when the first file was recorded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COMMANDS = ("export", "validate", "query", "load", "normalize", "check", "reason", "matrix", "path")
#: build is n/a for every case (it reads no user input): not a column


def cell(entry: dict[str, object] | None) -> str:
    if entry is None:
        return "n/a"
    if entry["timed_out"]:
        code = "hang"
    elif int(entry["returncode"]) < 0:  # type: ignore[call-overload]
        code = f"{128 - int(entry['returncode'])} crash"  # type: ignore[call-overload]
    else:
        code = str(entry["returncode"])
    problems = [str(v).split(":")[0].split(",")[0] for v in entry["violations"]]  # type: ignore[attr-defined]
    if not problems:
        return f"{code} ok"
    return f"{code} **{'; '.join(sorted(set(problems)))}**"


def load(path: str) -> dict[tuple[str, str], dict[str, object]]:
    entries = {}
    for line in Path(path).read_text().splitlines():
        entry = json.loads(line)
        entries[(entry["case"], entry["command"])] = entry
    return entries


def table(before: dict[tuple[str, str], dict[str, object]],
          after: dict[tuple[str, str], dict[str, object]] | None = None) -> str:
    cases = list(dict.fromkeys(case for case, _ in [*before, *(after or {})]))
    lines = ["| case | " + " | ".join(COMMANDS) + " |", "|---" * (len(COMMANDS) + 1) + "|"]
    existed = {command for _, command in before}  # a command added since: "new"
    for case in cases:
        cells = []
        for command in COMMANDS:
            text = cell(before.get((case, command))) if command in existed else "new"
            if after is not None:
                text = f"{text} → {cell(after.get((case, command)))}"
            cells.append(text)
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    runs = [load(p) for p in sys.argv[1:3]]
    sys.stdout.write(table(runs[0], runs[1] if len(runs) > 1 else None))
