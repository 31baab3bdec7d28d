# Breaks one constraint: a claim has a hedging level.
# expect: mbxsh:Claim-hedgingLevel mbx:hedgingLevel violation
DELETE DATA { mylab:claim-01 mbx:hedgingLevel mbx:hedged }
