# Breaks one constraint: an MBX concept scheme has one prefLabel.
# expect: mbxsh:ConceptScheme-prefLabel skos:prefLabel violation
INSERT DATA { mbx:TestScheme a skos:ConceptScheme ; rdfs:label "test scheme" ; skos:prefLabel "test scheme" , "second name" ; IAO:0000115 "A scheme made up for a test." }
