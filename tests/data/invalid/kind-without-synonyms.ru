# Breaks one constraint: an MBX kind has synonyms.
# expect: mbxsh:KindSynonymShape - info
INSERT DATA { mbx:test_kind a owl:Class , owl:NamedIndividual ;
        rdfs:subClassOf mbx:Myokine ;
        rdfs:label "test kind" ;
        IAO:0000115 "A kind made up for a test." ;
        skos:closeMatch <http://purl.obolibrary.org/obo/GO_0005125> . }
