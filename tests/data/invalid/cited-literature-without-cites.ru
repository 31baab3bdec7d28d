# Breaks one constraint: a claim resting on cited literature cites it.
# expect: mbxsh:CitedLiteratureCitesShape - violation
DELETE DATA { mylab:claim-02 mbx:cites <https://doi.org/10.1038/s41419-022-05378-4> }
