# Breaks one constraint: mbx:contextCites takes publications typed mbx:Publication.
# expect: mbxsh:Claim-contextCites mbx:contextCites violation
INSERT DATA { mylab:claim-02 mbx:contextCites <https://doi.org/10.1000/untyped> }
