# Breaks one constraint: an MBX term has a definition.
# expect: mbxsh:MbxTerm-definition IAO:0000115 violation
INSERT DATA { mbx:test_kind a owl:Class , owl:NamedIndividual ;
        rdfs:subClassOf mbx:Myokine ;
        rdfs:label "test kind" ;
        oboInOwl:hasExactSynonym "TK" ;
        skos:closeMatch <http://purl.obolibrary.org/obo/GO_0005125> . }
