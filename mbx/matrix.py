"""The Micronutrient Crosstalk Matrix: which nutrients act on which targets, from the claims.

Rows are the dietary bioactives (or the terms ``--rows`` selects), columns the
things their claims act on, grouped by kind. A cell sums up the claims of one
row about one column: their direction, strongest and weakest evidence level,
how many claims and documents. A claim about a group (micronutrients, B
vitamins, polyphenols) counts for each member too, marked as inherited.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from mbx.axis import Axis, Claim, classes_of, normal, suggestion

#: The kinds that are rows by default, and the kinds never shown as columns
#: unless --cols names them (a role is what a thing is, not what it acts on).
ROW_KINDS = ("nutrient",)
HIDDEN_COLUMN_KINDS = ("role",)
FORMATS = ("table", "csv", "tsv", "json", "markdown")


@dataclass(frozen=True)
class Evidence:
    """A claim counted in a cell; ``via`` is the group it is about when inherited."""

    claim: Claim
    via: str | None


@dataclass(frozen=True)
class Cell:
    """What the claims of one row say about one column."""

    row: str
    column: str
    evidence: tuple[Evidence, ...]
    direction: str  # up, down, mixed, modulates, linked
    relations: tuple[str, ...]
    strongest: str | None
    weakest: str | None
    documents: tuple[str, ...]

    @property
    def inherited(self) -> int:
        return sum(1 for e in self.evidence if e.via is not None)

    @property
    def via(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.via for e in self.evidence if e.via is not None))


@dataclass
class Matrix:
    """Rows (in tree order, with depth), columns (by kind), and the non-empty cells."""

    axis: Axis
    rows: list[str]
    depth: dict[str, int]
    columns: list[str]
    cells: dict[tuple[str, str], Cell]


def cell_direction(directions: Sequence[str]) -> str:
    """One direction for a cell from its claims' directions.

    >>> cell_direction(["up", "modulates"]), cell_direction(["up", "down"])
    ('up', 'mixed')
    >>> cell_direction(["modulates", "linked"]), cell_direction(["linked"])
    ('modulates', 'linked')
    """
    signs = {d for d in directions if d in ("up", "down")}
    if len(signs) == 2:
        return "mixed"
    if signs:
        return signs.pop()
    return "modulates" if "modulates" in directions else "linked"


def select(axis: Axis, values: Sequence[str], what: str) -> set[str]:
    """The terms ``values`` name: a kind, a term (with its members) or a class.

    Each value may list several, comma-separated. An unknown name is exit 2
    with the closest names.
    """
    from mbx.errors import InputError

    kinds = {normal(t.kind): t.kind for t in axis.terms.values()}
    index = axis.index
    classes: dict[str, tuple[set[str], list[str]]] | None = None
    chosen: set[str] = set()
    for value in (v.strip() for raw in values for v in raw.split(",")):
        if not value:
            continue
        key = normal(value)
        if key in kinds:
            chosen |= {iri for iri, t in axis.terms.items() if t.kind == kinds[key]}
            continue
        matches = index.get(key)
        if matches:
            best = min(matches.values())
            for term in (t for t, tier in matches.items() if tier == best):
                chosen |= {term, *_descendants(axis, term)}
            continue
        if classes is None:
            classes = classes_of(axis)
        found = [
            terms
            for iri, (terms, labels) in classes.items()
            if key in {normal(iri), normal(axis.curie(iri)), *(normal(x) for x in labels)}
        ]
        if found:
            chosen |= set().union(*found)
            continue
        raise InputError(
            f"{value!r} is neither a kind ({', '.join(sorted(set(kinds.values())))}), "
            "a term nor a class",
            source=what,
            hint=suggestion(axis, value, index),
        )
    return chosen


def _descendants(axis: Axis, term: str) -> set[str]:
    found: set[str] = set()
    frontier = [term]
    while frontier:
        for child in axis.children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def build_matrix(axis: Axis, rows: Sequence[str] = (), cols: Sequence[str] = ()) -> Matrix:
    """The matrix over ``axis``; ``rows``/``cols`` are --rows/--cols values (empty: defaults)."""
    wanted_rows = (
        select(axis, rows, "--rows")
        if rows
        else {iri for iri, t in axis.terms.items() if t.kind in ROW_KINDS}
    )
    wanted_cols = select(axis, cols, "--cols") if cols else None
    by_subject: dict[str, list[Claim]] = {}
    for claim in axis.claims:
        by_subject.setdefault(claim.subject, []).append(claim)
    cells: dict[tuple[str, str], Cell] = {}
    for row in wanted_rows:
        gathered: dict[str, dict[str, Evidence]] = {}
        for source in (row, *axis.ancestors(row)):
            for claim in by_subject.get(source, ()):
                column = claim.object
                if wanted_cols is not None:
                    if column not in wanted_cols:
                        continue
                elif axis.kind(column) in HIDDEN_COLUMN_KINDS:
                    continue
                found = gathered.setdefault(column, {})
                found.setdefault(claim.iri, Evidence(claim, None if source == row else source))
        for column, evidence in gathered.items():
            cells[(row, column)] = _cell(axis, row, column, list(evidence.values()))
    shown_rows = {r for r, _ in cells}
    shown_cols = {c for _, c in cells}
    ordered, depth = _tree_order(axis, shown_rows)
    columns = sorted(shown_cols, key=lambda c: (axis.kind_order(c), *axis.sort_key(c)))
    return Matrix(axis, ordered, depth, columns, cells)


def _cell(axis: Axis, row: str, column: str, evidence: list[Evidence]) -> Cell:
    evidence.sort(key=lambda e: (e.via is not None, axis.rank(e.claim.level), e.claim.iri))
    ranks = sorted(evidence, key=lambda e: axis.rank(e.claim.level))
    documents = sorted({e.claim.document or "" for e in evidence} - {""})
    return Cell(
        row=row,
        column=column,
        evidence=tuple(evidence),
        direction=cell_direction([e.claim.direction for e in evidence]),
        relations=tuple(sorted({e.claim.relation for e in evidence})),
        strongest=ranks[0].claim.level,
        weakest=ranks[-1].claim.level,
        documents=tuple(documents),
    )


def _tree_order(axis: Axis, shown: set[str]) -> tuple[list[str], dict[str, int]]:
    """Rows as a tree: each group followed by its members (indented), siblings by label."""
    parents = {r: [g for g in axis.ancestors(r) if g in shown] for r in shown}
    nearest = {r: (found[0] if found else None) for r, found in parents.items()}
    order: list[str] = []
    depth: dict[str, int] = {}

    def visit(node: str, level: int) -> None:
        order.append(node)
        depth[node] = level
        children = [r for r in shown if nearest[r] == node]
        for child in sorted(children, key=axis.sort_key):
            visit(child, level + 1)

    for root in sorted((r for r in shown if nearest[r] is None), key=axis.sort_key):
        visit(root, 0)
    return order, depth


# --- output -----------------------------------------------------------------------------

HEADER = (
    "row",
    "column",
    "kind",
    "direction",
    "relations",
    "strongest",
    "weakest",
    "claims",
    "documents",
    "inherited",
)


def _inherited_text(matrix: Matrix, cell: Cell) -> str:
    if not cell.inherited:
        return ""
    groups = ", ".join(matrix.axis.label(g) for g in cell.via)
    return f"{cell.inherited} via {groups}"


def table_rows(matrix: Matrix, ids: bool = False) -> list[list[str]]:
    """One line per non-empty cell, rows in tree order, columns by kind."""
    axis = matrix.axis
    lines: list[list[str]] = []
    for row in matrix.rows:
        for column in matrix.columns:
            cell = matrix.cells.get((row, column))
            if cell is None:
                continue
            line = [
                axis.label(row),
                axis.label(column),
                axis.kind(column),
                cell.direction,
                ", ".join(cell.relations),
                axis.level_label(cell.strongest),
                axis.level_label(cell.weakest),
                str(len(cell.evidence)),
                str(len(cell.documents)),
                _inherited_text(matrix, cell),
            ]
            if ids:
                line[1:1] = [axis.curie(row)]
                line.insert(3, axis.curie(column))
                line.append(" ".join(axis.curie(e.claim.iri) for e in cell.evidence))
            lines.append(line)
    return lines


def render_matrix(matrix: Matrix, fmt: str) -> str:
    """The matrix as ``fmt``: table, markdown (labels), csv, tsv (labels and CURIEs) or json."""
    from mbx.tabular import render

    if fmt == "json":
        return json.dumps(matrix_json(matrix), indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        header = list(HEADER)
        header[1:1] = ["row_id"]
        header.insert(3, "column_id")
        header.append("claim_ids")
        return render(header, table_rows(matrix, ids=True), fmt)
    return render(HEADER, table_rows(matrix), fmt)


def matrix_json(matrix: Matrix) -> dict[str, object]:
    """A JSON-ready form: rows, columns, cells with every claim and its quote."""
    axis = matrix.axis

    def term(iri: str) -> dict[str, object]:
        return {"id": axis.curie(iri), "iri": iri, "label": axis.label(iri), "kind": axis.kind(iri)}

    cells = []
    for row in matrix.rows:
        for column in matrix.columns:
            cell = matrix.cells.get((row, column))
            if cell is None:
                continue
            cells.append(
                {
                    "row": axis.curie(row),
                    "column": axis.curie(column),
                    "direction": cell.direction,
                    "relations": list(cell.relations),
                    "strongest": axis.level_label(cell.strongest),
                    "weakest": axis.level_label(cell.weakest),
                    "claims": len(cell.evidence),
                    "documents": len(cell.documents),
                    "inherited": cell.inherited,
                    "evidence": [_evidence_json(axis, e) for e in cell.evidence],
                }
            )
    return {
        "levels": [lv.label for lv in sorted(axis.levels.values(), key=lambda lv: lv.rank)],
        "rows": [{**term(r), "depth": matrix.depth[r]} for r in matrix.rows],
        "columns": [term(c) for c in matrix.columns],
        "cells": cells,
    }


def _evidence_json(axis: Axis, evidence: Evidence) -> dict[str, object]:
    claim = evidence.claim
    found: dict[str, object] = {
        "claim": axis.curie(claim.iri),
        "subject": axis.curie(claim.subject),
        "relation": claim.relation,
        "direction": claim.direction,
        "object_aspect": claim.object_aspect or None,
        "level": axis.level_label(claim.level),
        "document": axis.curie(claim.document) if claim.document else None,
        "quote": claim.quote,
    }
    if claim.stated_for_deficiency:
        found["stated_for_deficiency"] = True
    if evidence.via is not None:
        found["inherited_from"] = axis.curie(evidence.via)
    return found
