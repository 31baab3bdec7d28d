# Breaks one constraint: every direct edge is backed by a claim.
# expect: mbxsh:EdgeSupportedShape mbx:decreases violation
INSERT DATA { mylab:fgf21 mbx:decreases mbx:neuroinflammation }
