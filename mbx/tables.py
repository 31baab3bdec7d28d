"""Read the curated TSV tables (``ontology/entities.tsv``, ``kg/sources/NNN.tsv``)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mbx.errors import InputError

ENTITY_COLUMNS = (
    "id",
    "parents",
    "label",
    "definition",
    "exact_synonyms",
    "related_synonyms",
    "exact_match",
    "close_match",
    "broad_match",
    "narrow_match",
    "related_match",
    "editor_note",
)
CLAIM_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "hedging",
    "support",
    "quote",
    "start",
    "end",
    "cites",
    "context_cites",
    "hedge",
    "subject_aspect",
    "object_aspect",
    "direction",
    "context",
    "anatomical_context",
    "condition",
    "quantity",
    "created",
    "modified",
    "note",
)


@dataclass(frozen=True)
class Row:
    """One data row of a TSV table, with where it came from."""

    path: Path
    line: int
    values: dict[str, str]

    def error(self, column: str, message: str) -> InputError:
        """An :class:`InputError` pointing at ``column`` of this row."""
        col = list(self.values).index(column) + 1 if column in self.values else None
        return InputError(
            f"column {column!r}: {message}", source=str(self.path), line=self.line, column=col
        )


def read_table(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a tab-separated table whose header is exactly ``columns``.

    Lines starting with ``#`` and blank lines are skipped.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from None
    header: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = next(csv.reader([raw], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = cells
            if tuple(header) != columns:
                raise InputError(
                    f"header must be {' | '.join(columns)}", source=str(path), line=number, column=1
                )
            continue
        if len(cells) > len(columns):
            raise InputError(
                f"{len(cells)} cells, expected at most {len(columns)}",
                source=str(path),
                line=number,
            )
        cells += [""] * (len(columns) - len(cells))
        yield Row(path, number, {c: v.strip() for c, v in zip(columns, cells, strict=True)})


def split_cell(value: str) -> list[str]:
    """The values of a multi-valued cell (separated by ``|``), stripped, empty ones dropped.

    >>> split_cell(" hippocampus | cortex |")
    ['hippocampus', 'cortex']
    """
    return [v.strip() for v in value.split("|") if v.strip()]
