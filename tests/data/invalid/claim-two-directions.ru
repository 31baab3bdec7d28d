# Breaks one constraint: a claim has at most one direction.
# expect: mbxsh:Claim-objectDirectionQualifier mbx:objectDirectionQualifier violation
INSERT DATA { mylab:claim-01 mbx:objectDirectionQualifier mbx:decreased }
