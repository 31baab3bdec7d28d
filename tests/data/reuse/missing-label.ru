# Breaks one constraint: the lab's class has no label.
# expect: mbxsh:Term-label rdfs:label violation
DELETE DATA { lab:Exerkine rdfs:label "exerkine" }
