# Breaks one constraint: a claim has at most one quote selector.
# expect: mbxsh:Claim-quoteSelector mbx:quoteSelector violation
INSERT DATA { mylab:claim-01 mbx:quoteSelector mylab:claim-02-selector }
