# Breaks one constraint: an MBX concept is in a scheme.
# expect: mbxsh:Concept-inScheme skos:inScheme violation
INSERT DATA { mbx:test_concept a skos:Concept ; rdfs:label "test concept" ; skos:prefLabel "test concept" ; IAO:0000115 "A concept made up for a test." }
