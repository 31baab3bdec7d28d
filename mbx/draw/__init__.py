"""Pictures (SVG or PNG, matplotlib): style, measured text, colours, boxes, curves, legends, saving.

Everything is laid out in inches with measured text widths, so labels never
overlap or get cut; text stays text in SVG (searchable, and the tests read
the labels back). Output is deterministic: no dates, fixed ids, one font
(DejaVu Sans, shipped with matplotlib). The pictures: :mod:`mbx.draw.grid`
(the matrix), :mod:`mbx.draw.chains` (mechanism paths), :mod:`mbx.draw.overview`
(the whole axis).
"""

from __future__ import annotations

import io
import itertools
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from mbx.axis import Axis

PICTURE_FORMATS = ("svg", "png")
FONT = "DejaVu Sans"
PNG_DPI = 150
EMPTY = "#f3f3f3"  # a cell without claims

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
def picture_style() -> Iterator[Any]:
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
                corner(x + 0.22, y - 0.08, 0.1),
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


def fit(fig: Figure, ax: Axes, width: float, lowest: float) -> None:
    """Size the figure to what was drawn from y = 0 down to ``lowest`` (inches)."""
    fig.set_size_inches(width, -lowest)
    ax.set_xlim(0, width)
    ax.set_ylim(lowest, 0)


def corner(right: float, low: float, size: float = 0.15) -> list[tuple[float, float]]:
    """The bottom-right triangle of a cell, where the weakest evidence shows."""
    return [(right - size, low + 0.008), (right - 0.008, low + 0.008), (right - 0.008, low + size)]


# --- boxes and arrows (chains and the overview) -----------------------------------------

NODE_SIZE = 8.5
EDGE_SIZE = 7.5
LINE_H = 0.155
WRAP = 22


@dataclass
class Box:
    """A node as drawn: centre, size, wrapped label, kind."""

    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    kind: str
    ins: list[float] = field(default_factory=list)  # y offsets of arriving edges
    outs: list[float] = field(default_factory=list)


def wrap(label: str, width: int = WRAP) -> list[str]:
    """A label in at most three lines.

    >>> wrap("brain-derived neurotrophic factor")
    ['brain-derived', 'neurotrophic factor']
    """
    lines = textwrap.wrap(label, width=width, break_on_hyphens=False) or [label]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width=width, placeholder="…")]
    return lines


def box_size(label: str) -> tuple[float, float, list[str]]:
    lines = wrap(label)
    width = max(text_width(line, NODE_SIZE) for line in lines) + 0.2
    return width, LINE_H * len(lines) + 0.14, lines


def edge_style(axis: Axis, level: str | None) -> dict[str, Any]:
    """Line width and dashes for an evidence level: strongest thick, hypothesis dotted."""
    rank = axis.rank(level)
    if level is None or rank > len(axis.levels):
        return {"linewidth": 0.9, "linestyle": (0, (1, 2))}
    if rank == 1:
        return {"linewidth": 2.2, "linestyle": "solid"}
    if axis.speculative(level):
        return {"linewidth": 1.4, "linestyle": (0, (1, 1.6))}
    if rank == 2 and len(axis.levels) > 3:
        return {"linewidth": 1.3, "linestyle": "solid"}
    return {"linewidth": 1.3, "linestyle": (0, (4, 2))}


def draw_box(ax: Axes, box: Box) -> None:
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(
        FancyBboxPatch(
            (box.x - box.w / 2, box.y - box.h / 2),
            box.w,
            box.h,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=KIND_COLOURS.get(box.kind, "white"),
            edgecolor="#555555",
            linewidth=0.7,
            zorder=3,
        )
    )
    ax.text(
        box.x,
        box.y,
        "\n".join(box.lines),
        fontsize=NODE_SIZE,
        ha="center",
        va="center",
        linespacing=1.15,
        zorder=4,
    )


def draw_curve(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    colour: str,
    style: dict[str, Any],
    hollow: bool = False,
) -> None:
    """A smooth left-to-right curve through ``points`` ending in an arrowhead."""
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path as MPath

    vertices = [points[0]]
    codes = [MPath.MOVETO]
    last = len(points) - 2
    for k, ((x1, y1), (x2, y2)) in enumerate(itertools.pairwise(points)):
        bend = (x2 - x1) / 2
        vertices += [(x1 + bend, y1), (x2 - bend, y2), (x2 - (0.07 if k == last else 0), y2)]
        codes += [MPath.CURVE4] * 3
    ax.add_patch(
        PathPatch(
            MPath(vertices, codes), fill=False, edgecolor=colour, capstyle="butt", zorder=2, **style
        )
    )
    x, y = points[-1]
    head = [(x, y), (x - 0.09, y + 0.04), (x - 0.09, y - 0.04)]
    ax.add_patch(
        Polygon(
            head,
            closed=True,
            facecolor="white" if hollow else colour,
            edgecolor=colour,
            linewidth=0.8,
            zorder=2,
        )
    )


def kinds_legend(ax: Axes, kinds: Sequence[str], y: float) -> float:
    by_colour: dict[str, list[str]] = {}
    for kind in kinds:  # kinds drawn alike (pathway, process) share one swatch
        by_colour.setdefault(KIND_COLOURS.get(kind, "white"), []).append(kind)
    items = [({"fill": colour}, " / ".join(names)) for colour, names in by_colour.items()]
    return legend_row(ax, 0, y, "node colour = kind", items)


def edges_legend(ax: Axes, axis: Axis, y: float, membership: bool) -> float:
    ordered = sorted(axis.levels.values(), key=lambda lv: lv.rank)
    styles: list[tuple[dict[str, Any], str]] = [
        ({"line": {"color": "#333333", **edge_style(axis, lv.iri)}}, lv.label) for lv in ordered
    ]
    if membership:
        styles.append(
            ({"line": {"color": "#999999", "linewidth": 0.9}}, "is a / includes (group membership)")
        )
    y = legend_row(ax, 0, y, "line = evidence", styles)
    colours = [
        ({"line": {"color": c, "linewidth": 2.2}}, DIRECTION_WORDS[d])
        for d, c in DIRECTION_COLOURS.items()
        if d != "mixed"
    ]
    return legend_row(ax, 0, y, "line colour = direction", colours)


def ordered_kinds(kinds: Sequence[str]) -> list[str]:
    order = list(KIND_COLOURS)
    return sorted(set(kinds), key=lambda k: order.index(k) if k in order else len(order))
