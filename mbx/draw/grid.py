"""The crosstalk matrix as a grid: colour = direction, shade = evidence, hatched = inherited."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from mbx.draw import (
    DIRECTION_COLOURS,
    DIRECTION_GLYPHS,
    DIRECTION_WORDS,
    EMPTY,
    KIND_COLOURS,
    blend,
    canvas,
    corner,
    evidence_strength,
    fit,
    legend_row,
    picture_style,
    save,
    text_width,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from mbx.axis import Axis
    from mbx.matrix import Matrix

CELL_W = 0.42
CELL_H = 0.36
LABEL_SIZE = 9
COLUMN_ANGLE = 55


def draw_matrix(matrix: Matrix, output: str, fmt: str) -> None:
    """The matrix as a grid: colour = direction, shade = strongest evidence, hatched = inherited."""
    from matplotlib.patches import Rectangle

    axis = matrix.axis
    levels = len(axis.levels)
    shown = set(matrix.rows)
    groups = {g for r in matrix.rows for g in axis.ancestors(r) if g in shown}
    row_w = max(
        text_width(axis.label(r), LABEL_SIZE, bold=r in groups) + 0.16 * matrix.depth[r]
        for r in matrix.rows
    )
    col_h = max(text_width(axis.label(c), LABEL_SIZE) for c in matrix.columns)
    angle = math.radians(COLUMN_ANGLE)
    grid_w = CELL_W * len(matrix.columns)
    grid_h = CELL_H * len(matrix.rows)
    tail = col_h * math.cos(angle)  # the last rotated label reaches right of the grid
    width = max(row_w + 0.2 + grid_w + tail + 0.3, 7.6)
    with picture_style():
        fig, ax = canvas(width, 1.0)
        ax.text(0, -0.1, "Micronutrient Crosstalk Matrix", fontsize=13, fontweight="bold", va="top")
        ax.text(
            0,
            -0.42,
            "rows: what is taken in (members under their group); columns: what "
            "the claims act on, by kind",
            fontsize=8.5,
            va="top",
            color="#444444",
        )
        x0 = row_w + 0.2
        y0 = -0.75 - col_h * math.sin(angle) - 0.3  # top edge of the grid
        for i, row in enumerate(matrix.rows):
            ax.text(
                0.16 * matrix.depth[row],
                y0 - (i + 0.5) * CELL_H,
                axis.label(row),
                fontsize=LABEL_SIZE,
                va="center",
                ha="left",
                fontweight="bold" if row in groups else "normal",
            )
        previous_kind = None
        for j, column in enumerate(matrix.columns):
            kind = axis.kind(column)
            ax.add_patch(
                Rectangle(
                    (x0 + j * CELL_W, y0 + 0.04),
                    CELL_W,
                    0.1,
                    facecolor=KIND_COLOURS.get(kind, "white"),
                    linewidth=0,
                )
            )
            if previous_kind is not None and kind != previous_kind:
                ax.plot(
                    [x0 + j * CELL_W] * 2,
                    [y0 - grid_h - 0.05, y0 + 0.14],
                    color="#555555",
                    linewidth=0.9,
                )
            previous_kind = kind
            ax.text(
                x0 + (j + 0.5) * CELL_W - 0.05,
                y0 + 0.22,
                axis.label(column),
                fontsize=LABEL_SIZE,
                rotation=COLUMN_ANGLE,
                rotation_mode="anchor",
                ha="left",
                va="center",
            )
        for i, row in enumerate(matrix.rows):
            for j, column in enumerate(matrix.columns):
                _matrix_cell(ax, matrix, row, column, x0 + j * CELL_W, y0 - (i + 1) * CELL_H)
        y = _kind_labels(ax, matrix, x0, y0 - grid_h - 0.12)
        y = _matrix_legend(ax, axis, levels, y - 0.15)
        fit(fig, ax, width, y + 0.12)
        save(fig, output, fmt)


def _matrix_cell(ax: Axes, matrix: Matrix, row: str, column: str, left: float, low: float) -> None:
    from matplotlib.patches import Polygon, Rectangle

    axis = matrix.axis
    levels = len(axis.levels)
    cell = matrix.cells.get((row, column))
    if cell is None:
        ax.add_patch(
            Rectangle(
                (left, low), CELL_W, CELL_H, facecolor=EMPTY, edgecolor="white", linewidth=1.5
            )
        )
        return
    colour = DIRECTION_COLOURS[cell.direction]
    strength = evidence_strength(axis.rank(cell.strongest), levels)
    ax.add_patch(
        Rectangle(
            (left, low),
            CELL_W,
            CELL_H,
            facecolor=blend(colour, strength),
            edgecolor="white",
            linewidth=1.5,
        )
    )
    if cell.inherited == len(cell.evidence):
        ax.add_patch(
            Rectangle(
                (left + 0.02, low + 0.02),
                CELL_W - 0.04,
                CELL_H - 0.04,
                fill=False,
                hatch="////",
                edgecolor="white",
                linewidth=0,
            )
        )
    if axis.rank(cell.weakest) != axis.rank(cell.strongest):
        weak = blend(colour, evidence_strength(axis.rank(cell.weakest), levels))
        ax.add_patch(
            Polygon(
                corner(left + CELL_W, low),
                closed=True,
                facecolor=weak,
                edgecolor="white",
                linewidth=0.6,
            )
        )
    ink = "white" if strength > 0.6 else "black"
    ax.text(
        left + CELL_W * 0.42,
        low + CELL_H / 2,
        f"{DIRECTION_GLYPHS[cell.direction]}{len(cell.evidence)}",
        fontsize=8.5,
        ha="center",
        va="center",
        color=ink,
        fontweight="bold",
    )


def _kind_labels(ax: Axes, matrix: Matrix, x0: float, y: float) -> float:
    """Under the grid: a bracket and the kind's name under each group of columns."""
    spans: list[tuple[str, int, int]] = []
    for j, column in enumerate(matrix.columns):
        kind = matrix.axis.kind(column)
        if spans and spans[-1][0] == kind:
            spans[-1] = (kind, spans[-1][1], j)
        else:
            spans.append((kind, j, j))
    ends: dict[int, float] = {}
    lowest = y
    for kind, first, last in spans:
        left, right = x0 + first * CELL_W + 0.04, x0 + (last + 1) * CELL_W - 0.04
        ax.plot(
            [left, left, right, right], [y, y - 0.05, y - 0.05, y], color="#555555", linewidth=0.8
        )
        half = text_width(kind, 8) / 2
        centre = (left + right) / 2
        level = 0
        while ends.get(level, -1e9) > centre - half - 0.06:
            level += 1
        ends[level] = centre + half
        ty = y - 0.17 - 0.17 * level
        if level:
            ax.plot([centre, centre], [y - 0.05, ty + 0.07], color="#999999", linewidth=0.5)
        ax.text(centre, ty, kind, fontsize=8, ha="center", va="center", color="#333333")
        lowest = min(lowest, ty)
    return lowest - 0.2


