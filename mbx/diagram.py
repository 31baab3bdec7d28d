"""Network pictures: mechanism paths (one row per chain) and the layered overview of the whole axis.

Nodes are boxes coloured by kind, edges coloured by direction and styled by
evidence (solid and thick for the strongest level, dotted for a hypothesis).
Layout is computed here (columns, measured widths, barycentre ordering with
routing points for long edges), so nothing needs Graphviz.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mbx.draw import (
    DIRECTION_COLOURS,
    DIRECTION_WORDS,
    KIND_COLOURS,
    canvas,
    fit,
    legend_row,
    save,
    text_width,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from mbx.axis import Axis
    from mbx.paths import Overview, PathResult

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
    items = [({"fill": KIND_COLOURS.get(k, "white")}, k) for k in kinds]
    return legend_row(ax, 0, y, "node colour = kind", items)


def edges_legend(ax: Axes, axis: Axis, y: float, membership: bool) -> float:
    ordered = sorted(axis.levels.values(), key=lambda lv: lv.rank)
    styles: list[tuple[dict[str, Any], str]] = [
        ({"line": {"color": "#333333", **edge_style(axis, lv.iri)}}, lv.label) for lv in ordered
    ]
    if membership:
        styles.append(({"line": {"color": "#999999", "linewidth": 0.9}}, "is a (group member)"))
    y = legend_row(ax, 0, y, "line = evidence", styles)
    colours = [
        ({"line": {"color": c, "linewidth": 2.2}}, DIRECTION_WORDS[d])
        for d, c in DIRECTION_COLOURS.items()
        if d != "mixed"
    ]
    return legend_row(ax, 0, y, "line colour = direction", colours)


# --- mechanism paths ---------------------------------------------------------------------


def draw_paths(result: PathResult, output: str, fmt: str, limit: int) -> None:
    """Each chain as a row of boxes left to right; steps labelled by relation and evidence."""
    from mbx.matrix import cell_direction

    axis = result.axis
    chains = result.chains[:limit] if limit else result.chains
    columns = max(len(c.steps) for c in chains) + 1
    sizes = [[box_size(axis.label(n)) for n in chain.nodes()] for chain in chains]
    col_w = [max((s[j][0] for s in sizes if j < len(s)), default=0.0) for j in range(columns)]
    texts = [[_step_texts(result, step) for step in chain.steps] for chain in chains]
    gap = [
        max(
            (text_width(t[j][k], EDGE_SIZE) for t in texts if j < len(t) for k in (0, 1)),
            default=0.0,
        )
        + 0.45
        for j in range(columns - 1)
    ]
    gap = [max(g, 0.9) for g in gap]
    lefts = [0.1]
    for j in range(1, columns):
        lefts.append(lefts[-1] + col_w[j - 1] + gap[j - 1])
    width = max(lefts[-1] + col_w[-1] + 0.2, 7.6)
    with _styled() as _:
        fig, ax = canvas(width, 1.0)
        ax.text(
            0,
            -0.1,
            f"Mechanism paths: {axis.label(result.source)} → {axis.label(result.target)}",
            fontsize=13,
            fontweight="bold",
            va="top",
        )
        ax.text(0, -0.42, _subtitle(result, len(chains)), fontsize=8.5, va="top", color="#444444")
        y = -0.85
        kinds: list[str] = []
        for number, (chain, size, words) in enumerate(zip(chains, sizes, texts, strict=True), 1):
            row_h = max(s[1] for s in size)
            ax.text(
                0.1,
                y,
                f"chain {number}: {_chain_caption(result, chain)}",
                fontsize=8.5,
                va="top",
                color="#333333",
                fontstyle="italic",
            )
            centre = y - 0.42 - row_h / 2
            boxes = []
            for j, node in enumerate(chain.nodes()):
                w, h, lines = size[j]
                box = Box(lefts[j] + col_w[j] / 2, centre, w, h, lines, axis.kind(node))
                boxes.append(box)
                kinds.append(box.kind)
                draw_box(ax, box)
            for j, step in enumerate(chain.steps):
                start = (boxes[j].x + boxes[j].w / 2, centre)
                end = (boxes[j + 1].x - boxes[j + 1].w / 2, centre)
                if step.kind == "claim":
                    colour = DIRECTION_COLOURS[cell_direction([c.direction for c in step.claims])]
                    draw_curve(ax, [start, end], colour, edge_style(axis, step.level))
                else:
                    draw_curve(ax, [start, end], "#999999", {"linewidth": 0.9}, hollow=True)
                mid = (start[0] + end[0]) / 2
                ax.text(
                    mid,
                    centre + 0.07,
                    words[j][0],
                    fontsize=EDGE_SIZE,
                    ha="center",
                    va="bottom",
                    color="#222222",
                )
                ax.text(
                    mid,
                    centre - 0.07,
                    words[j][1],
                    fontsize=EDGE_SIZE,
                    ha="center",
                    va="top",
                    color="#555555",
                    fontstyle="italic",
                )
            y = centre - row_h / 2 - 0.3
        y = kinds_legend(ax, _ordered_kinds(kinds), y - 0.1)
        membership = any(s.kind != "claim" for c in chains for s in c.steps)
        y = edges_legend(ax, axis, y, membership)
        fit(fig, ax, width, y + 0.12)
        save(fig, output, fmt)


def _styled() -> Any:
    from mbx.draw import _style

    return _style()


def _subtitle(result: PathResult, shown: int) -> str:
    total = len(result.chains)
    more = f", the first {shown} drawn" if shown < total else ""
    return (
        f"{total} chain{'s' if total != 1 else ''} of claims within {result.max_hops} hops, "
        f"shortest first{more}; from the MBX knowledge graph"
    )


def _chain_caption(result: PathResult, chain: Any) -> str:
    weakest = result.weakest(chain)
    text = (
        f"{chain.hops} claim step{'s' if chain.hops != 1 else ''}, weakest evidence "
        f"{result.axis.level_label(weakest)}"
    )
    return text + (", includes a hypothesis" if result.speculative(chain) else "")


def _step_texts(result: PathResult, step: Any) -> tuple[str, str]:
    axis = result.axis
    if step.kind != "claim":
        return step.relation, "ontology"
    more = f" ({len(step.claims)} claims)" if len(step.claims) > 1 else ""
    return step.relation, f"{axis.level_label(step.level)}{more}"


def _ordered_kinds(kinds: Sequence[str]) -> list[str]:
    order = list(KIND_COLOURS)
    return sorted(set(kinds), key=lambda k: order.index(k) if k in order else len(order))


# --- the overview ------------------------------------------------------------------------

STAGE_TITLES = (
    "exercise, nutrients, first effects",
    "myokines and other signals",
    "receptors and enzymes",
    "brain, cells and tissues",
    "processes",
    "outcomes and conditions",
)
COLUMN_GAP = 0.85
NODE_GAP = 0.1
DUMMY_H = 0.1


def draw_overview(overview: Overview, output: str, fmt: str) -> None:
    """The whole axis in stage columns, edges routed between columns, one arrow per term pair."""
    axis = overview.axis
    stages = max(overview.stage.values()) + 1
    layers, routes, neighbours = _layers(overview, stages)
    sizes = {n: box_size(axis.label(n)) for n in overview.stage}
    col_w = [max((sizes[n][0] for n in layer if n in sizes), default=1.0) for layer in layers]
    lefts = [0.1]
    for j in range(1, stages):
        lefts.append(lefts[-1] + col_w[j - 1] + COLUMN_GAP)
    heights = {n: sizes[n][1] if n in sizes else DUMMY_H for layer in layers for n in layer}
    ys = _place(layers, heights, neighbours)
    highest = max(ys[n] + heights[n] / 2 for n in ys)
    lowest = min(ys[n] - heights[n] / 2 for n in ys)
    width = max(lefts[-1] + col_w[-1] + 0.45, 7.6)
    top = -1.25
    with _styled() as _:
        fig, ax = canvas(width, 1.0)
        ax.text(
            0,
            -0.1,
            "The muscle–brain axis in the MBX knowledge graph",
            fontsize=13,
            fontweight="bold",
            va="top",
        )
        ax.text(
            0,
            -0.42,
            "every claim between exercise or nutrients, muscle signals, receptors, "
            "the brain, processes and outcomes; one arrow per pair of terms, its strongest "
            "evidence",
            fontsize=8.5,
            va="top",
            color="#444444",
        )
        points: dict[str, tuple[float, float, float]] = {}  # node -> (x centre, y, half width)
        boxes: dict[str, Box] = {}
        for j, layer in enumerate(layers):
            ax.text(
                lefts[j] + col_w[j] / 2,
                -0.85,
                "\n".join(textwrap.wrap(STAGE_TITLES[j], 16)),
                fontsize=9,
                fontweight="bold",
                ha="center",
                va="top",
                color="#333333",
            )
            for node in layer:
                h = heights[node]
                centre = top - (highest - ys[node])
                if node in sizes:
                    w, _, lines = sizes[node]
                    boxes[node] = Box(lefts[j] + col_w[j] / 2, centre, w, h, lines, axis.kind(node))
                    points[node] = (lefts[j] + col_w[j] / 2, centre, w / 2)
                else:
                    points[node] = (lefts[j] + col_w[j] / 2, centre, col_w[j] / 2)
        right = {n: lefts[j] + col_w[j] for j, layer in enumerate(layers) for n in layer}
        _draw_routes(ax, overview, routes, points, boxes, right)
        for box in boxes.values():
            draw_box(ax, box)
        y = kinds_legend(
            ax, _ordered_kinds([b.kind for b in boxes.values()]), top - (highest - lowest) - 0.3
        )
        y = edges_legend(ax, axis, y, False)
        fit(fig, ax, width, y + 0.12)
        save(fig, output, fmt)


def _layers(
    overview: Overview, stages: int
) -> tuple[list[list[str]], list[list[str]], dict[str, tuple[set[str], set[str]]]]:
    """Nodes per stage (with routing points for long edges), ordered to cross little."""
    axis = overview.axis
    layers: list[list[str]] = [[] for _ in range(stages)]
    for node in sorted(overview.stage, key=lambda n: (axis.kind_order(n), *axis.sort_key(n))):
        layers[overview.stage[node]].append(node)
    routes: list[list[str]] = []
    for edge in overview.edges:
        first, last = overview.stage[edge.source], overview.stage[edge.target]
        route = [edge.source]
        for j in range(first + 1, last):
            dummy = f"\x00{edge.source}\x00{edge.target}\x00{j}"
            layers[j].append(dummy)
            route.append(dummy)
        routes.append([*route, edge.target])
    neighbours: dict[str, tuple[set[str], set[str]]] = {}
    lateral: dict[str, set[str]] = {}
    for route in routes:
        for a, b in itertools.pairwise(route):
            if overview.stage.get(a, -1) != overview.stage.get(b, -2):
                neighbours.setdefault(a, (set(), set()))[1].add(b)
                neighbours.setdefault(b, (set(), set()))[0].add(a)
            else:
                lateral.setdefault(a, set()).add(b)
                lateral.setdefault(b, set()).add(a)
    best, best_cost = [list(x) for x in layers], _crossings(layers, neighbours)
    for sweep in range(16):
        forward = sweep % 2 == 0
        order = range(1, stages) if forward else range(stages - 2, -1, -1)
        for j in order:
            place = {n: i for i, n in enumerate(layers[j - 1 if forward else j + 1])}
            current = {n: i for i, n in enumerate(layers[j])}

            def key(
                node: str,
                place: dict[str, int] = place,
                current: dict[str, int] = current,
                side: int = 0 if forward else 1,
            ) -> float:
                near = neighbours.get(node, (set(), set()))[side]
                found = [place[m] for m in near if m in place]
                return sum(found) / len(found) if found else float(current[node])

            layers[j].sort(key=key)
        cost = _crossings(layers, neighbours)
        if cost < best_cost:
            best, best_cost = [list(x) for x in layers], cost
    for layer in best:  # a term linked only within its column goes next to its partner
        for node in [n for n in layer if n in lateral and n not in neighbours]:
            partner = min(lateral[node], key=layer.index)
            layer.remove(node)
            layer.insert(layer.index(partner) + 1, node)
            neighbours[node] = ({partner}, set())
    return best, routes, neighbours


def _isotonic(targets: list[float]) -> list[float]:
    """The non-increasing sequence closest to ``targets`` (pool adjacent violators).

    >>> _isotonic([3.0, 1.0, 2.0])
    [3.0, 1.5, 1.5]
    """
    blocks: list[list[float]] = []  # [mean, count]
    for value in targets:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] < blocks[-1][0]:
            mean2, n2 = blocks.pop()
            mean1, n1 = blocks[-1]
            blocks[-1] = [(mean1 * n1 + mean2 * n2) / (n1 + n2), n1 + n2]
    found: list[float] = []
    for mean, count in blocks:
        found += [mean] * int(count)
    return found


def _place(
    layers: list[list[str]],
    heights: dict[str, float],
    neighbours: dict[str, tuple[set[str], set[str]]],
) -> dict[str, float]:
    """Vertical centres: each term near its neighbours' mean, never closer than NODE_GAP."""
    ys: dict[str, float] = {}
    for layer in layers:
        y = 0.0
        for node in layer:
            ys[node] = y - heights[node] / 2
            y -= heights[node] + NODE_GAP
    for _ in range(12):
        for layer in layers:
            offsets = [0.0]
            for a, b in itertools.pairwise(layer):
                offsets.append(offsets[-1] + (heights[a] + heights[b]) / 2 + NODE_GAP)
            wanted = []
            for node in layer:
                near = [ys[m] for m in set().union(*neighbours.get(node, (set(), set())))]
                wanted.append(sum(near) / len(near) if near else ys[node])
            fitted = _isotonic([w + o for w, o in zip(wanted, offsets, strict=True)])
            for node, q, o in zip(layer, fitted, offsets, strict=True):
                ys[node] = q - o
    return ys


