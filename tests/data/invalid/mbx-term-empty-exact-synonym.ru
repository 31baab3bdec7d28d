# Breaks one constraint: synonyms are not empty.
# expect: mbxsh:MbxTerm-exactSynonym oboInOwl:hasExactSynonym violation
INSERT DATA { mbx:test_kind a owl:Class , owl:NamedIndividual ;
        rdfs:subClassOf mbx:Myokine ;
        rdfs:label "test kind" ;
        IAO:0000115 "A kind made up for a test." ;
        oboInOwl:hasExactSynonym "TK" ;
        skos:closeMatch <http://purl.obolibrary.org/obo/GO_0005125> .
    mbx:test_kind oboInOwl:hasExactSynonym "" }
