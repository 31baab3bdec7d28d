# Breaks one constraint: an MBX term has one label.
# expect: mbxsh:MbxTerm-label rdfs:label violation
INSERT DATA { mbx:test_kind a owl:Class , owl:NamedIndividual ;
        rdfs:subClassOf mbx:Myokine ;
        rdfs:label "test kind" ;
        IAO:0000115 "A kind made up for a test." ;
        oboInOwl:hasExactSynonym "TK" ;
        skos:closeMatch <http://purl.obolibrary.org/obo/GO_0005125> .
    mbx:test_kind rdfs:label "test kind, again" }
