# Breaks one constraint: no two IRIs share a label.
# expect: mbxsh:UniqueLabelShape - violation
DELETE DATA { mylab:adults rdfs:label "the lab's adult participants" } ;
INSERT DATA { mylab:adults rdfs:label "exerkine" }
