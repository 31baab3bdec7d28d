# Breaks one constraint: a quote with a hedging word records its cue.
# expect: mbxsh:HedgeCueShape mbx:quote warning
DELETE DATA { mylab:claim-03 mbx:quote "FGF21 is made by skeletal muscle when vitamin D is sufficient, even under oxidative stress" } ;
INSERT DATA { mylab:claim-03 mbx:quote "FGF21 might be made by skeletal muscle" }
