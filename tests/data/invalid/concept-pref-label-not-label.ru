# Breaks one constraint: an MBX concept's prefLabel is its label.
# expect: mbxsh:Concept-prefLabel skos:prefLabel violation
INSERT DATA { mbx:test_concept a skos:Concept ; skos:inScheme mbx:ContextScheme ; rdfs:label "test concept" ; skos:prefLabel "another name" ; IAO:0000115 "A concept made up for a test." }
