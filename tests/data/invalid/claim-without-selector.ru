# Breaks one constraint: an MBX claim says where its quote sits.
# expect: mbxsh:CuratedClaim-quoteSelector mbx:quoteSelector violation
DELETE DATA { mylab:claim-01 mbx:quoteSelector mylab:claim-01-selector }
