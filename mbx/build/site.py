"""The HTML documentation of a release: an index with search, a page per term, claims, tree.

Rendered by Jinja2 (autoescaped) from the templates in ``mbx/build/templates``
over the records of :mod:`mbx.build.pages`. Static files only, with relative
links and no external resources: the site works from ``file://``, from any
web server, and offline. pyLODE was tried first (see docs/build.md) and not
used: it shows neither IAO definitions, synonyms, SKOS mappings nor claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbx.build.pages import Term, site_model

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

#: the sections of the term index, in the order of its filter
_CATEGORY_ORDER = ("class", "kind", "relation", "annotation property", "data property",
                   "concept", "concept scheme", "individual")
_STATIC = ("style.css", "search.js")


@dataclass(frozen=True)
class Download:
    """A file of the release as the index lists it."""

    path: str
    what: str
    size: str
    triples: str


def human_size(size: int) -> str:
    """``1234567`` -> ``'1.2 MB'`` (decimal units, like ``ls --si``).

    >>> human_size(999), human_size(20_480), human_size(3_400_000)
    ('999 B', '20.5 kB', '3.4 MB')
    """
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _search_text(term: Term) -> str:
    words = [term.label, term.curie, term.definition, *(text for _, text in term.synonyms)]
    words += [link.curie for _, link in term.mappings]
    return " ".join(" ".join(words).lower().split())


def write_site(
    folder: Path,
    terms: Sequence[pyoxigraph.Quad],
    kg: Sequence[pyoxigraph.Quad],
    downloads: Sequence[Download],
    *,
    matrix: bool = True,
) -> list[Path]:
    """Write the documentation into ``folder``; return the files written, in order."""
    site = site_model(terms, kg)
    environment = _environment()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "terms").mkdir(exist_ok=True)
    written: list[Path] = []

    def render(template: str, path: Path, **context: Any) -> None:
        page = environment.get_template(template).render(header=site.header, **context)
        path.write_bytes(page.encode("utf-8"))
        written.append(path)

    for term in site.terms:
        render("term.html", folder / "terms" / f"{term.slug}.html", root="../", term=term)
    counts = Counter(term.category for term in site.terms)
    categories = [c for c in _CATEGORY_ORDER if counts[c]]
    picture = "matrix.svg" if matrix else None
    if picture:
        matrix_picture(folder / picture)
        written.append(folder / picture)
    rows = [
        {"slug": t.slug, "label": t.label, "curie": t.curie, "category": t.category,
         "definition": t.definition, "search": _search_text(t)}
        for t in site.terms
    ]  # fmt: skip
    render(
        "index.html", folder / "index.html", root="", terms=rows, categories=categories,
        counts=[f"{counts[c]} {_plural(c, counts[c])}" for c in categories]
        + [f"{sum(len(c) for c in site.claims.values())} claims"],
        downloads=downloads, matrix=picture,
    )  # fmt: skip
    render("claims.html", folder / "claims.html", root="", claims=site.claims)
    render("hierarchy.html", folder / "hierarchy.html", root="", tree=site.tree)
    for name in _STATIC:
        target = folder / name
        target.write_bytes((Path(__file__).parent / "templates" / name).read_bytes())
        written.append(target)
    return written


def _plural(category: str, count: int) -> str:
    if count == 1:
        return category
    if category.endswith("ss"):
        return category + "es"
    return category[:-1] + "ies" if category.endswith("y") else category + "s"


def matrix_picture(target: Path) -> None:
    """Draw the crosstalk matrix (what ``mbx matrix -o FILE.svg`` draws) from the bundled graph."""
    from mbx.axis import load_axis
    from mbx.draw.grid import draw_matrix
    from mbx.matrix import build_matrix

    draw_matrix(build_matrix(load_axis(), (), ()), str(target), "svg")
