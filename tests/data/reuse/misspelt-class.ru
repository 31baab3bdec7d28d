# Breaks one constraint: a misspelt MBX class (mbx:Myokin for mbx:Myokine).
# expect: mbxsh:UnknownTermShape rdf:type violation
INSERT DATA { lab:il6_mouse_7 a owl:NamedIndividual , mbx:Myokin ; rdfs:label "IL-6 measured in mouse 7" }
