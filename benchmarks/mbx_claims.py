"""A deterministic generator of MBX-shaped data for the SHACL benchmark.

``generate(n, path)`` writes N-Triples: ``n`` claims shaped like MBX's own
(type, subject, predicate, object, verbatim quote, source document,
evidence level, DOI citation, context, hedging cue: about ten triples a
claim, plus the asserted edge each claim supports), the entities they
speak of (typed with real MBX classes, labelled, defined, with synonyms and
an editor note), the publications they cite (DOIs with authors, year,
journal, title) and three source documents. The MBX ontology is not
included: validate with it mixed in, as ``mbx validate -i`` does.

``seed`` violations of each kind in :data:`KINDS` are planted on distinct
nodes (default: one per thousand claims, at least one). The same ``n`` and
``seed`` give the same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

MBX = "https://w3id.org/mbx/"
EX = "https://example.org/bench/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
IAO = "http://purl.obolibrary.org/obo/IAO_"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"

#: the kinds of planted violation (name: what is wrong)
KINDS = {
    "missing-quote": "a claim without mbx:quote",
    "two-objects": "a claim with two rdf:object",
    "cites-not-doi": "a claim citing an IRI that is not a DOI",
    "evidence-outside-scheme": "an evidence level that is a context concept",
    "quote-language-tagged": "a quote with a language tag",
    "edge-not-asserted": "a claim whose edge is not asserted",
    "reported-uncited": "a reported claim without citation (warning)",
    "hedge-without-cue": "a quote with 'may' but no hedging cue (warning)",
    "object-outside-range": "mbx:expressedIn with a process as object",
    "duplicate-claim": "a claim repeating another one",
    "entity-missing-label": "an entity without rdfs:label",
    "publication-year-not-gyear": "a publication year as a plain string (warning)",
}
_CLASSES = ["Myokine", "CognitiveProcess", "NeuralProcess", "MetabolicProcess", "Phenotype"]
_RELATIONS = ["increases", "decreases", "regulates"]
_CONTEXTS = ["during_exercise", "acute_exercise", "chronic_exercise"]


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def generate(n: int, path: Path, seed: int | None = None) -> dict[str, int]:
    """Write ``n`` claims to ``path``; return the number of planted violations per kind."""
    k = seed if seed is not None else max(1, n // 1000)
    entities = max(50, n // 5)
    publications = max(10, n // 20)
    planted = dict.fromkeys(KINDS, k)
    handle = path.open("w", encoding="utf-8", buffering=1 << 20)
    out = handle.write

    def t(s: str, p: str, o: str) -> None:
        out(f"{s} {p} {o} .\n")

    a = _iri(RDF + "type")
    for d in range(3):
        doc = _iri(f"{EX}source/{d}")
        t(doc, a, _iri(MBX + "SourceDocument"))
        t(doc, _iri(RDFS + "label"), _lit(f"Synthetic source document {d}"))
    for j in range(publications):
        pub = _iri(f"https://doi.org/10.5555/bench.{j}")
        t(pub, a, _iri(MBX + "JournalArticle"))
        t(pub, _iri(DCT + "title"), _lit(f"Synthetic study {j} of exercise and the brain"))
        t(pub, _iri(MBX + "journal"), _lit("Journal of Synthetic Physiology"))
        year = str(2000 + j % 24)
        if j < k:  # publication-year-not-gyear
            t(pub, _iri(DCT + "issued"), _lit(year))
        else:
            t(pub, _iri(DCT + "issued"), _lit(year, XSD + "gYear"))
        t(pub, _iri(DCT + "creator"), _lit(f"Author {j % 97}, A."))
        t(pub, _iri(DCT + "creator"), _lit(f"Author {j % 89}, B."))
    for e in range(entities):
        ent = _iri(f"{EX}entity/{e}")
        t(ent, a, _iri(MBX + _CLASSES[e % len(_CLASSES)]))
        if e >= k:  # entity-missing-label
            t(ent, _iri(RDFS + "label"), _lit(f"synthetic entity {e}"))
        t(ent, _iri(IAO + "0000115"), _lit(f"A synthetic entity number {e} for benchmarking."))
        t(ent, _iri(OBOINOWL + "hasExactSynonym"), _lit(f"SE{e}"))
        t(ent, _iri(IAO + "0000116"), _lit("Synthetic benchmark entity; not mapped."))
    edges: set[tuple[str, str, str]] = set()
    kinds = list(KINDS)
    # claims 0 .. len(kinds)*k - 1 carry the planted violations, k per kind
    for i in range(n):
        kind = kinds[i // k] if i < len(kinds) * k else None
        claim = _iri(f"{EX}claim/{i}")
        s_index = (i * 7) % entities
        o_index = (i * 13 + 1) % entities
        if o_index == s_index:
            o_index = (o_index + 1) % entities
        subject, obj = _iri(f"{EX}entity/{s_index}"), _iri(f"{EX}entity/{o_index}")
        relation = _iri(MBX + _RELATIONS[i % len(_RELATIONS)])
        hedged = i % 5 == 4 and kind is None  # planted violations stay what they are
        if kind == "object-outside-range":
            # a myokine (entity 0) expressed in a cognitive process (entity 1)
            s_index, o_index = 0, 1
            subject, obj = _iri(f"{EX}entity/0"), _iri(f"{EX}entity/1")
            relation = _iri(MBX + "expressedIn")
        twin = i + len(kinds) * k  # the ordinary claim a duplicate repeats
        if kind == "duplicate-claim":
            s_index, o_index = (twin * 7) % entities, (twin * 13 + 1) % entities
            if o_index == s_index:
                o_index = (o_index + 1) % entities
            subject, obj = _iri(f"{EX}entity/{s_index}"), _iri(f"{EX}entity/{o_index}")
            relation = _iri(MBX + _RELATIONS[twin % len(_RELATIONS)])
            hedged = twin % 5 == 4 and twin >= len(kinds) * k
            quote_number = twin
        else:
            quote_number = i
        t(claim, a, _iri(MBX + "Claim"))
        t(claim, _iri(RDF + "subject"), subject)
        t(claim, _iri(RDF + "predicate"), relation)
        if kind == "edge-not-asserted":  # an entity of its own, so no other claim asserts it
            obj = _iri(f"{EX}entity/unasserted-{i}")
            t(obj, a, _iri(MBX + "CognitiveProcess"))
            t(obj, _iri(RDFS + "label"), _lit(f"synthetic unasserted entity {i}"))
            t(obj, _iri(IAO + "0000115"), _lit(f"An entity only claim {i} speaks of."))
            t(obj, _iri(OBOINOWL + "hasExactSynonym"), _lit(f"SU{i}"))
            t(obj, _iri(IAO + "0000116"), _lit("Synthetic benchmark entity; not mapped."))
        else:
            edges.add((subject, relation, obj))
        t(claim, _iri(RDF + "object"), obj)
        if kind == "two-objects":
            other = _iri(f"{EX}entity/{(o_index + 2) % entities}")
            t(claim, _iri(RDF + "object"), other)
            edges.add((subject, relation, other))
        verb = "may raise" if (hedged or kind == "hedge-without-cue") else "raises"
        quote = f"In synthetic study {quote_number}, entity {s_index} {verb} entity {o_index}."
        if kind == "quote-language-tagged":
            t(claim, _iri(MBX + "quote"), _lit(quote, lang="en"))
        elif kind != "missing-quote":
            t(claim, _iri(MBX + "quote"), _lit(quote))
        document = (twin if kind == "duplicate-claim" else i) % 3
        t(claim, _iri(MBX + "sourceDocument"), _iri(f"{EX}source/{document}"))
        if kind == "evidence-outside-scheme":
            t(claim, _iri(MBX + "evidenceLevel"), _iri(MBX + "during_exercise"))
        elif hedged and kind != "hedge-without-cue":
            t(claim, _iri(MBX + "evidenceLevel"), _iri(MBX + "suggested"))
            t(claim, _iri(MBX + "hedgingCue"), _lit("may"))
        elif kind in ("reported-uncited", "cites-not-doi") or (i % 3 == 0 and kind is None):
            t(claim, _iri(MBX + "evidenceLevel"), _iri(MBX + "reported"))
            if kind == "cites-not-doi":
                t(claim, _iri(MBX + "cites"), _iri(f"{EX}not-a-doi/{i}"))
            elif kind != "reported-uncited":
                t(
                    claim,
                    _iri(MBX + "cites"),
                    _iri(f"https://doi.org/10.5555/bench.{i % publications}"),
                )
        else:
            t(claim, _iri(MBX + "evidenceLevel"), _iri(MBX + "established"))
        if i % 2 == 0:
            t(claim, _iri(MBX + "context"), _iri(MBX + _CONTEXTS[i % len(_CONTEXTS)]))
    for s, p, o in sorted(edges):
        t(s, p, o)
    handle.close()
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=None, help="violations per kind")
    args = parser.parse_args()
    generate(args.claims, args.output, args.seed)


if __name__ == "__main__":
    main()
