# Breaks one constraint: a claim has one label.
# expect: mbxsh:Claim-label rdfs:label warning
INSERT DATA { mylab:claim-01 rdfs:label "a second label" }
