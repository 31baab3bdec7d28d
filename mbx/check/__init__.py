"""Run quality rules — SPARQL files named ``<rule>-violation.rq`` — over a graph (`mbx check`).

Every row a rule's query returns is one problem. The row contract (ROBOT's
``report``): ``?entity`` (required: the IRI the problem is about), and
optionally ``?property``, ``?value`` and ``?message``; other variables are
ignored. A rule's level (ERROR, WARN, INFO) and its documentation sit in the
comment lines at the top of its file (``# level: WARN``; ERROR if absent).
The shipped rules are in ``mbx/check/rules/``; docs/check.md lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mbx.errors import InputError, UsageError, one_line
from mbx.namespaces import OWL, RDFS

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

LEVELS = ("ERROR", "WARN", "INFO")
#: --fail-on value -> the levels that fail
FAIL_LEVELS = {"error": LEVELS[:1], "warn": LEVELS[:2], "info": LEVELS, "none": ()}
SUFFIXES = ("-violation.rq", "-violation.sparql")
RULES_DIR = Path(__file__).with_name("rules")
_HEADER_KEYS = ("level", "title", "problem", "fix", "rows", "source")
# ROBOT skips problems about RDFS and OWL's own terms
_BUILT_IN = (RDFS, OWL)


@dataclass(frozen=True)
class Rule:
    """One check: a SPARQL SELECT query whose every row is a problem."""

    name: str
    level: str
    query: str
    path: Path
    title: str = ""
    problem: str = ""
    fix: str = ""
    rows: str = ""
    source: str = ""


def rule_name(path: Path) -> str | None:
    """``duplicate_label`` for ``duplicate_label-violation.rq``; None for other files."""
    for suffix in SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.name[: -len(suffix)]
    return None


def parse_rule(path: Path) -> Rule:
    """Read a rule file: its header (``# key: value`` lines, indented continuations) and query."""
    name = rule_name(path)
    if name is None:
        raise InputError(
            "a rule file's name must end in -violation.rq", source=str(path), hint="rename it"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InputError(f"cannot read: {reason}", source=str(path)) from None
    header: dict[str, str] = {}
    key = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line[1:]
        match = re.match(r"\s?([a-z]+):\s*(.*)$", body)
        if match and match.group(1) in _HEADER_KEYS:
            key = match.group(1)
            header[key] = match.group(2).strip()
        elif key is not None and body.startswith("   ") and body.strip():
            header[key] = f"{header[key]} {body.strip()}".strip()
        else:
            key = None
        if key == "level" and header["level"].upper() not in LEVELS:
            raise InputError(
                f"unknown level {header['level']!r}",
                source=str(path),
                line=number,
                hint="use ERROR, WARN or INFO",
            )
    fields = {k: v for k, v in header.items() if k != "level"}
    return Rule(name, header.get("level", "ERROR").upper(), text, path, **fields)


def shipped_rules() -> list[Rule]:
    """The rules that come with mbx (ROBOT's default report profile, FOOPS!, MBX's claims)."""
    return [parse_rule(p) for p in sorted(RULES_DIR.iterdir()) if rule_name(p)]


def load_rules(extra: Sequence[str] = (), *, shipped: bool = True) -> list[Rule]:
    """The shipped rules plus those of ``extra`` (folders or files), sorted by name.

    A user's rule with the name of a shipped one replaces it (to change its
    level, say).
    """
    rules = {r.name: r for r in shipped_rules()} if shipped else {}
    for location in extra:
        path = Path(location)
        if path.is_dir():
            found = [p for p in sorted(path.iterdir()) if rule_name(p) and p.is_file()]
            if not found:
                raise InputError(
                    "no rule files here", source=location, hint="name them <rule>-violation.rq"
                )
        elif path.is_file():
            found = [path]
        else:
            raise InputError("no such file or folder", source=location)
        for file in found:
            rule = parse_rule(file)
            rules[rule.name] = rule
    if not rules:
        raise UsageError("no rules to run", hint="give --rules DIR")
    return [rules[name] for name in sorted(rules)]


Term = tuple[str, str]  # (kind: "iri" | "blank" | "literal" | "", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One row of one rule."""

    level_rank: int
    rule: str
    entity: Term
    predicate: Term = ("", "")  # the ?property column
    value: Term = ("", "")
    message: str = ""

    @property
    def level(self) -> str:
        return LEVELS[self.level_rank]


@dataclass
class Report:
    """What `mbx check` found: the problems, sorted by level, rule, entity, property, value."""

    rules: list[Rule]
    problems: list[Problem]
    fail_on: str = "error"
    timings: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(LEVELS, 0)
        for problem in self.problems:
            counts[problem.level] += 1
        return counts

    def counts_by_rule(self) -> dict[tuple[str, str], int]:
        """``(level, rule) -> number of problems``, for the rules that found any."""
        counts: dict[tuple[str, str], int] = {}
        for problem in self.problems:
            key = (problem.level, problem.rule)
            counts[key] = counts.get(key, 0) + 1
        return counts

    @property
    def failed(self) -> bool:
        failing = FAIL_LEVELS[self.fail_on]
        return any(p.level in failing for p in self.problems)

    def summary(self) -> str:
        counts = self.counts()
        text = ", ".join(f"{n} {level}" for level, n in counts.items())
        rules = len({p.rule for p in self.problems})
        verdict = "fails" if self.failed else "passes"
        return (
            f"mbx check: {text} from {rules} of {len(self.rules)} rules "
            f"({verdict} at --fail-on {self.fail_on})"
        )


def _term(term: object) -> Term:
    import pyoxigraph as ox

    if term is None:
        return ("", "")
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("blank", "blank node")
    if isinstance(term, ox.Literal):
        text = f"{term.value}@{term.language}" if term.language else term.value
        return ("literal", text)
    return ("literal", str(term))


def _query_error(exc: SyntaxError, rule: Rule) -> InputError:
    message = str(exc)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        return InputError(
            f"SPARQL syntax error: {one_line(match.group(3), 160)}",
            source=str(rule.path),
            line=line,
            column=column,
        )
    return InputError(f"SPARQL syntax error: {one_line(message, 160)}", source=str(rule.path))


def make_store(quads: Iterable[pyoxigraph.Quad]) -> pyoxigraph.Store:
    """An in-memory store holding ``quads`` (graph names kept)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(quads)
    return store


def run_rule(store: pyoxigraph.Store, rule: Rule) -> list[Problem]:
    """The problems ``rule`` finds in ``store`` (its default graph: the union of all graphs)."""
    import pyoxigraph as ox

    from mbx.check.registry import xref_problem
    from mbx.namespaces import XREF_PROBLEM

    if rule.path.parent != RULES_DIR:  # a user's rule: the guard of every user's SPARQL
        from mbx.errors import QueryError
        from mbx.sparql.analysis import guard

        try:
            guard(rule.query, str(rule.path))
        except QueryError as exc:
            if "SERVICE/LOAD" not in exc.message:
                raise
            raise InputError(
                "SERVICE/LOAD refused in a rule: mbx check makes no network requests",
                source=str(rule.path),
                hint="load the remote data with -i instead",
            ) from None
    try:
        results = store.query(
            rule.query,
            use_default_graph_as_union=True,
            custom_functions={ox.NamedNode(XREF_PROBLEM): xref_problem},
        )
    except SyntaxError as exc:
        raise _query_error(exc, rule) from None
    if not isinstance(results, ox.QuerySolutions):
        raise InputError(
            "a rule must be a SELECT query (each row a problem)",
            source=str(rule.path),
            hint="see the row contract in docs/check.md",
        )
    names = {v.value for v in results.variables}
    if "entity" not in names:
        raise InputError(
            "the rule's SELECT has no ?entity variable",
            source=str(rule.path),
            hint="select ?entity (and optionally ?property ?value ?message)",
        )
    rank = LEVELS.index(rule.level)
    problems = []
    for row in results:
        entity = _term(row["entity"])
        if not entity[1] or entity[1].startswith(_BUILT_IN):
            continue
        problems.append(
            Problem(
                rank,
                rule.name,
                entity,
                _term(row["property"]) if "property" in names else ("", ""),
                _term(row["value"]) if "value" in names else ("", ""),
                _term(row["message"])[1] if "message" in names else "",
            )
        )
    return problems


def run_checks(
    quads: Iterable[pyoxigraph.Quad],
    rules: Sequence[Rule],
    *,
    base_iris: Sequence[str] = (),
    fail_on: str = "error",
) -> Report:
    """Run ``rules`` over ``quads``; with ``base_iris``, keep only problems about their IRIs.

    Like ROBOT's ``--base-iri``: a problem is kept when its entity's IRI
    starts with one of ``base_iris`` (so problems about blank nodes go).
    """
    import time

    start = time.perf_counter()
    store = make_store(quads)
    loaded = time.perf_counter()
    problems: set[Problem] = set()
    for rule in rules:
        for problem in run_rule(store, rule):
            if base_iris and not (
                problem.entity[0] == "iri" and problem.entity[1].startswith(tuple(base_iris))
            ):
                continue
            problems.add(problem)
    done = time.perf_counter()
    return Report(
        list(rules),
        sorted(problems),
        fail_on,
        {"load": loaded - start, "rules": done - loaded},
    )
