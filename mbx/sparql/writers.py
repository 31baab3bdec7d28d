"""Writing a QueryResult: the table for people, SPARQL results documents, or RDF."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mbx.errors import UsageError, safe_text
from mbx.sparql.results import RESULT_FORMATS, QueryResult

#: what ``mbx query -f`` accepts besides the RDF format names: the table and results formats
TABLE = "table"


def output_kind(format_name: str | None, output: str | None, form: str) -> str:
    """The output format for ``form``: ``table``, a results format or an RDF format name."""
    from mbx.formats import choose_format, guess_format
    from mbx.sparql.results import results_kind

    name = format_name.lower() if format_name else None
    if form in ("SELECT", "ASK"):
        if name is None and output and output != "-":
            name = results_kind(Path(output).suffix.removeprefix(".")) or TABLE
            if name == TABLE and guess_format(output) is not None:
                raise UsageError(
                    f"{form} results cannot be written as RDF ({output})",
                    hint="use -o FILE.csv, .tsv, .json or .xml, or -f table",
                )
        name = name or TABLE
        if name in (TABLE, *RESULT_FORMATS):
            return name
        raise UsageError(
            f"format {name!r} does not apply to {form} results",
            hint="use table, csv, tsv, json or xml",
        )
    if name in ("csv", "tsv", TABLE):
        raise UsageError(
            f"format {name!r} does not apply to {form} results (RDF)",
            hint="use turtle, jsonld, nt, nq, trig or xml",
        )
    return choose_format(name, output).name


def results_kind(text: str, format_name: str | None, output: str | None) -> str | None:
    """The SPARQL results format the engine should write ``text``'s answer in, if any.

    Checked before the query runs, so a bad ``-f``/``-o`` fails fast; None for
    an update, the table, or RDF (CONSTRUCT/DESCRIBE answers are kept as triples).
    """
    from mbx.sparql.analysis import analyse

    info = analyse(text)
    if info.is_update:
        return None
    kind = output_kind(format_name, output, info.form or "SELECT")
    return kind if kind in RESULT_FORMATS else None


def write_result(
    result: QueryResult, format_name: str | None = None, output: str | None = None
) -> bytes:
    """The bytes to write for ``result``, in ``-f`` or the format ``-o``'s extension implies."""
    kind = output_kind(format_name, output, result.form)
    if result.document is not None:
        return result.document if result.document.endswith(b"\n") else result.document + b"\n"
    if result.form == "ASK":
        return b"true\n" if result.boolean else b"false\n"
    if result.form == "SELECT":
        if kind != TABLE:  # pragma: no cover - the engine writes results documents itself
            raise RuntimeError(f"SELECT results were not written as {kind}")
        return render_table(result).encode("utf-8")
    import pyoxigraph as ox

    from mbx.export import serialize_quads
    from mbx.formats import resolve_format

    return serialize_quads([ox.Quad(*t) for t in result.triples], resolve_format(kind))


def show_term(term: object, labels: dict[str, str] | None = None) -> str:
    r"""A term as people read it: prefixed names, plain literal values, one line.

    Data (an endpoint's answer above all) is untrusted: control characters
    are escaped, so no terminal escape sequence reaches the screen.

    >>> import pyoxigraph as ox
    >>> show_term(ox.Literal("\x1b[31mred\x1b[0m  and\nmore"))
    '\\x1b[31mred\\x1b[0m and more'
    """
    return safe_text(_show_term(term, labels))


def _show_term(term: object, labels: dict[str, str] | None) -> str:
    import pyoxigraph as ox

    from mbx.namespaces import compress

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = compress(term.value)
        label = (labels or {}).get(term.value)
        return f"{text} ({label})" if label else text
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        value = " ".join(term.value.split()) if term.value.strip() else term.value
        return f"{value}@{term.language}" if term.language else value
    return str(term)


def render_table(result: QueryResult) -> str:
    """SELECT results as aligned columns with a header line."""
    rows = [[show_term(term, result.labels) for term in row] for row in result.rows]
    return aligned(result.variables, rows)


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain aligned columns: header, a rule, the rows (trailing spaces trimmed).

    >>> print(aligned(["a", "bb"], [["xyz", "1"]]), end="")
    a    bb
    ---  --
    xyz  1
    """
    if not header:
        return ""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    return line(header) + line(["-" * w for w in widths]) + "".join(line(r) for r in rows)
