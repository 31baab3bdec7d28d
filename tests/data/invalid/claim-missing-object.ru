# Breaks one constraint: a claim has one object.
# expect: mbxsh:Claim-object mbx:object violation
DELETE DATA { mylab:claim-01 mbx:object mylab:hippocampal_plasticity }
