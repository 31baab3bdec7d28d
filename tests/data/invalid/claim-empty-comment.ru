# Breaks one constraint: a claim's curator note is not empty.
# expect: mbxsh:Claim-comment rdfs:comment violation
INSERT DATA { mylab:claim-01 rdfs:comment "" }
