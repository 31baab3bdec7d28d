# Breaks one constraint: a claim has a support type.
# expect: mbxsh:Claim-supportType mbx:supportType violation
DELETE DATA { mylab:claim-01 mbx:supportType mbx:author_statement }
