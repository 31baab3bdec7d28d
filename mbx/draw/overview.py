"""The whole muscle-brain axis as a picture: stage columns, barycentre ordering, routed edges.

Layout is computed here (columns, measured widths, crossings reduced by
barycentre sweeps, routing points for long edges, positions by isotonic
regression), so nothing needs Graphviz.
"""

from __future__ import annotations

import itertools
import textwrap
from typing import TYPE_CHECKING, Any

from mbx.draw import (
    DIRECTION_COLOURS,
    Box,
    box_size,
    canvas,
    draw_box,
    draw_curve,
    edge_style,
    edges_legend,
    fit,
    kinds_legend,
    ordered_kinds,
    picture_style,
    save,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from mbx.paths import Overview

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
    with picture_style():
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
            ax, ordered_kinds([b.kind for b in boxes.values()]), top - (highest - lowest) - 0.3
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
