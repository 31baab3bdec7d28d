# Breaks one constraint: mbx:hedgingLevel takes a concept of the hedging level scheme.
# expect: mbxsh:Claim-hedgingLevel mbx:hedgingLevel violation
DELETE DATA { mylab:claim-01 mbx:hedgingLevel mbx:hedged } ;
INSERT DATA { mylab:claim-01 mbx:hedgingLevel mbx:author_statement }
