# Breaks one constraint: mbx:objectAspectQualifier takes object aspect concepts.
# expect: mbxsh:Claim-objectAspectQualifier mbx:objectAspectQualifier violation
INSERT DATA { mylab:claim-01 mbx:objectAspectQualifier mbx:sufficiency }
