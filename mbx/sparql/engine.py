"""The embedded SPARQL engine: pyoxigraph over the bundled graph, the -i files or a --store.

The default graph of a query is the RDF merge of every graph
(:data:`mbx.sparql.store.UNION_GRAPH`): a pattern outside ``GRAPH`` sees
each triple of every graph once, as in a store loaded with ``mbx load``;
``GRAPH ?g`` sees the dataset's own graphs. A query with FROM or FROM NAMED
reads the graphs it names. The MBX prefixes
(:data:`mbx.namespaces.PREFIXES`) are predeclared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mbx.errors import EnvironmentFailure, one_line
from mbx.sparql.results import QueryResult
from mbx.sparql.store import StoreInputs


@dataclass(frozen=True)
class EmbeddedRequest:
    """Everything the embedded engine needs (picklable: it may run in a child process)."""

    text: str
    source: str
    form: str
    store: StoreInputs = field(default_factory=StoreInputs)
    labels: bool = False
    kind: str | None = None  # a SPARQL results format to write SELECT/ASK answers in


def execute_embedded(request: EmbeddedRequest) -> QueryResult:
    """Run ``request`` on pyoxigraph (in this process)."""
    from mbx.labels import labels_in_store
    from mbx.namespaces import PREFIXES
    from mbx.sparql.analysis import analyse, syntax_error
    from mbx.sparql.results import from_answer
    from mbx.sparql.store import open_store, query_dataset, refresh_union

    store, loaded = open_store(request.store, write=request.form == "UPDATE")
    try:
        if request.form == "UPDATE":
            store.update(request.text, prefixes=PREFIXES)
            refresh_union(store)
            if request.store.store_dir:
                store.flush()
            return QueryResult("UPDATE", loaded=loaded)
        dataset = query_dataset(store, analyse(request.text).names_dataset)
        answer = store.query(request.text, prefixes=PREFIXES, **dataset)
        # answers are lazy: a SERVICE call may fail while they are read
        result = from_answer(answer, request.form, request.kind)
    except SyntaxError as exc:
        raise syntax_error(exc, request.source, request.text) from None
    except OSError as exc:  # a SERVICE or LOAD request that failed
        reason = one_line(re.sub(r"<[^>]+>", " ", str(exc)), 160)
        raise EnvironmentFailure(
            f"the engine could not fetch remote data (SERVICE or LOAD): {reason}",
            source=request.source,
        ) from None
    except RuntimeError as exc:  # a remote answer (SERVICE) pyoxigraph could not parse
        raise EnvironmentFailure(
            f"the query failed while reading an answer: {one_line(exc, 160)}",
            source=request.source,
            hint="a SERVICE endpoint may have sent a malformed answer",
        ) from None
    result.loaded = loaded
    if request.labels and result.form == "SELECT":
        result.labels = labels_in_store(store, result.iris())
    return result