def _matrix_legend(ax: Axes, axis: Axis, levels: int, y: float) -> float:
    x = 0.0
    directions = [
        (
            {"fill": DIRECTION_COLOURS[d], "glyph": DIRECTION_GLYPHS[d], "ink": "white"},
            DIRECTION_WORDS[d],
        )
        for d in DIRECTION_COLOURS
    ]
    y = legend_row(ax, x, y, "colour = direction", directions)
    ordered = sorted(axis.levels.values(), key=lambda lv: lv.rank)
    shades = [
        ({"fill": blend(DIRECTION_COLOURS["up"], evidence_strength(lv.rank, levels))}, lv.label)
        for lv in ordered
    ]
    y = legend_row(ax, x, y, "shade = strongest evidence", shades)
    return legend_row(
        ax,
        x,
        y,
        "marks",
        [
            (
                {"fill": blend(DIRECTION_COLOURS["up"], 0.6), "glyph": "↑3"},
                "direction and number of claims",
            ),
            (
                {
                    "fill": blend(DIRECTION_COLOURS["up"], 1.0),
                    "corner": blend(DIRECTION_COLOURS["up"], evidence_strength(levels, levels)),
                },
                "corner: weakest evidence, if weaker",
            ),
            (
                {"fill": blend(DIRECTION_COLOURS["up"], 1.0), "hatch": "////"},
                "every claim inherited from a group",
            ),
            ({"fill": EMPTY, "edge": "#bbbbbb"}, "no claim"),
        ],
    )
