"""`from mbx import MBX`: exactly the ontology's terms, as an rdflib DefinedNamespace; a typo
fails loudly; mbx/vocab.py is generated (`python -m mbx.build.vocab` rewrites it); the package
exposes the paths of its shipped files (mbx.resources)."""

from __future__ import annotations

import pytest
import rdflib

import mbx
from mbx.build.vocab import REGENERATE, VOCAB_FILE, term_names, vocab_source
from mbx.dataset import load_quads
from mbx.namespaces import MBX as MBX_NAMESPACE


def test_mbx_holds_exactly_the_ontologys_terms() -> None:
    from mbx import MBX

    terms = term_names(load_quads(part="ontology"))
    assert len(terms) > 250
    assert sorted(name for name in dir(MBX) if not name.startswith("_")) == terms
    for name in terms:
        assert getattr(MBX, name) == rdflib.URIRef(MBX_NAMESPACE + name)
    assert MBX.Myokine == rdflib.URIRef("https://w3id.org/mbx/Myokine")
    assert MBX.bdnf in rdflib.Graph().parse(
        data=f"<{MBX.vitamin_d}> <{MBX.potentiates}> <{MBX.bdnf}> .", format="nt"
    ).objects()


def test_a_repl_completes_the_terms() -> None:
    import rlcompleter

    from mbx import MBX

    completer = rlcompleter.Completer({"MBX": MBX})
    assert completer.complete("MBX.Myok", 0) == "MBX.Myokine"
    assert completer.complete("MBX.vitamin_b", 0) == "MBX.vitamin_b12"


def test_a_typo_fails_loudly() -> None:
    from mbx import MBX

    with pytest.raises(AttributeError, match="Myokin"):
        _ = MBX.Myokin
    with pytest.raises(AttributeError):
        _ = MBX.mbx  # the prefix is not a term


def test_the_committed_module_is_what_the_ontology_generates() -> None:
    expected = vocab_source(load_quads(part="ontology"), mbx.__version__)
    assert VOCAB_FILE.read_text(encoding="utf-8") == expected, (
        f"mbx/vocab.py is out of date with the ontology: run `{REGENERATE}`"
    )


def test_mbx_exposes_the_paths_of_its_shipped_files() -> None:
    from mbx import resources

    assert mbx.resources is resources
    assert resources.ontology_file().name == "mbx.ttl" and resources.ontology_file().is_file()
    assert resources.entities_file().is_file()
    assert resources.shapes_file().name == "mbx-shapes.ttl" and resources.shapes_file().is_file()
    assert resources.shapes_file(kg=True).name == "mbx-kg-shapes.ttl"
    assert resources.context_file().is_file() and resources.license_data_file().is_file()
    queries = resources.query_files()
    assert "what-acts-via-trkb" in queries and all(p.suffix == ".rq" for p in queries.values())
    with pytest.raises(AttributeError):
        _ = mbx.not_a_name
