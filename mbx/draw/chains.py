"""Mechanism paths as a picture: one row of boxes per chain, left to right, steps labelled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mbx.draw import (
    DIRECTION_COLOURS,
    EDGE_SIZE,
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
    text_width,
)

if TYPE_CHECKING:  # pragma: no cover
    from mbx.paths import PathResult


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
    with picture_style():
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
        y = kinds_legend(ax, ordered_kinds(kinds), y - 0.1)
        membership = any(s.kind != "claim" for c in chains for s in c.steps)
        y = edges_legend(ax, axis, y, membership)
        fit(fig, ax, width, y + 0.12)
        save(fig, output, fmt)


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
    marked = result.axis.speculative_label
    return text + (f", includes a {marked} step" if result.speculative(chain) else "")


def _step_texts(result: PathResult, step: Any) -> tuple[str, str]:
    axis = result.axis
    if step.kind != "claim":
        return step.relation, "ontology"
    more = f" ({len(step.claims)} claims)" if len(step.claims) > 1 else ""
    return step.relation, f"{axis.level_label(step.level)}{more}"
