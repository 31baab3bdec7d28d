# Breaks one constraint: a quote is a plain string.
# expect: mbxsh:Claim-quote mbx:quote violation
DELETE DATA { mylab:claim-01 mbx:quote "FGF21 released during exercise may increase hippocampal plasticity" } ;
INSERT DATA { mylab:claim-01 mbx:quote "FGF21 released during exercise may increase hippocampal plasticity"@en }
