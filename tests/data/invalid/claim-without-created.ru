# Breaks one constraint: an MBX claim says when it was encoded.
# expect: mbxsh:CuratedClaim-created dcterms:created violation
DELETE DATA { mylab:claim-01 dcterms:created "2025-06-01"^^xsd:date }
