# Breaks one constraint: mbx:context takes exercise context concepts.
# expect: mbxsh:Claim-context mbx:context violation
INSERT DATA { mylab:claim-01 mbx:context mbx:increased }