def _crossings(layers: list[list[str]], neighbours: dict[str, tuple[set[str], set[str]]]) -> int:
    total = 0
    for left, right in itertools.pairwise(layers):
        place = {n: i for i, n in enumerate(right)}
        pairs = [
            (i, place[m])
            for i, n in enumerate(left)
            for m in neighbours.get(n, (set(), set()))[1]
            if m in place
        ]
        total += sum(1 for a in pairs for b in pairs if a[0] < b[0] and a[1] > b[1])
    return total


def _draw_routes(
    ax: Axes,
    overview: Overview,
    routes: list[list[str]],
    points: dict[str, tuple[float, float, float]],
    boxes: dict[str, Box],
    column_right: dict[str, float],
) -> None:
    """Edges: through their routing points, spread over the sides of the boxes they join."""
    axis = overview.axis
    ends: dict[tuple[str, str], list[int]] = {}
    for index, route in enumerate(routes):
        ends.setdefault((route[0], "out"), []).append(index)
        ends.setdefault((route[-1], "in"), []).append(index)
    offset: dict[tuple[int, str], float] = {}
    for (node, side), indices in ends.items():
        far = -2 if side == "in" else 1
        indices.sort(key=lambda i: -points[routes[i][far]][1])
        h = boxes[node].h if node in boxes else DUMMY_H
        span = max(h - 0.12, 0.0)
        for k, i in enumerate(indices):
            share = (k + 0.5) / len(indices) - 0.5
            offset[(i, side)] = -share * span if len(indices) > 1 else 0.0
    for index, (route, edge) in enumerate(zip(routes, overview.edges, strict=True)):
        style = edge_style(axis, edge.level)
        colour = DIRECTION_COLOURS[edge.direction]
        sx, sy, sw = points[route[0]]
        tx, ty, tw = points[route[-1]]
        path = [(sx + sw, sy + offset[(index, "out")])]
        for dummy in route[1:-1]:
            x, y, half = points[dummy]
            path += [(x - half, y), (x + half, y)]
        path.append((tx - tw, ty + offset[(index, "in")]))
        if overview.stage[route[0]] >= overview.stage[route[-1]]:
            _draw_side_arc(ax, (sx + sw, sy), (tx + tw, ty), column_right[route[0]], colour, style)
        else:
            draw_curve(ax, path, colour, style)


def _draw_side_arc(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    edge: float,
    colour: str,
    style: dict[str, Any],
) -> None:
    """An edge between two boxes of one column: out of the right side, round and back in."""
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path as MPath

    out = edge + 0.22
    (x1, y1), (x2, y2) = start, end
    vertices = [(x1, y1), (out, y1), (out, y2), (x2 + 0.07, y2)]
    ax.add_patch(
        PathPatch(
            MPath(vertices, [MPath.MOVETO] + [MPath.CURVE4] * 3),
            fill=False,
            edgecolor=colour,
            zorder=2,
            **style,
        )
    )
    head = [(x2, y2), (x2 + 0.09, y2 + 0.04), (x2 + 0.09, y2 - 0.04)]
    ax.add_patch(
        Polygon(head, closed=True, facecolor=colour, edgecolor=colour, linewidth=0.8, zorder=2)
    )
