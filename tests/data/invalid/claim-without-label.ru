# Breaks one constraint: an MBX claim has its generated label.
# expect: mbxsh:CuratedClaim-label rdfs:label violation
DELETE WHERE { mylab:claim-01 rdfs:label ?label }
