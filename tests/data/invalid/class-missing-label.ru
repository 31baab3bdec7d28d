# Breaks one constraint: a class has a label.
# expect: mbxsh:Term-label rdfs:label violation
DELETE DATA { mylab:Exerkine rdfs:label "exerkine" }
