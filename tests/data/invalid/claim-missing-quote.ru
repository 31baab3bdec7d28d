# Breaks one constraint: a claim has one quote.
# expect: mbxsh:Claim-quote mbx:quote violation
DELETE DATA { mylab:claim-01 mbx:quote "FGF21 released during exercise may increase hippocampal plasticity" }
