"""Pictures (SVG or PNG, matplotlib): the crosstalk matrix as a grid, and what all pictures share.

Everything is laid out in inches with measured text widths, so labels never
overlap or get cut; text stays text in SVG (searchable, and the tests read
the labels back). Output is deterministic: no dates, fixed ids, one font
(DejaVu Sans, shipped with matplotlib).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from mbx.axis import Axis
    from mbx.matrix import Matrix

PICTURE_FORMATS = ("svg", "png")
FONT = "DejaVu Sans"
PNG_DPI = 150

#: Node colours by kind (pastel, black text readable on each).
KIND_COLOURS = {
    "nutrient": "#8dd3c7",
    "exercise": "#fdb462",
    "myokine": "#fb8072",
    "signal": "#fccde5",
    "receptor": "#bebada",
    "enzyme": "#c9a0dc",
    "molecule": "#e5d8bd",
    "pathway": "#80b1d3",
    "process": "#80b1d3",
    "cell": "#ccebc5",
    "brain region": "#b3de69",
    "anatomy": "#d9d9d9",
    "outcome": "#ffed6f",
    "condition": "#bdbdbd",
    "role": "#f0f0f0",
    "other": "#ffffff",
}
#: Direction colours (Okabe-Ito, safe for colour-blind readers) and glyphs.
DIRECTION_COLOURS = {
    "up": "#d55e00",
    "down": "#0072b2",
    "mixed": "#cc79a7",
    "modulates": "#009e73",
    "linked": "#8c8c8c",
}
DIRECTION_GLYPHS = {"up": "↑", "down": "↓", "mixed": "↕", "modulates": "∼", "linked": "•"}
DIRECTION_WORDS = {
    "up": "raises",
    "down": "lowers",
    "mixed": "raises and lowers",
    "modulates": "modulates (no direction)",
    "linked": "other link (crosses, co-factor of …)",
}


def picture_format(output: str | None) -> str | None:
    """``svg`` or ``png`` when ``output`` names a picture, else None."""
    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lower().lstrip(".")
    return suffix if suffix in PICTURE_FORMATS else None


@contextmanager
def _style() -> Iterator[Any]:
    import matplotlib

    matplotlib.use("Agg", force=True)
    settings: dict[str, Any] = {
        "font.family": "sans-serif",  # in SVG: DejaVu Sans, else a narrower sans-serif
        "font.sans-serif": [FONT, "Arial", "Helvetica", "Liberation Sans"],
        "svg.fonttype": "none",  # text stays text
        "svg.hashsalt": "mbx",  # fixed ids
        "path.simplify": False,
        "hatch.linewidth": 0.8,
    }
    with matplotlib.rc_context(settings):  # type: ignore[arg-type]
        yield matplotlib


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in inches at ``size`` points (measured on the real glyphs)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return float(width) / 72.0


def blend(colour: str, strength: float) -> tuple[float, float, float]:
    """``colour`` mixed with white: strength 1 is the colour, 0 is white."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (1 - strength * (1 - r), 1 - strength * (1 - g), 1 - strength * (1 - b))


def evidence_strength(rank: int, levels: int) -> float:
    """Colour strength for an evidence rank: the strongest level full, the weakest pale.

    >>> evidence_strength(1, 4), round(evidence_strength(4, 4), 2), evidence_strength(5, 4)
    (1.0, 0.28, 0.14)
    """
    if rank > levels:
        return 0.14
    return 1.0 - 0.72 * (rank - 1) / max(levels - 1, 1)


def canvas(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure ``width`` × ``height`` inches whose data coordinates are inches (y up)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax


def save(fig: Figure, output: str, fmt: str) -> None:
    """Write ``fig`` as ``fmt`` to ``output`` atomically, with no date and fixed metadata."""
    from mbx.output import write_output

    buffer = io.BytesIO()
    metadata = {"Date": None, "Creator": "mbx"} if fmt == "svg" else {"Software": "mbx"}
    fig.savefig(
        buffer,
        format=fmt,
        dpi=PNG_DPI,
        metadata=metadata,
        facecolor="white",
        bbox_inches="tight",
        pad_inches=0.15,
    )
    write_output(buffer.getvalue(), output)


def legend_row(
    ax: Axes, x: float, y: float, title: str, items: Sequence[tuple[dict[str, Any], str]]
) -> float:
    """A row of swatches with captions, wrapped at the axes' width; returns the y below it."""
    right = ax.get_xlim()[1]
    ax.text(x, y, title, fontsize=8.5, fontweight="bold", va="center", ha="left")
    start = x + text_width(title, 8.5, bold=True) + 0.15
    cursor = start
    for style, caption in items:
        needed = 0.3 + text_width(caption, 8) + 0.25
        if cursor + needed > right and cursor > start:
            cursor, y = start, y - 0.24
        draw_swatch(ax, cursor, y, style)
        ax.text(cursor + 0.3, y, caption, fontsize=8, va="center", ha="left")
        cursor += needed
    return y - 0.3


def draw_swatch(ax: Axes, x: float, y: float, style: dict[str, Any]) -> None:
    """A legend swatch: a small box (``fill``, ``hatch``, ``glyph``) or a line (``line``)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon, Rectangle

    if "line" in style:
        ax.add_line(Line2D([x, x + 0.24], [y, y], **style["line"]))
        return
    ax.add_patch(
        Rectangle(
            (x, y - 0.08),
            0.22,
            0.16,
            facecolor=style.get("fill", "white"),
            edgecolor=style.get("edge", "#666666"),
            linewidth=0.6,
        )
    )
    if style.get("hatch"):
        ax.add_patch(
            Rectangle(
                (x, y - 0.08),
                0.22,
                0.16,
                fill=False,
                hatch=style["hatch"],
                edgecolor="white",
                linewidth=0,
            )
        )
    if style.get("corner"):
        ax.add_patch(
            Polygon(
                _corner(x + 0.22, y - 0.08, 0.1),
                closed=True,
                facecolor=style["corner"],
                edgecolor="white",
                linewidth=0.5,
            )
        )
    if style.get("glyph"):
        ax.text(
            x + 0.11,
            y,
            style["glyph"],
            fontsize=8,
            ha="center",
            va="center",
            color=style.get("ink", "black"),
        )


# --- the matrix ------------------------------------------------------------------------

EMPTY = "#f3f3f3"
CELL_W = 0.42
CELL_H = 0.36
LABEL_SIZE = 9
COLUMN_ANGLE = 55


def draw_matrix(matrix: Matrix, output: str, fmt: str) -> None:
    """The matrix as a grid: colour = direction, shade = strongest evidence, hatched = inherited."""
    import math

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
    with _style():
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


def fit(fig: Figure, ax: Axes, width: float, lowest: float) -> None:
    """Size the figure to what was drawn from y = 0 down to ``lowest`` (inches)."""
    fig.set_size_inches(width, -lowest)
    ax.set_xlim(0, width)
    ax.set_ylim(lowest, 0)


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
                _corner(left + CELL_W, low),
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


def _corner(right: float, low: float, size: float = 0.15) -> list[tuple[float, float]]:
    """The bottom-right triangle of a cell, where the weakest evidence shows."""
    return [(right - size, low + 0.008), (right - 0.008, low + 0.008), (right - 0.008, low + size)]


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
