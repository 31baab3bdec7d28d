# Breaks one constraint: mappings point to the ontologies MBX maps to.
# expect: mbxsh:MbxTerm-relatedMatch skos:relatedMatch violation
INSERT DATA { mbx:test_kind a owl:Class , owl:NamedIndividual ;
        rdfs:subClassOf mbx:Myokine ;
        rdfs:label "test kind" ;
        IAO:0000115 "A kind made up for a test." ;
        oboInOwl:hasExactSynonym "TK" ;
        skos:closeMatch <http://purl.obolibrary.org/obo/GO_0005125> .
    mbx:test_kind skos:relatedMatch <https://example.org/term> }
