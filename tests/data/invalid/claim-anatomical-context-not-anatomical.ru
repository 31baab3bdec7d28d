# Breaks one constraint: mbx:anatomicalContext takes anatomical entities or cell types.
# expect: mbxsh:Claim-anatomicalContext mbx:anatomicalContext violation
INSERT DATA { mylab:claim-01 mbx:anatomicalContext mbx:bdnf }
