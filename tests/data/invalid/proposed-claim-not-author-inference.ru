# Breaks one constraint: a proposed claim rests on the author's inference.
# expect: mbxsh:ProposedSupportShape - warning
DELETE DATA { mylab:claim-01 mbx:hedgingLevel mbx:hedged } ;
INSERT DATA { mylab:claim-01 mbx:hedgingLevel mbx:proposed }
