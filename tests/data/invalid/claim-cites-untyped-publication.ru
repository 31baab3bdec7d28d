# Breaks one constraint: mbx:cites takes publications typed mbx:Publication.
# expect: mbxsh:Claim-cites mbx:cites violation
INSERT DATA { mylab:claim-02 mbx:cites <https://doi.org/10.1000/untyped> }
