# Breaks one constraint: an MBX kind is mapped or says why not.
# expect: mbxsh:KindMappedShape - warning
INSERT DATA { mbx:test_kind a owl:Class , owl:NamedIndividual ;
        rdfs:subClassOf mbx:Myokine ;
        rdfs:label "test kind" ;
        IAO:0000115 "A kind made up for a test." ;
        oboInOwl:hasExactSynonym "TK" . }
