# Breaks one constraint: mbx:quantity takes a quantity value.
# expect: mbxsh:Claim-quantity mbx:quantity violation
INSERT DATA { mylab:claim-01 mbx:quantity mylab:nowhere }
