# Breaks one constraint: a claim has one subject.
# expect: mbxsh:Claim-subject mbx:subject violation
DELETE DATA { mylab:claim-01 mbx:subject mylab:fgf21 }
