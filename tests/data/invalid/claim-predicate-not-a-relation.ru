# Breaks one constraint: mbx:predicate is a relation (an owl:ObjectProperty).
# expect: mbxsh:Claim-predicate mbx:predicate violation
DELETE DATA { mylab:claim-01 mbx:predicate mbx:increases } ;
INSERT DATA { mylab:claim-01 mbx:predicate mbx:quote }
